/**
 * Which bridge socket holds which printer right now. A printer is online while a socket holds it;
 * when a bridge reconnects, the new socket takes its printers over from the old one.
 */
import { type Ack, type JobControl, type QuoteEstimate, QuoteEstimateSchema, type QuoteRequest } from "@peerfab/protocol";
import type { BridgeLink } from "../services/bridge-link.ts";
import type { BridgeSocket } from "./types.ts";

const CONTROL_TIMEOUT_MS = 10_000;
/** Slicing a model for a quote takes a while on a small computer. */
const QUOTE_TIMEOUT_MS = 180_000;

export class BridgeConnections implements BridgeLink {
  private readonly holders = new Map<string, BridgeSocket>();

  attach(socket: BridgeSocket, printerIds: Iterable<string>): void {
    for (const id of printerIds) this.holders.set(id, socket);
  }

  /** Releases the socket's printers; returns the ones that are now offline. */
  detach(socket: BridgeSocket): string[] {
    const released: string[] = [];
    for (const [id, holder] of this.holders) {
      if (holder === socket) {
        this.holders.delete(id);
        released.push(id);
      }
    }
    return released;
  }

  socketFor(printerId: string): BridgeSocket | undefined {
    return this.holders.get(printerId);
  }

  isOnline(printerId: string): boolean {
    return this.holders.has(printerId);
  }

  async control(control: JobControl): Promise<Ack> {
    const socket = this.holders.get(control.printerId);
    if (!socket) return { ok: false, error: "printer-offline", detail: "the printer's bridge is not connected" };
    try {
      return await socket.timeout(CONTROL_TIMEOUT_MS).emitWithAck("job:control", control);
    } catch {
      return { ok: false, error: "bridge-timeout", detail: "the printer's bridge did not answer within 10 s" };
    }
  }

  async requestQuote(request: QuoteRequest): Promise<Ack<QuoteEstimate>> {
    const socket = this.holders.get(request.printerId);
    if (!socket) return { ok: false, error: "printer-offline", detail: "the printer's bridge is not connected" };
    try {
      const ack = await socket.timeout(QUOTE_TIMEOUT_MS).emitWithAck("job:quote-request", request);
      if (!ack.ok) return ack;
      const estimate = QuoteEstimateSchema.safeParse(ack);
      return estimate.success ? { ok: true, ...estimate.data } : { ok: false, error: "invalid-estimate", detail: "the bridge's estimate has no print time or filament" };
    } catch {
      return { ok: false, error: "bridge-timeout", detail: "the printer's bridge did not quote within 3 minutes" };
    }
  }
}
