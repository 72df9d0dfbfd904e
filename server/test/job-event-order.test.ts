/**
 * A bridge that reconnects sends its pending job events back to back, without waiting for each
 * ack (printer-bridge/src/hub/hub-link.ts `flushEvents`). The hub must apply a job's events in the
 * order they arrived, each seeing the state the previous one left: otherwise `paused` and
 * `resumed` race, the later one is refused, the bridge drops it, and the job is stuck. A real hub
 * and a real socket.io client acting as the bridge.
 */
import type { DesignCreated, Job, JobEvent } from "@peerfab/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBridge } from "./fake-bridge.ts";
import { getJson, postJson, printFixture, startTestHub, stlFixture, type TestHub, until, upload } from "./helpers.ts";

describe("job events sent back to back", () => {
  let hub: TestHub;
  let bridge: FakeBridge;
  let printerId: string;
  let designId: string;

  beforeAll(async () => {
    hub = await startTestHub();
    const uploaded = await upload(hub, {
      file: { bytes: await stlFixture("cube-binary.stl"), name: "cube.stl" },
      gcode: { bytes: await printFixture("cube-10mm.gcode"), name: "cube.gcode" },
      fields: { title: "Cube" },
    });
    expect(uploaded.status).toBe(201);
    designId = ((await uploaded.json()) as DesignCreated).id;
    bridge = new FakeBridge(hub.url, hub.bridgeToken, "event-order-bridge");
    await bridge.connected();
    const hello = await bridge.hello();
    if (!hello.ok) throw new Error(`hello refused: ${hello.detail}`);
    printerId = hello.printers[0]?.printerId ?? "";
  });

  afterAll(async () => {
    bridge?.close();
    await hub?.dispose();
  });

  it("applies them in the order sent, each once, and ignores the same events sent again", async () => {
    const created = await postJson(hub, "/api/jobs", { designId, printerId });
    expect(created.status).toBe(201);
    const job = (await created.json()) as Job;
    await until("the job to be dispatched", () => bridge.dispatches.find((d) => d.jobId === job.id));

    const sequence: [JobEvent["type"], number][] = [
      ["started", 0],
      ["paused", 40],
      ["resumed", 40],
      ["completed", job.linesTotal],
    ];
    const send = () => Promise.all(sequence.map(([type, lines]) => bridge.event(job.id, printerId, type, lines, `evt-order-${type}-${job.id}`)));
    expect(await send()).toEqual(sequence.map(() => ({ ok: true })));

    const finished = await getJson<Job>(hub, `/api/jobs/${job.id}`);
    expect(finished).toMatchObject({ state: "completed", linesDone: job.linesTotal });
    expect(finished.history.map((t) => [t.from, t.to, t.actor])).toEqual([
      [null, "accepted", "maker"],
      ["accepted", "printing", "bridge"],
      ["printing", "paused", "bridge"],
      ["paused", "printing", "bridge"],
      ["printing", "completed", "bridge"],
    ]);

    // Sent again with the same ids (the hub applied them but its acks were lost): acknowledged, nothing changes.
    expect(await send()).toEqual(sequence.map(() => ({ ok: true })));
    expect(await getJson<Job>(hub, `/api/jobs/${job.id}`)).toEqual(finished);
  });
});
