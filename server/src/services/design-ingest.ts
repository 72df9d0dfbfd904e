/**
 * Turning staged files into a design: read each mesh once in the worker pool for its analysis,
 * thumbnails and (big meshes) compact preview; analyse every G-code variant (summary, embedded
 * thumbnail, a .gcode.3mf's G-code extracted); commit the blobs, record the design and its files,
 * announce it. Uploads, remixes, new file versions and seeding all come through here. A sliced
 * plate (.gcode.3mf) sent as a mesh is refused before it is analysed, naming the field it belongs
 * in. A rejected file leaves no blob, temp file or row behind.
 */
import type { Design, DesignCreated, DesignFile, License } from "@peerfab/protocol";
import { ANALYSIS_VERSION, type FileThumbnailRow, type NewDesignFile } from "../db/schema.ts";
import { HttpError } from "../errors.ts";
import type { HubEvents } from "../hub-events.ts";
import { newId, nowIso } from "../ids.ts";
import type { AnalysisPool } from "../mesh/analysis-pool.ts";
import type { AnalysisResults } from "../mesh/analysis-task.ts";
import { DEFAULT_PREVIEW_OPTIONS, type PreviewOptions } from "../mesh/preview/mesh-preview.ts";
import { NO_PREVIEW, type PreviewColumns, storePreview } from "../mesh/preview/stored-preview.ts";
import type { MeshLimits } from "@peerfab/protocol/formats/mesh";
import type { DesignRepository } from "../repositories/designs.ts";
import type { User } from "../repositories/users.ts";
import type { BlobStore, StagedBlob } from "../storage/blob-store.ts";
import { storeThumbnails } from "../thumbnails/stored-thumbnails.ts";
import { slicedPlateEntry } from "../gcode/sliced-plate.ts";
import { fileStartsWithZip } from "../mesh/mesh-file.ts";
import { runsExclusive } from "../mesh/exclusive-analysis.ts";

export interface IncomingFile {
  fileName: string;
  staged: StagedBlob;
}

export interface IncomingGcode extends IncomingFile {
  slicedFor?: string | null;
  material?: string | null;
}

export interface DesignSubmission {
  author: User;
  title: string;
  description: string;
  license: License;
  meshes: IncomingFile[];
  gcode: IncomingGcode[];
  tags?: readonly string[];
  /** The design this one remixes (checked by the caller: it exists and its license allows this one). */
  remixOf?: string | null;
}

/** One file added to an existing design: a mesh (field `file`) or a G-code variant. */
export type AddedFile = { kind: "mesh"; file: IncomingFile } | { kind: "gcode"; file: IncomingGcode };

/** Files analysed, committed to the blob store and turned into rows, not yet recorded. */
interface PreparedFiles {
  files: NewDesignFile[];
  thumbnails: FileThumbnailRow[];
  analyses: AnalysedMesh[];
}

export class DesignIngest {
  constructor(
    private readonly blobs: BlobStore,
    private readonly analysis: AnalysisPool,
    private readonly designs: DesignRepository,
    private readonly events: HubEvents,
    private readonly limits: MeshLimits,
    private readonly preview: PreviewOptions = DEFAULT_PREVIEW_OPTIONS,
  ) {}

  async ingest(submission: DesignSubmission): Promise<DesignCreated> {
    const designId = newId("dsn");
    const createdAt = nowIso();
    return this.store(designId, createdAt, submission.meshes, submission.gcode, async ({ files, thumbnails, analyses }) => {
      const first = analyses[0];
      if (!first) throw new HttpError(400, "missing-file", "A design needs a mesh: send the STL or 3MF file in the field 'file'.");
      await this.designs.insert(
        {
          id: designId,
          title: submission.title,
          description: submission.description,
          license: submission.license,
          authorId: submission.author.id,
          createdAt,
          tags: submission.tags ?? [],
          remixOf: submission.remixOf ?? null,
        },
        files,
        thumbnails,
      );
      const design = await this.stored(designId);
      this.events.emit("design:created", design);
      return { id: designId, triangles: first.analysis.triangles, bbox: first.analysis.bbox, design };
    });
  }

  /** Adds a file to a design: a new version when the design has a file of that name, else a new file. */
  async addFile(designId: string, added: AddedFile): Promise<{ design: Design; file: DesignFile }> {
    const meshes = added.kind === "mesh" ? [added.file] : [];
    const gcode = added.kind === "gcode" ? [added.file] : [];
    return this.store(designId, nowIso(), meshes, gcode, async ({ files, thumbnails }) => {
      const row = files[0];
      if (!row) throw new Error("addFile prepared no file");
      await this.designs.addFile(row, thumbnails);
      const design = await this.stored(designId);
      const file = design.files.find((f) => f.id === row.id);
      if (!file) throw new Error(`file ${row.id} is not the newest version of '${row.name}' right after it was stored`);
      return { design, file };
    });
  }

  /**
   * Analyses the staged files (meshes and their thumbnails in the worker pool, G-code commands
   * counted), commits them to the blob store and hands the rows to `record`. When anything fails,
   * the blobs committed here are removed; the staged temp files are always discarded.
   */
  private async store<T>(
    designId: string,
    createdAt: string,
    meshes: readonly IncomingFile[],
    gcode: readonly IncomingGcode[],
    record: (prepared: PreparedFiles) => Promise<T>,
  ): Promise<T> {
    const staged = [...meshes, ...gcode].map((f) => f.staged);
    // Where the G-code analysis may extract a package's G-code: removed at the end unless committed.
    const extractPaths = gcode.map(() => this.blobs.tempPath());
    const committed: string[] = [];
    try {
      // The analysis decides whether a mesh is accepted; a thumbnail or preview that fails is left out (the web shows its placeholder / the original).
      const meshTasks = meshes.map((mesh) => this.analyseMesh(mesh));
      const gcodeTasks = gcode.map((variant, i) => this.analyseGcode(variant, extractPaths[i] as string));
      // Every task settles before anything is cleaned up, so no worker writes a temp file afterwards.
      await Promise.allSettled([...meshTasks, ...gcodeTasks]);
      const analyses = await Promise.all(meshTasks);
      const variants = await Promise.all(gcodeTasks);
      const images = [...analyses.map((a) => a.thumbnails), ...variants.map((v) => v.thumbnails)];

      for (const blob of [...staged, ...variants.flatMap((v) => v.extracted ?? [])]) {
        if ((await this.blobs.commit(blob)).created) committed.push(blob.sha256);
      }
      const previews: PreviewColumns[] = [];
      for (const { preview } of analyses) {
        const stored = preview ? await storePreview(this.blobs, preview) : { columns: NO_PREVIEW, created: null };
        if (stored.created) committed.push(stored.created);
        previews.push(stored.columns);
      }
      const files: NewDesignFile[] = [
        ...meshes.map((mesh, i) => meshRow(designId, mesh, analyses[i] as AnalysedMesh, previews[i] ?? NO_PREVIEW, createdAt)),
        ...gcode.map((variant, i) => gcodeRow(designId, variant, variants[i] as AnalysedGcode, createdAt)),
      ];
      const thumbnails: FileThumbnailRow[] = [];
      for (const [i, rendered] of images.entries()) {
        const stored = await storeThumbnails(this.blobs, (files[i] as NewDesignFile).id, rendered);
        committed.push(...stored.created);
        thumbnails.push(...stored.rows);
      }
      return await record({ files, thumbnails, analyses });
    } catch (error) {
      await Promise.all(committed.map((sha) => this.blobs.remove(sha)));
      throw error;
    } finally {
      await Promise.all([...staged, ...extractPaths.map((path) => ({ path }))].map((blob) => this.blobs.discard(blob)));
    }
  }

  private async stored(designId: string): Promise<Design> {
    const design = await this.designs.get(designId);
    if (!design) throw new Error(`design ${designId} vanished right after it was stored`);
    return design;
  }

  private async analyseMesh(mesh: IncomingFile): Promise<AnalysedMesh> {
    if (mesh.staged.size === 0) {
      throw new HttpError(400, "empty-file", `'${mesh.fileName}' is empty (0 bytes). Choose the exported .stl or .3mf file again and re-upload it.`);
    }
    // A ZIP archive is read as a 3MF, anything else as an STL (mesh-file.ts).
    const kind = (await fileStartsWithZip(mesh.staged.path)) ? "3mf" : "stl";
    if (kind === "3mf") await refuseSlicedPlate(mesh);
    // Big files one at a time, a 3MF from a smaller size than an STL (see exclusive-analysis.ts for what that bounds).
    const exclusive = runsExclusive(kind, mesh.staged.size, this.analysis.memoryBudgetBytes);
    return this.analysis.run({ kind: "ingest-mesh", path: mesh.staged.path, fileName: mesh.fileName, limits: this.limits, preview: this.preview }, { exclusive });
  }

  /** Summary, embedded thumbnail and (a .gcode.3mf) the extracted G-code, written to `extractTo`. */
  private async analyseGcode(gcode: IncomingGcode, extractTo: string): Promise<AnalysedGcode> {
    const analysed = await this.analysis.run({ kind: "analyse-gcode", path: gcode.staged.path, fileName: gcode.fileName, extractTo, limits: this.limits });
    if (analysed.summary.commands === 0) {
      throw new HttpError(
        422,
        "empty-gcode",
        `The G-code file '${gcode.fileName}' has no commands (only comments or blank lines). Slice the model again and attach the exported .gcode file.`,
      );
    }
    return analysed;
  }
}

/** A plate package (a ZIP archive) sent as the mesh: tell the uploader where it belongs instead of a 3MF error about a missing build. */
async function refuseSlicedPlate(mesh: IncomingFile): Promise<void> {
  const entry = await slicedPlateEntry(mesh.staged.path);
  if (entry === null) return;
  throw new HttpError(
    422,
    "sliced-plate",
    `'${mesh.fileName}' is a sliced plate (.gcode.3mf: it holds the G-code '${entry}'), not a model. Attach it as a G-code variant in the field 'gcode' (e.g. curl -F file=@model.3mf -F gcode=@plate.gcode.3mf), and send the model itself (STL or 3MF) in the field 'file'.`,
  );
}

type AnalysedMesh = AnalysisResults["ingest-mesh"];
type AnalysedGcode = AnalysisResults["analyse-gcode"];

function meshRow(designId: string, mesh: IncomingFile, { kind, analysis }: AnalysedMesh, preview: PreviewColumns, createdAt: string): NewDesignFile {
  return {
    id: newId("fil"),
    design_id: designId,
    name: mesh.fileName,
    kind,
    sha256: mesh.staged.sha256,
    size: mesh.staged.size,
    triangles: analysis.triangles,
    analysis_json: JSON.stringify(analysis),
    analysis_version: ANALYSIS_VERSION,
    watertight: analysis.watertight ? 1 : 0,
    gcode_commands: null,
    sliced_for: null,
    material: null,
    created_at: createdAt,
    ...preview,
  };
}

/** The uploader's words for printer and material win; the slicer's settings fill in what they left out. */
function gcodeRow(designId: string, gcode: IncomingGcode, { summary, extracted }: AnalysedGcode, createdAt: string): NewDesignFile {
  return {
    id: newId("fil"),
    design_id: designId,
    name: gcode.fileName,
    kind: "gcode",
    sha256: gcode.staged.sha256,
    size: gcode.staged.size,
    triangles: null,
    analysis_json: null,
    analysis_version: null,
    watertight: null,
    gcode_commands: summary.commands,
    sliced_for: gcode.slicedFor?.trim() || summary.slicedFor,
    material: gcode.material?.trim() || summary.material,
    created_at: createdAt,
    gcode_json: JSON.stringify(summary),
    gcode_sha256: extracted?.sha256 ?? null,
    gcode_bytes: extracted?.size ?? null,
  };
}
