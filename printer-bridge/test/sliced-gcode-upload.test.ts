/**
 * Sending sliced G-code to the hub (sliced-gcode-upload.ts) against a tiny real HTTP server that
 * answers as told: the hub receives exactly the bytes (also of a G-code spooled in several chunks)
 * with their sha256 in `Content-Digest`;
 * an unreachable or failing hub is tried again, a refusal is not, and after the last retry the
 * upload is given up; stopping the bridge ends waiting uploads; the spooled copy never stays.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256FromContentDigest } from "@peerfab/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SlicedGcodeUploads, SPOOL_CHUNK } from "../src/hub/sliced-gcode-upload.ts";

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/** An HTTP server answering the n-th request with `statuses[n]` (the last one after that). */
async function startHubStub(statuses: number[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      const status = statuses[received.length - 1] ?? statuses.at(-1) ?? 500;
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(status < 400 ? {} : { error: "stub", detail: `answered ${status}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

const GCODE = ["; sliced for a test", "G28", "G1 Z0.2 F600", "G1 X10 Y10 E1.5 ; first line", "M104 S0 ; näher am Ende", ""].join("\n");

describe("sending sliced G-code to the hub", () => {
  let workDir: string;
  let servers: Server[] = [];
  let uploads: SlicedGcodeUploads | null = null;

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), "peerfab-upload-test-"));
  });

  afterEach(async () => {
    await uploads?.close();
    uploads = null;
    for (const server of servers) server.close();
    servers = [];
    await rm(workDir, { recursive: true, force: true });
  });

  const start = async (statuses: number[], retryDelaysMs = [20, 20]) => {
    const stub = await startHubStub(statuses);
    servers.push(stub.server);
    uploads = new SlicedGcodeUploads({ hubUrl: stub.url, token: "pf_test", workDir, retryDelaysMs });
    return stub;
  };
  const spooled = async () => (await readdir(workDir, { recursive: true })).filter((f) => f.endsWith(".gcode"));

  it("PUTs the exact bytes with their sha256 and the bearer token, trying again while the hub fails", async () => {
    const stub = await start([503, 500, 201], [20, 20, 20]);
    uploads?.send("job 1", GCODE);
    expect(await uploads?.outcome("job 1")).toBe("uploaded");
    expect(stub.received).toHaveLength(3);
    const bytes = Buffer.from(GCODE, "utf8");
    for (const request of stub.received) {
      expect(request).toMatchObject({ method: "PUT", path: "/api/jobs/job%201/sliced-gcode" });
      expect(request.headers).toMatchObject({ authorization: "Bearer pf_test", "content-type": "text/x.gcode", "content-length": String(bytes.length) });
      expect(request.body.equals(bytes)).toBe(true);
      expect(sha256FromContentDigest(request.headers["content-digest"] as string)).toBe(createHash("sha256").update(bytes).digest("hex"));
    }
    expect(await spooled()).toEqual([]);
  });

  it("spools a G-code bigger than one chunk byte for byte, characters whole across chunks", async () => {
    const stub = await start([201]);
    // A character outside the BMP (two UTF-16 code units) straddles the first chunk's end.
    const big = `; ${"x".repeat(SPOOL_CHUNK - 3)}😀 comment\nG1 X1 ; ünïcode\n${"G1 X2 Y3 E0.1\n".repeat(50_000)}`;
    expect(big.charCodeAt(SPOOL_CHUNK - 1)).toBeGreaterThanOrEqual(0xd800);
    uploads?.send("job-big", big);
    expect(await uploads?.outcome("job-big")).toBe("uploaded");
    expect(stub.received[0]?.body.equals(Buffer.from(big, "utf8"))).toBe(true);
  });

  it("tries again when the hub cannot be reached at all", async () => {
    // A port nothing listens on: the first server is closed before the upload starts.
    const gone = await startHubStub([201]);
    await new Promise((resolve) => gone.server.close(resolve));
    const logged: { level: string; message: string }[] = [];
    const record = (level: string) => (_fields: object, message?: string) => logged.push({ level, message: message ?? "" });
    const logger = { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") };
    uploads = new SlicedGcodeUploads({ hubUrl: gone.url, token: "pf_test", workDir, retryDelaysMs: [20, 20], logger });
    uploads.send("job-2", GCODE);
    expect(await uploads.outcome("job-2")).toBe("gave-up");
    expect(logged.map((l) => l.level)).toEqual(["warn", "warn", "error"]);
    expect(logged.at(-1)?.message).toMatch(/^gave up sending the sliced G-code to the hub; the print goes on/);
    expect(await spooled()).toEqual([]);
  });

  it("does not try again when the hub refuses the G-code", async () => {
    const stub = await start([409]);
    uploads?.send("job-3", GCODE);
    expect(await uploads?.outcome("job-3")).toBe("refused");
    expect(stub.received).toHaveLength(1);
  });

  it("gives up after the last retry", async () => {
    const stub = await start([500], [10, 10, 10]);
    uploads?.send("job-4", GCODE);
    expect(await uploads?.outcome("job-4")).toBe("gave-up");
    expect(stub.received).toHaveLength(4);
    expect(await spooled()).toEqual([]);
  });

  it("sends a job once while its upload runs, and stops waiting uploads when the bridge stops", async () => {
    const stub = await start([503], [60_000]);
    uploads?.send("job-5", GCODE);
    uploads?.send("job-5", GCODE);
    const outcome = uploads?.outcome("job-5");
    // The first attempt failed and the upload waits a minute before the next one.
    for (let i = 0; i < 200 && stub.received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(stub.received).toHaveLength(1);
    await uploads?.close();
    expect(await outcome).toBe("gave-up");
    expect(stub.received).toHaveLength(1);
    expect(await readdir(workDir)).toEqual([]);
  });
});
