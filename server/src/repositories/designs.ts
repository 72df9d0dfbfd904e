/**
 * Designs in the database: a design with its tags, remix links and files (newest version of each
 * name), their thumbnails; writes keep the search index in the same transaction.
 */
import type { BoundingBox, Design, DesignFile, DesignPatch, FileKind, License, ThumbnailSet } from "@peerfab/protocol";
import type { Db } from "../db/database.ts";
import { ANALYSIS_VERSION, type DesignFileRow, type DesignRow, type FileThumbnailRow, type NewDesignFile } from "../db/schema.ts";
import { designDownloads, designThumbnailSet, fileThumbnailSet, primaryMesh } from "../designs/design-links.ts";
import { type FileBlobs, fileBlobs, gcodeView, previewView } from "../designs/file-views.ts";
import type { MeshAnalysis } from "../mesh/analysis.ts";
import type { DesignSearch } from "../search/design-search.ts";
import { refreshDesignSize } from "./design-size.ts";
import { directRemixes, remixChains, replaceTags, tagsOf } from "./design-relations.ts";
import { currentVersions } from "./design-versions.ts";

export interface NewDesign {
  id: string;
  title: string;
  description: string;
  license: License;
  authorId: string;
  createdAt: string;
  tags?: readonly string[];
  /** The design this one remixes (it must exist). */
  remixOf?: string | null;
}

/** A design with its files and their thumbnails, written together. */
export interface NewDesignRecord {
  design: NewDesign;
  files: NewDesignFile[];
  thumbnails?: FileThumbnailRow[];
}

/** A stored file with what the hub keeps beside the protocol view. */
export interface StoredDesignFile extends DesignFile, FileBlobs {
  gcodeCommands: number | null;
}

export class DesignRepository {
  constructor(
    private readonly db: Db,
    private readonly search: DesignSearch,
  ) {}

  /** Stores a design, its files and their thumbnails in one transaction. */
  async insert(design: NewDesign, files: NewDesignFile[], thumbnails: FileThumbnailRow[] = []): Promise<void> {
    await this.insertAll([{ design, files, thumbnails }]);
  }

  /** Stores many designs in one transaction (imports, benchmarks). */
  async insertAll(records: readonly NewDesignRecord[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const { design, files, thumbnails = [] } of records) {
        await trx
          .insertInto("designs")
          .values({
            id: design.id,
            title: design.title,
            description: design.description,
            license: design.license,
            author_id: design.authorId,
            created_at: design.createdAt,
            remix_of: design.remixOf ?? null,
            updated_at: design.createdAt,
          })
          .execute();
        const tags = design.tags ?? [];
        await replaceTags(trx, design.id, tags);
        await this.search.index(trx, { designId: design.id, title: design.title, description: design.description, tags });
        if (files.length > 0) await trx.insertInto("design_files").values(files).execute();
        if (thumbnails.length > 0) await trx.insertInto("file_thumbnails").values(thumbnails).execute();
        await refreshDesignSize(trx, design.id);
      }
    });
  }

  /** Changes a design's text, tags or license; the remix link is not among what can change. */
  async update(id: string, patch: DesignPatch, updatedAt: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { tags, ...columns } = patch;
      await trx
        .updateTable("designs")
        .set({ ...columns, updated_at: updatedAt })
        .where("id", "=", id)
        .execute();
      if (tags !== undefined) await replaceTags(trx, id, tags);
      const row = await trx.selectFrom("designs").select(["title", "description"]).where("id", "=", id).executeTakeFirstOrThrow();
      const current = (await tagsOf(trx, [id])).get(id) ?? [];
      await this.search.index(trx, { designId: id, title: row.title, description: row.description, tags: current });
    });
  }

  /**
   * Adds a file to a design: version n+1 of the file with the same name, or version 1 of a new
   * name. Returns the version it got.
   */
  async addFile(file: Omit<NewDesignFile, "version">, thumbnails: FileThumbnailRow[] = []): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { newest } = await trx
        .selectFrom("design_files")
        .select((eb) => eb.fn.max<number | null>("version").as("newest"))
        .where("design_id", "=", file.design_id)
        .where("name", "=", file.name)
        .executeTakeFirstOrThrow();
      const version = Number(newest ?? 0) + 1;
      await trx.insertInto("design_files").values({ ...file, version }).execute();
      if (thumbnails.length > 0) await trx.insertInto("file_thumbnails").values(thumbnails).execute();
      await trx.updateTable("designs").set({ updated_at: file.created_at }).where("id", "=", file.design_id).execute();
      await refreshDesignSize(trx, file.design_id);
      return version;
    });
  }

  /** Every version of the file called `name` in a design, newest first. */
  async fileVersions(designId: string, name: string): Promise<StoredDesignFile[]> {
    const rows = await this.db
      .selectFrom("design_files")
      .selectAll()
      .where("design_id", "=", designId)
      .where("name", "=", name)
      .orderBy("version", "desc")
      .execute();
    return rows.map((row) => toStoredFile(row));
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

  /** The designs with these ids, in the order given (ids of missing designs are skipped). */
  async getMany(ids: readonly string[]): Promise<Design[]> {
    if (ids.length === 0) return [];
    const rows = await this.designQuery().where("designs.id", "in", ids).execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return this.withFiles(ids.flatMap((id) => byId.get(id) ?? []));
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

  private async withFiles(rows: (DesignRow & { author_name: string })[]): Promise<Design[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [tags, chains, remixes] = [await tagsOf(this.db, ids), await remixChains(this.db, ids), await directRemixes(this.db, ids)];
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
      const designFiles = currentVersions(
        files.filter((f) => f.design_id === row.id).map((f) => ({ ...toDesignFile(f), version: f.version, thumbnail: thumbnails.get(f.id) ?? null })),
      );
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
        tags: tags.get(row.id) ?? [],
        remixOf: chains.get(row.id) ?? [],
        remixes: remixes.get(row.id) ?? [],
        updatedAt: row.updated_at,
      };
    });
  }

  /** Thumbnail URLs of the files that have all four images (small and large, PNG and WebP); G-code variants have their embedded picture. */
  private async thumbnailSets(files: readonly DesignFileRow[]): Promise<Map<string, ThumbnailSet>> {
    const sets = new Map<string, ThumbnailSet>();
    const meshIds = files.map((f) => f.id);
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
    version: row.version,
    preview: previewView(row),
    gcode: gcodeView(row),
  };
}

function toStoredFile(row: DesignFileRow): StoredDesignFile {
  return { ...toDesignFile(row), gcodeCommands: row.gcode_commands, ...fileBlobs(row) };
}
