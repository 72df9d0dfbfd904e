/**
 * The whole design as one 3MF file, written by the analysis worker (`export-3mf`): every mesh
 * file of the design is read from its path (one at a time, so memory holds one mesh, never the
 * design), and each becomes one object — a 3MF's build items stay separate objects, placed as the
 * file placed them. Files after the first are moved along +X so they sit in a row, 10 mm apart,
 * instead of overlapping; a single file keeps its own coordinates. The package streams into
 * `outputPath`; on failure nothing is left there.
 */
import type { MeshLimits } from "@peerfab/protocol/formats/mesh";
import { closeSync, openSync, writeSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { readMeshFile } from "../mesh/mesh-file.ts";
import { type ThreeMfMetadata, ThreeMfWriter } from "./three-mf-export.ts";

export interface DesignMeshSource {
  /** A file the worker may read (the committed blob). */
  path: string;
  /** The design file's name: names the object, and phrases errors. */
  fileName: string;
}

export interface Design3mfRequest {
  meshes: readonly DesignMeshSource[];
  /** The PNG to embed as the package thumbnail, or null. */
  thumbnailPath: string | null;
  metadata: ThreeMfMetadata;
  limits: MeshLimits;
  /** A fresh path to create the package at. */
  outputPath: string;
}

export interface Design3mfFile {
  /** Size of the package written, bytes. */
  bytes: number;
  objects: number;
}

/** Space left between the files of a design laid out in a row, mm. */
export const FILE_GAP_MM = 10;

export async function writeDesign3mf(request: Design3mfRequest): Promise<Design3mfFile> {
  if (request.meshes.length === 0) throw new Error("a design 3MF needs at least one mesh file");
  const thumbnail = request.thumbnailPath === null ? null : new Uint8Array(await readFile(request.thumbnailPath));
  const fd = openSync(request.outputPath, "wx");
  let fdOpen = true;
  let bytes = 0;
  try {
    // Synchronous writes: this runs in a worker thread, and each chunk is on disk before the next is made.
    const writer = new ThreeMfWriter((chunk) => (bytes += writeSync(fd, chunk)), request.metadata, thumbnail);
    let nextMinX: number | null = null;
    for (const source of request.meshes) {
      const { mesh, parts } = await readMeshFile(source.path, request.limits, source.fileName);
      const [minX, maxX] = extentX(mesh.positions);
      const dx: number = nextMinX === null ? 0 : nextMinX - minX;
      nextMinX = maxX + dx + FILE_GAP_MM;
      const objects = parts ?? [{ name: fileStem(source.fileName), firstTriangle: 0, triangles: mesh.triangles }];
      for (const object of objects) {
        const name = request.meshes.length === 1 && objects.length === 1 ? request.metadata.title : object.name;
        writer.addObject(name, { positions: mesh.positions, first: object.firstTriangle, count: object.triangles }, [dx, 0, 0]);
      }
    }
    writer.finish();
    return { bytes, objects: writer.objectCount };
  } catch (error) {
    closeSync(fd);
    fdOpen = false;
    await rm(request.outputPath, { force: true });
    throw error;
  } finally {
    if (fdOpen) closeSync(fd);
  }
}

/** Smallest and largest x of a triangle soup. */
export function extentX(positions: Float32Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < positions.length; i += 3) {
    const x = positions[i] as number;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return [min, max];
}

function fileStem(fileName: string): string {
  return fileName.replace(/\.(stl|3mf)$/i, "") || fileName;
}
