/**
 * What a design offers besides its original files: rendered thumbnails, compact preview meshes
 * of big meshes, its meshes converted to one 3MF (written by the worker pool, thumbnail
 * embedded) and a zip of every current file with the attribution README.
 */
import type { Design, DesignFile } from "@peerfab/protocol";
import type { ReadStream } from "node:fs";
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { FileThumbnailRow } from "../db/schema.ts";
import { primaryMesh } from "../designs/design-links.ts";
import { attributionReadme, licenseLine } from "../downloads/attribution.ts";
import { zipStream } from "../downloads/design-zip.ts";
import { notFound } from "../errors.ts";
import type { AnalysisPool } from "../mesh/analysis-pool.ts";
import { type MeshKind, runsExclusive } from "../mesh/exclusive-analysis.ts";
import type { MeshLimits } from "@peerfab/protocol/formats/mesh";
import type { DesignRepository, StoredDesignFile } from "../repositories/designs.ts";
import type { BlobStore } from "../storage/blob-store.ts";
import type { ThumbnailFormat, ThumbnailSize } from "../thumbnails/image-encoder.ts";

export class DesignDownloads {
  constructor(
    private readonly designs: DesignRepository,
    private readonly blobs: BlobStore,
    private readonly analysis: AnalysisPool,
    private readonly limits: MeshLimits,
  ) {}

  /** A thumbnail of one file, or (file null) of the design's primary mesh. */
  async thumbnail(designId: string, fileIdOrName: string | null, size: ThumbnailSize, format: ThumbnailFormat): Promise<{ image: FileThumbnailRow; body: ReadStream }> {
    const design = await this.design(designId);
    const file = fileIdOrName === null ? primaryMesh(design.files) : await this.designs.findFile(designId, fileIdOrName);
    if (fileIdOrName !== null && !file) {
      throw notFound("file", `Design '${designId}' has no file '${fileIdOrName}'. GET /api/designs/${designId} lists its files.`);
    }
    const image = file ? await this.designs.findThumbnail(file.id, size, format) : undefined;
    if (!file || !image) {
      const what = file ? `'${file.name}'` : `design '${designId}'`;
      throw notFound(
        "thumbnail",
        `There is no thumbnail of ${what}: STL and 3MF files uploaded since thumbnails were added have one, and G-code files whose slicer embedded a picture. Show a placeholder, or upload the file again to render one.`,
      );
    }
    return { image, body: this.blobs.open(image.sha256) };
  }

  /** The compact preview mesh (GLB) of a big mesh file. */
  async preview(designId: string, fileIdOrName: string): Promise<{ file: StoredDesignFile; preview: { sha256: string; bytes: number }; body: ReadStream }> {
    await this.design(designId);
    const file = await this.designs.findFile(designId, fileIdOrName);
    if (!file) throw notFound("file", `Design '${designId}' has no file '${fileIdOrName}'. GET /api/designs/${designId} lists its files.`);
    if (!file.previewBlob) {
      throw notFound(
        "preview",
        `'${file.name}' has no preview mesh: only meshes with many triangles get one (smaller ones load as they are). Load the file itself from /api/designs/${designId}/files/${file.id}.`,
      );
    }
    return { file, preview: file.previewBlob, body: this.blobs.open(file.previewBlob.sha256) };
  }

  /**
   * The design as one 3MF package: every current mesh file (STL or 3MF) as objects, the primary
   * mesh's large PNG thumbnail embedded. The worker reads the blobs by path and writes the
   * package to a temp file, which streams to the caller and is deleted once the stream closes.
   */
  async threeMf(designId: string): Promise<{ name: string; size: number; body: Readable }> {
    const design = await this.design(designId);
    const meshes = design.files.filter((f): f is DesignFile & { kind: MeshKind } => f.kind === "stl" || f.kind === "3mf");
    const primary = primaryMesh(meshes);
    if (!primary) throw notFound("mesh", `Design '${designId}' has no STL or 3MF file to convert; download its files instead.`);
    const thumbnail = await this.designs.findThumbnail(primary.id, "large", "png");
    const outputPath = this.blobs.tempPath();
    try {
      const written = await this.analysis.run(
        {
          kind: "export-3mf",
          meshes: meshes.map((f) => ({ path: this.blobs.filePath(f.sha256), fileName: f.name })),
          thumbnailPath: thumbnail ? this.blobs.filePath(thumbnail.sha256) : null,
          metadata: {
            title: design.title,
            author: design.authorName,
            description: design.description,
            license: licenseLine(design.license),
            createdAt: new Date(design.createdAt),
          },
          limits: this.limits,
          outputPath,
        },
        // The worker holds one mesh at a time: a big one (a 3MF from a smaller size than an STL) is exported while no other big mesh is in memory.
        { exclusive: meshes.some((f) => runsExclusive(f.kind, f.size, this.analysis.memoryBudgetBytes)) },
      );
      return { name: `${fileStem(design.title)}.3mf`, size: written.bytes, body: await readOnce(outputPath, () => this.blobs.discard({ path: outputPath })) };
    } catch (error) {
      await this.blobs.discard({ path: outputPath });
      throw error;
    }
  }

  /** Every current file (the newest version of each name) with README.txt, streamed. */
  async zip(designId: string): Promise<{ name: string; body: Readable }> {
    const design = await this.design(designId);
    const files = currentFiles(await this.designs.files(designId));
    const readme = attributionReadme({ ...design, files: files.map((f) => f.name) });
    return {
      name: `${fileStem(design.title)}.zip`,
      body: zipStream(
        readme,
        files.map((file) => ({ name: file.name, open: () => this.blobs.open(file.sha256) })),
      ),
    };
  }

  private async design(designId: string): Promise<Design> {
    const design = await this.designs.get(designId);
    if (!design) throw notFound("design", `There is no design '${designId}'. It may have been deleted; reload the design list.`);
    return design;
  }
}

/** The newest file of each name, in upload order. */
export function currentFiles(files: readonly StoredDesignFile[]): StoredDesignFile[] {
  const newest = new Map<string, StoredDesignFile>();
  for (const file of files) newest.set(file.name, file);
  return files.filter((f) => newest.get(f.name) === f);
}

/** A stream of a temp file that runs `discard` once the stream has closed (read to the end, failed or abandoned). */
async function readOnce(path: string, discard: () => Promise<void>): Promise<Readable> {
  const handle = await open(path, "r");
  const body = handle.createReadStream();
  body.once("close", () => void discard());
  return body;
}

function fileStem(title: string): string {
  return title.replace(/[^\p{L}\p{N} ._-]+/gu, "").trim().replace(/\s+/g, "-").slice(0, 80) || "design";
}
