import type { BridgePrinter, PrinterCapabilities } from "@peerfab/protocol";
import type { Db } from "../db/database.ts";
import type { PrinterRow } from "../db/schema.ts";
import { newId, nowIso } from "../ids.ts";

/** A registered printer without its live status (that lives in memory, see PrinterPresence). */
export interface PrinterRecord {
  id: string;
  name: string;
  ownerId: string;
  bridgeId: string;
  localId: string;
  capabilities: PrinterCapabilities;
  /** A job ended on it and its operator has not confirmed the bed is clear (issue #5). */
  needsBedClear: boolean;
}

export class PrinterOwnershipError extends Error {}

export class PrinterRepository {
  constructor(private readonly db: Db) {}

  /** Registers or updates a bridge's printer; the hub id stays the same for (bridgeId, localId). */
  async upsert(ownerId: string, bridgeId: string, printer: BridgePrinter): Promise<PrinterRecord> {
    const now = nowIso();
    const existing = await this.db
      .selectFrom("printers")
      .selectAll()
      .where("bridge_id", "=", bridgeId)
      .where("local_id", "=", printer.localId)
      .executeTakeFirst();
    if (existing && existing.owner_id !== ownerId) {
      throw new PrinterOwnershipError(
        `printer '${printer.localId}' of bridge '${bridgeId}' belongs to another account; give this bridge a new identity (delete its state directory) or use the owner's token`,
      );
    }
    if (existing) {
      await this.db
        .updateTable("printers")
        .set({ name: printer.name, capabilities_json: JSON.stringify(printer.capabilities), updated_at: now })
        .where("id", "=", existing.id)
        .execute();
      return { ...toRecord(existing), name: printer.name, capabilities: printer.capabilities };
    }
    const row: PrinterRow = {
      id: newId("prn"),
      owner_id: ownerId,
      bridge_id: bridgeId,
      local_id: printer.localId,
      name: printer.name,
      capabilities_json: JSON.stringify(printer.capabilities),
      created_at: now,
      updated_at: now,
      needs_bed_clear: 0,
    };
    await this.db.insertInto("printers").values(row).execute();
    return toRecord(row);
  }

  async list(): Promise<PrinterRecord[]> {
    const rows = await this.db.selectFrom("printers").selectAll().orderBy("id").execute();
    return rows.map(toRecord);
  }

  async listByOwner(ownerId: string): Promise<PrinterRecord[]> {
    const rows = await this.db.selectFrom("printers").selectAll().where("owner_id", "=", ownerId).orderBy("id").execute();
    return rows.map(toRecord);
  }

  /** The printers of any of `ownerIds` (the shops of one listing) in one query per 500 owners, by id. */
  async listByOwners(ownerIds: readonly string[]): Promise<PrinterRecord[]> {
    const records: PrinterRecord[] = [];
    for (let i = 0; i < ownerIds.length; i += 500) {
      const rows = await this.db.selectFrom("printers").selectAll().where("owner_id", "in", ownerIds.slice(i, i + 500)).orderBy("id").execute();
      records.push(...rows.map(toRecord));
    }
    return records;
  }

  /** The operator confirmed the bed is clear (or a job left a part on it: `true`). */
  async setNeedsBedClear(id: string, needs: boolean): Promise<void> {
    await this.db.updateTable("printers").set({ needs_bed_clear: needs ? 1 : 0 }).where("id", "=", id).execute();
  }

  async get(id: string): Promise<PrinterRecord | undefined> {
    const row = await this.db.selectFrom("printers").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }
}

function toRecord(row: PrinterRow): PrinterRecord {
  return {
    id: row.id,
    name: row.name,
    ownerId: row.owner_id,
    bridgeId: row.bridge_id,
    localId: row.local_id,
    capabilities: JSON.parse(row.capabilities_json) as PrinterCapabilities,
    needsBedClear: row.needs_bed_clear === 1,
  };
}
