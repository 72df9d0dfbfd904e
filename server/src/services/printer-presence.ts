/**
 * The printers registry with live presence: who is registered (persisted) and what each printer is
 * doing right now (in memory: the latest status its bridge reported, `offline` when no bridge
 * holds it). The bridge is the source of truth for the latter, so it is not persisted.
 */
import type { BridgePrinter, Printer, PrinterStatus } from "@peerfab/protocol";
import type { HubEvents } from "../hub-events.ts";
import { nowIso } from "../ids.ts";
import type { PrinterRecord, PrinterRepository } from "../repositories/printers.ts";

export class PrinterPresence {
  private readonly statuses = new Map<string, PrinterStatus>();
  /** printer id → owner id, for every printer registered or read since the hub started. */
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly printers: PrinterRepository,
    private readonly events: HubEvents,
  ) {}

  /** Registers a bridge's printers (stable ids per bridge and local id) as connecting. */
  async register(ownerId: string, bridgeId: string, announced: BridgePrinter[]): Promise<PrinterRecord[]> {
    const records: PrinterRecord[] = [];
    for (const printer of announced) records.push(await this.printers.upsert(ownerId, bridgeId, printer));
    for (const record of records) this.owners.set(record.id, record.ownerId);
    for (const record of records) {
      this.setStatus(placeholderStatus(record.id, "connecting", "bridge connected; waiting for the printer's first report"));
      this.events.emit("printer:updated", this.toPrinter(record));
    }
    return records;
  }

  report(status: PrinterStatus): void {
    this.setStatus(status);
  }

  async markOffline(printerIds: string[]): Promise<void> {
    for (const id of printerIds) {
      const record = await this.printers.get(id);
      if (!record) continue;
      this.setStatus(placeholderStatus(id, "offline", "the printer's bridge is not connected"));
      this.events.emit("printer:updated", this.toPrinter(record));
    }
  }

  async list(): Promise<Printer[]> {
    return (await this.printers.list()).map((record) => this.toPrinter(record));
  }

  /** The printers `ownerId` owns (`GET /api/printers`). */
  async listOwnedBy(ownerId: string): Promise<Printer[]> {
    return (await this.printers.listByOwner(ownerId)).map((record) => this.toPrinter(record));
  }

  /** The printers any of `ownerIds` own, with live status (the shop list shows their public part). */
  async listOwnedByAny(ownerIds: readonly string[]): Promise<Printer[]> {
    return (await this.printers.listByOwners(ownerIds)).map((record) => this.toPrinter(record));
  }

  /**
   * Who owns a printer that has a live status: known for every printer a bridge registered since
   * the hub started (no status is reported before that), so relaying telemetry needs no query.
   */
  ownerOf(printerId: string): string | undefined {
    return this.owners.get(printerId);
  }

  async get(id: string): Promise<Printer | undefined> {
    const record = await this.printers.get(id);
    return record ? this.toPrinter(record) : undefined;
  }

  record(id: string): Promise<PrinterRecord | undefined> {
    return this.printers.get(id);
  }

  private setStatus(status: PrinterStatus): void {
    this.statuses.set(status.printerId, status);
    this.events.emit("printer:status", status);
  }

  private toPrinter(record: PrinterRecord): Printer {
    this.owners.set(record.id, record.ownerId);
    return {
      id: record.id,
      name: record.name,
      ownerId: record.ownerId,
      capabilities: record.capabilities,
      needsBedClear: record.needsBedClear,
      status: this.statuses.get(record.id) ?? placeholderStatus(record.id, "offline", "the printer's bridge has not connected since the hub started"),
    };
  }
}

function placeholderStatus(printerId: string, state: "offline" | "connecting", message: string): PrinterStatus {
  return { printerId, state, temperatures: null, progress: null, message, at: nowIso() };
}
