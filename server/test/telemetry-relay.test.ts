/**
 * Telemetry relay (realtime/browser-namespace.ts): a printer's status reports are kept while
 * nobody watches (the relay then skips socket.io altogether), reach the owner's browser that
 * opens later and each browser the owner has open, and never another user's browser.
 */
import type { BrowserToHubEvents, HubToBrowserEvents, Printer, PrinterStatus } from "@peerfab/protocol";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, registerUser } from "./account-helpers.ts";
import { FakeBridge } from "./fake-bridge.ts";
import { getJson, startTestHub, type TestHub, until } from "./helpers.ts";

type Browser = Socket<HubToBrowserEvents, BrowserToHubEvents>;

describe("printer telemetry relay", () => {
  let hub: TestHub;
  let bridge: FakeBridge;
  let printerId: string;
  let otherToken: string;
  const browsers: Browser[] = [];

  /** A browser watching as the holder of `token`, recording the status messages it is sent. */
  async function openBrowser(token: string): Promise<{ socket: Browser; messages: (string | null)[] }> {
    const socket: Browser = io(hub.url, { auth: { token }, transports: ["websocket"], forceNew: true });
    const messages: (string | null)[] = [];
    socket.on("printer:status", (status: PrinterStatus) => messages.push(status.message));
    await new Promise<void>((resolve, reject) => socket.once("connect", () => resolve()).once("connect_error", reject));
    browsers.push(socket);
    return { socket, messages };
  }

  beforeAll(async () => {
    hub = await startTestHub();
    const other = await registerUser(hub, "other@example.org", "Other");
    otherToken = (await createToken(hub, other, "other browser")).token;
    bridge = new FakeBridge(hub.url, hub.bridgeToken);
    await bridge.connected();
    const ack = await bridge.hello();
    if (!ack.ok) throw new Error(ack.detail);
    printerId = ack.printers[0]?.printerId ?? "";
  });

  afterAll(async () => {
    for (const socket of browsers) socket.close();
    bridge?.close();
    await hub?.dispose();
  });

  it("keeps the latest status while no browser is open", async () => {
    bridge.status(printerId, "idle", "nobody watching");
    const printer = await until("the status to be recorded", async () => {
      const found = await getJson<Printer>(hub, `/api/printers/${printerId}`);
      return found.status.message === "nobody watching" ? found : undefined;
    });
    expect(printer.status.state).toBe("idle");
  });

  it("relays to the owner's browsers opened later, and to no one else", async () => {
    const stranger = await openBrowser(otherToken);
    const first = await openBrowser(hub.bridgeToken);
    bridge.status(printerId, "idle", "first browser open");
    await until("the owner's browser to see the status", () => first.messages.includes("first browser open") || undefined);

    const second = await openBrowser(hub.bridgeToken);
    first.socket.close();
    bridge.status(printerId, "printing", "second browser open");
    await until("the owner's second browser to see the status", () => second.messages.includes("second browser open") || undefined);

    expect(first.messages).toEqual(["first browser open"]);
    expect(second.messages).toEqual(["second browser open"]);
    // The owner's reports reached the owner's browsers; a round trip later, the stranger has none.
    await stranger.socket.emitWithAck("dashboard:sync");
    expect(stranger.messages).toEqual([]);
  });
});
