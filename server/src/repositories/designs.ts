import type { BoundingBox, Design, DesignFile, FileKind, License } from "@peerfab/protocol";
import type { Db } from "../db/database.ts";
import { ANALYSIS_VERSION, type DesignFileRow, type NewDesignFile } from "../db/schema.ts";
import type { MeshAnalysis } from "../mesh/analysis.ts";

export interface NewDesign {
  id: string;
  title: string;
  description: string;
  license: License;
  authorId: string;
  createdAt: string;
}

/** A stored file with what the hub keeps beside the protocol view. */
export interface StoredDesignFile extends DesignFile {
  gcodeCommands: number | null;
}

export class DesignRepository {
  constructor(private readonly db: Db) {}

  async insert(design: NewDesign, files: NewDesignFile[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("designs")
        .values({
          id: design.id,
          title: design.title,
          description: design.description,
          license: design.license,
          author_id: design.authorId,
          created_at: design.createdAt,
        })
        .execute();
      if (files.length > 0) await trx.insertInto("design_files").values(files).execute();
    });
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom("designs").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Newest first. */
  async list(offset: number, limit: number): Promise<Design[]> {
    const rows = await this.designQuery().orderBy("designs.created_at", "desc").orderBy("designs.id", "desc").offset(offset).limit(limit).execute();
    return this.withFiles(rows);
  }

  async get(id: string): Promise<Design | undefined> {
    const rows = await this.designQuery().where("designs.id", "=", id).execute();
    return (await this.withFiles(rows))[0];
  }

  /** A file of a design by its id or its name (newest first when several share a name). */
  async findFile(designId: string, idOrName: string): Promise<StoredDesignFile | undefined> {
    const row = await this.db
      .selectFrom("design_files")
      .selectAll()
      .where("design_id", "=", designId)
      .where((eb) => eb.or([eb("id", "=", idOrName), eb("name", "=", idOrName)]))
      .orderBy("id", "desc")
      .executeTakeFirst();
    return row ? toStoredFile(row) : undefined;
  }

  async newestGcode(designId: string): Promise<StoredDesignFile | undefined> {
    const row = await this.db
      .selectFrom("design_files")
      .selectAll()
      .where("design_id", "=", designId)
      .where("kind", "=", "gcode")
      .orderBy("id", "desc")
      .executeTakeFirst();
    return row ? toStoredFile(row) : undefined;
  }

  private designQuery() {
    return this.db
      .selectFrom("designs")
      .innerJoin("users", "users.id", "designs.author_id")
      .selectAll("designs")
      .select("users.display_name as author_name");
  }

  private async withFiles(
    rows: { id: string; title: string; description: string; license: string; author_id: string; author_name: string; created_at: string }[],
  ): Promise<Design[]> {
    if (rows.length === 0) return [];
    const files = await this.db
      .selectFrom("design_files")
      .selectAll()
      .where(
        "design_id",
        "in",
        rows.map((r) => r.id),
      )
      .orderBy("id")
      .execute();
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      description: row.description,
      license: row.license as License,
      authorId: row.author_id,
      authorName: row.author_name,
      createdAt: row.created_at,
      files: files.filter((f) => f.design_id === row.id).map((f) => toDesignFile(f)),
    }));
  }
}

function toDesignFile(row: DesignFileRow): DesignFile {
  const stored = row.analysis_json ? (JSON.parse(row.analysis_json) as Pick<MeshAnalysis, "bbox">) : null;
  const bbox: BoundingBox | null = stored?.bbox ?? null;
  const analysis = stored && row.analysis_version === ANALYSIS_VERSION ? (stored as MeshAnalysis) : null;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as FileKind,
    sha256: row.sha256,
    size: row.size,
    triangles: row.triangles,
    bbox,
    analysis,
    createdAt: row.created_at,
  };
}

function toStoredFile(row: DesignFileRow): StoredDesignFile {
  return { ...toDesignFile(row), gcodeCommands: row.gcode_commands };
}
