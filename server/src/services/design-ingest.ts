/**
 * Turning staged files into a design: analyse every mesh off the event loop, count the commands of
 * every G-code variant, render each mesh's thumbnails (in the same worker pool, alongside the
 * analysis), commit the blobs, record the design and its files, announce it. Uploads and
 * seeding both come through here. A rejected design leaves no blob and no row behind.
 */
import type { DesignCreated, License } from "@peerfab/protocol";
import { ANALYSIS_VERSION, type FileThumbnailRow, type NewDesignFile } from "../db/schema.ts";
import { HttpError } from "../errors.ts";
import type { HubEvents } from "../hub-events.ts";
import { newId, nowIso } from "../ids.ts";
import type { AnalysisPool } from "../mesh/analysis-pool.ts";
import type { MeshAnalysis } from "../mesh/analysis.ts";
import type { MeshFile } from "../mesh/mesh-file.ts";
import type { MeshLimits } from "../mesh/triangle-mesh.ts";
import type { DesignRepository } from "../repositories/designs.ts";
import type { User } from "../repositories/users.ts";
import type { BlobStore, StagedBlob } from "../storage/blob-store.ts";
import type { EncodedThumbnail } from "../thumbnails/image-encoder.ts";
import { storeThumbnails } from "../thumbnails/stored-thumbnails.ts";

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
}

export class DesignIngest {
  constructor(
    private readonly blobs: BlobStore,
    private readonly analysis: AnalysisPool,
    private readonly designs: DesignRepository,
    private readonly events: HubEvents,
    private readonly limits: MeshLimits,
  ) {}

  async ingest(submission: DesignSubmission): Promise<DesignCreated> {
    const staged = [...submission.meshes, ...submission.gcode].map((f) => f.staged);
    const committed: string[] = [];
    try {
      const first = submission.meshes[0];
      if (!first) throw new HttpError(400, "missing-file", "A design needs a mesh: send the STL or 3MF file in the field 'file'.");
      // A thumbnail that fails to render is left out (the web shows its placeholder); the analysis decides whether the file is accepted.
      const renders = submission.meshes.map((mesh) => this.renderThumbnails(mesh).catch(() => []));
      const analyses = await Promise.all(submission.meshes.map((mesh) => this.analyseMesh(mesh)));
      const commands = await Promise.all(submission.gcode.map((gcode) => this.countCommands(gcode)));
      const images = await Promise.all(renders);

      for (const blob of staged) {
        if ((await this.blobs.commit(blob)).created) committed.push(blob.sha256);
      }
      const designId = newId("dsn");
      const createdAt = nowIso();
      const files: NewDesignFile[] = [
        ...submission.meshes.map((mesh, i) => meshRow(designId, mesh, analyses[i] as AnalysedMesh, createdAt)),
        ...submission.gcode.map((gcode, i) => gcodeRow(designId, gcode, commands[i] as number, createdAt)),
      ];
      const thumbnails: FileThumbnailRow[] = [];
      for (const [i, rendered] of images.entries()) {
        const stored = await storeThumbnails(this.blobs, (files[i] as NewDesignFile).id, rendered);
        committed.push(...stored.created);
        thumbnails.push(...stored.rows);
      }
      await this.designs.insert(
        {
          id: designId,
          title: submission.title,
          description: submission.description,
          license: submission.license,
          authorId: submission.author.id,
          createdAt,
        },
        files,
        thumbnails,
      );
      const design = await this.designs.get(designId);
      if (!design) throw new Error(`design ${designId} vanished right after it was stored`);
      this.events.emit("design:created", design);
      const { analysis } = analyses[0] as AnalysedMesh;
      return { id: designId, triangles: analysis.triangles, bbox: analysis.bbox, design };
    } catch (error) {
      await Promise.all(committed.map((sha) => this.blobs.remove(sha)));
      throw error;
    } finally {
      await Promise.all(staged.map((blob) => this.blobs.discard(blob)));
    }
  }

  private async analyseMesh(mesh: IncomingFile): Promise<AnalysedMesh> {
    if (mesh.staged.size === 0) {
      throw new HttpError(400, "empty-file", `'${mesh.fileName}' is empty (0 bytes). Choose the exported .stl or .3mf file again and re-upload it.`);
    }
    return this.analysis.run({ kind: "analyse-mesh", path: mesh.staged.path, fileName: mesh.fileName, limits: this.limits });
  }

  private async renderThumbnails(mesh: IncomingFile): Promise<EncodedThumbnail[]> {
    if (mesh.staged.size === 0) return [];
    const { thumbnails } = await this.analysis.run({ kind: "render-thumbnails", path: mesh.staged.path, fileName: mesh.fileName, limits: this.limits });
    return thumbnails;
  }

  private async countCommands(gcode: IncomingGcode): Promise<number> {
    const { commands } = await this.analysis.run({ kind: "count-gcode", path: gcode.staged.path });
    if (commands === 0) {
      throw new HttpError(
        422,
        "empty-gcode",
        `The G-code file '${gcode.fileName}' has no commands (only comments or blank lines). Slice the model again and attach the exported .gcode file.`,
      );
    }
    return commands;
  }
}

interface AnalysedMesh {
  kind: MeshFile["kind"];
  analysis: MeshAnalysis;
}

function meshRow(designId: string, mesh: IncomingFile, { kind, analysis }: AnalysedMesh, createdAt: string): NewDesignFile {
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
  };
}

function gcodeRow(designId: string, gcode: IncomingGcode, commands: number, createdAt: string): NewDesignFile {
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
    gcode_commands: commands,
    sliced_for: gcode.slicedFor ?? null,
    material: gcode.material ?? null,
    created_at: createdAt,
  };
}
