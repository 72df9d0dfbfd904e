import type { BoundingBox, Design, DesignFile, FileKind, License, ThumbnailSet } from "@peerfab/protocol";
import type { Db } from "../db/database.ts";
import { ANALYSIS_VERSION, type DesignFileRow, type FileThumbnailRow, type NewDesignFile } from "../db/schema.ts";
import { designDownloads, designThumbnailSet, fileThumbnailSet, primaryMesh } from "../designs/design-links.ts";
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

  /** Stores a design, its files and their thumbnails in one transaction. */
  async insert(design: NewDesign, files: NewDesignFile[], thumbnails: FileThumbnailRow[] = []): Promise<void> {
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
      if (thumbnails.length > 0) await trx.insertInto("file_thumbnails").values(thumbnails).execute();
    });
  }

  async findThumbnail(fileId: string, size: string, format: string): Promise<FileThumbnailRow | undefined> {
    return this.db
      .selectFrom("file_thumbnails")
      .selectAll()
      .where("file_id", "=", fileId)
      .where("size", "=", size)
      .where("format", "=", format)
      .executeTakeFirst();
  }

  async addThumbnails(thumbnails: FileThumbnailRow[]): Promise<void> {
    if (thumbnails.length > 0) await this.db.insertInto("file_thumbnails").values(thumbnails).onConflict((oc) => oc.doNothing()).execute();
  }

  /** Mesh files with no thumbnail yet (stored before thumbnails existed), oldest first. */
  async meshFilesWithoutThumbnails(limit: number): Promise<{ id: string; name: string; sha256: string }[]> {
    return this.db
      .selectFrom("design_files")
      .select(["id", "name", "sha256"])
      .where("kind", "in", ["stl", "3mf"])
      .where((eb) => eb.not(eb.exists(eb.selectFrom("file_thumbnails").select("file_id").whereRef("file_thumbnails.file_id", "=", "design_files.id"))))
      .orderBy("id")
      .limit(limit)
      .execute();
  }

  /** Every file of a design, oldest first. */
  async files(designId: string): Promise<StoredDesignFile[]> {
    const rows = await this.db.selectFrom("design_files").selectAll().where("design_id", "=", designId).orderBy("id").execute();
    return rows.map((row) => toStoredFile(row));
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
    const thumbnails = await this.thumbnailSets(files);
    return rows.map((row) => {
      const designFiles = files.filter((f) => f.design_id === row.id).map((f) => ({ ...toDesignFile(f), thumbnail: thumbnails.get(f.id) ?? null }));
      const primary = primaryMesh(designFiles);
      const primarySet = primary ? thumbnails.get(primary.id) : undefined;
      return {
        id: row.id,
        title: row.title,
        description: row.description,
        license: row.license as License,
        authorId: row.author_id,
        authorName: row.author_name,
        createdAt: row.created_at,
        files: designFiles,
        thumbnail: primary && primarySet ? designThumbnailSet(row.id, primary.id, { small: primarySet.small.edge, large: primarySet.large.edge }) : null,
        downloads: designDownloads(row.id, primary !== undefined),
      };
    });
  }

  /** Thumbnail URLs of the files that have all four images (small and large, PNG and WebP). */
  private async thumbnailSets(files: readonly DesignFileRow[]): Promise<Map<string, ThumbnailSet>> {
    const sets = new Map<string, ThumbnailSet>();
    const meshIds = files.filter((f) => f.kind !== "gcode").map((f) => f.id);
    if (meshIds.length === 0) return sets;
    const rows = await this.db.selectFrom("file_thumbnails").select(["file_id", "size", "format", "edge"]).where("file_id", "in", meshIds).execute();
    for (const file of files) {
      const mine = rows.filter((r) => r.file_id === file.id);
      const small = mine.find((r) => r.size === "small");
      const large = mine.find((r) => r.size === "large");
      if (mine.length < 4 || !small || !large) continue;
      sets.set(file.id, fileThumbnailSet(file.design_id, file.id, { small: small.edge, large: large.edge }));
    }
    return sets;
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
