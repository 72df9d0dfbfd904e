/**
 * Reading an uploaded mesh file by its content: a ZIP archive (`PK\x03\x04`) is a 3MF package,
 * anything else is tried as STL. The file name is used only to phrase the error for a ".3mf"
 * that is neither a ZIP archive nor a readable STL. `readMeshFile` reads from disk: an STL is
 * streamed (stl-file.ts), a 3MF (compressed, so small beside its mesh) is read whole.
 * `openMeshFile` does the same for the analysis, keeping an STL too big for the analysis memory
 * budget on disk.
 */
import type { FileKind } from "@peerfab/protocol";
import { closeSync, openSync, writeSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { MeshError, type MeshLimits, type MeshPart, type TriangleMesh } from "@peerfab/protocol/formats/mesh";
import { binaryTriangleCount, parseStl, STL_HEAD_BYTES, stlFormat } from "./stl.ts";
import { readStlFile, streamAsciiStl } from "./stl-file.ts";
import { fitsInMemory } from "./streamed/memory-plan.ts";
import { StreamedWork } from "./streamed/streamed-work.ts";
import type { TempArea } from "./streamed/temp-area.ts";
import { BinaryStlTriangles, Float32FileTriangles, MemoryTriangles, type TriangleSource } from "./streamed/triangle-source.ts";
import { isZip, parse3mf } from "@peerfab/protocol/formats/3mf";

export interface MeshFile {
  kind: Extract<FileKind, "stl" | "3mf">;
  mesh: TriangleMesh;
  /** 3MF build items; null for STL. */
  parts: MeshPart[] | null;
}

export function parseMeshFile(bytes: Uint8Array, limits: MeshLimits, fileName = ""): MeshFile {
  if (isZip(bytes)) {
    const build = parse3mf(bytes, limits);
    return { kind: "3mf", mesh: build.mesh, parts: build.parts };
  }
  try {
    return { kind: "stl", mesh: parseStl(bytes, limits.maxTriangles), parts: null };
  } catch (error) {
    throw asNot3mf(error, fileName);
  }
}

/** The same as `parseMeshFile` on the file's bytes, without holding an STL's bytes in memory. */
export async function readMeshFile(path: string, limits: MeshLimits, fileName = ""): Promise<MeshFile> {
  if (await fileStartsWithZip(path)) return parseMeshFile(await readFile(path), limits, fileName);
  try {
    return { kind: "stl", mesh: await readStlFile(path, limits.maxTriangles), parts: null };
  } catch (error) {
    throw asNot3mf(error, fileName);
  }
}

/** True when the file begins with a ZIP local-file header (`PK\x03\x04`). */
export async function fileStartsWithZip(path: string): Promise<boolean> {
  const file = await open(path, "r");
  try {
    const magic = new Uint8Array(4);
    const { bytesRead } = await file.read(magic, 0, 4, 0);
    return bytesRead === 4 && isZip(magic);
  } finally {
    await file.close();
  }
}

/** Named .3mf but not a ZIP archive and not a readable STL either: answer about 3MF. */
function asNot3mf(error: unknown, fileName: string): unknown {
  if (error instanceof MeshError && error.code !== "too-many-triangles" && /\.3mf$/i.test(fileName)) {
    return new MeshError(
      "not-3mf",
      `'${fileName}' is not a ZIP archive, so it is not a 3MF file (3MF files are ZIP packages). Export the model as 3MF or STL again.`,
    );
  }
  return error;
}

/**
 * A mesh file opened for analysis within a memory budget. `source` always reads its triangles;
 * `mesh` holds them in memory when they are (an STL small enough for the budget, any 3MF — its
 * parser builds the soup), null when they stay on disk. `analyseInMemory` says whether the
 * in-memory analysis fits the budget; otherwise streamed/ measures it with `streamed`'s memory.
 */
export type OpenedMesh = {
  kind: MeshFile["kind"];
  parts: MeshPart[] | null;
  source: TriangleSource;
} & ({ analyseInMemory: true; mesh: TriangleMesh } | { analyseInMemory: false; mesh: TriangleMesh | null; streamed: StreamedWork });

/** Shortest facet an ASCII STL can spell ("facet normal", "outer loop", three "vertex 0 0 0", "endloop", "endfacet"). */
const MIN_ASCII_FACET_BYTES = 80;

/**
 * Opens `path` like `readMeshFile` (same errors), but keeps an STL whose in-memory analysis would
 * exceed `budgetBytes` on disk: a binary STL is read in place, an ASCII STL is converted once to
 * a float32 spill file in `area`. Non-finite coordinates of a binary STL kept on disk surface on
 * the first pass over it.
 */
export async function openMeshFile(path: string, limits: MeshLimits, fileName: string, budgetBytes: number, area: TempArea): Promise<OpenedMesh> {
  if (await fileStartsWithZip(path)) {
    const { kind, mesh, parts } = parseMeshFile(await readFile(path), limits, fileName);
    const source = new MemoryTriangles(mesh.positions, mesh.triangles);
    if (fitsInMemory(mesh.triangles, budgetBytes)) return { kind, parts, mesh, source, analyseInMemory: true };
    return { kind, parts, mesh, source, analyseInMemory: false, streamed: new StreamedWork(mesh.triangles, budgetBytes, area) };
  }
  try {
    const { format, size, triangles } = await stlShape(path, limits.maxTriangles);
    const small = format === "binary" ? fitsInMemory(triangles, budgetBytes) : fitsInMemory(Math.ceil(size / MIN_ASCII_FACET_BYTES), budgetBytes);
    if (small) return inMemory(await readStlFile(path, limits.maxTriangles));
    if (format === "binary") return onDisk(new BinaryStlTriangles(path, triangles), budgetBytes, area);
    const spilled = await spillAsciiStl(path, limits.maxTriangles, area);
    if (fitsInMemory(spilled.triangles, budgetBytes)) {
      return inMemory({ positions: spilled.readAll(), triangles: spilled.triangles });
    }
    return onDisk(spilled, budgetBytes, area);
  } catch (error) {
    throw asNot3mf(error, fileName);
  }
}

function onDisk(source: TriangleSource, budgetBytes: number, area: TempArea): OpenedMesh {
  return { kind: "stl", parts: null, mesh: null, source, analyseInMemory: false, streamed: new StreamedWork(source.triangles, budgetBytes, area) };
}

function inMemory(mesh: TriangleMesh): OpenedMesh {
  return { kind: "stl", parts: null, mesh, source: new MemoryTriangles(mesh.positions, mesh.triangles), analyseInMemory: true };
}

/** Format, size and (binary) triangle count from the file's head; the in-memory reader's errors. */
async function stlShape(path: string, maxTriangles: number): Promise<{ format: "binary" | "ascii"; size: number; triangles: number }> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const head = new Uint8Array(Math.min(size, STL_HEAD_BYTES));
    await file.read(head, 0, head.length, 0);
    const format = stlFormat(head, size);
    return { format, size, triangles: format === "binary" ? binaryTriangleCount(head, maxTriangles) : 0 };
  } finally {
    await file.close();
  }
}

/** An ASCII STL converted to float32 positions in a spill file. */
async function spillAsciiStl(path: string, maxTriangles: number, area: TempArea): Promise<Float32FileTriangles> {
  const target = area.path("ascii-positions");
  const fd = openSync(target, "w");
  try {
    const triangles = await streamAsciiStl(path, maxTriangles, (coords) => {
      const bytes = new Uint8Array(coords.buffer, coords.byteOffset, coords.byteLength);
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    });
    return new Float32FileTriangles(target, triangles);
  } finally {
    closeSync(fd);
  }
}
