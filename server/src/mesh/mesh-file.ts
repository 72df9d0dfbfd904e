/**
 * Reading an uploaded mesh file by its content: a ZIP archive (`PK\x03\x04`) is a 3MF package,
 * anything else is tried as STL. The file name is used only to phrase the error for a ".3mf"
 * that is neither a ZIP archive nor a readable STL. `readMeshFile` reads from disk: an STL is
 * streamed (stl-file.ts), a 3MF (compressed, so small beside its mesh) is read whole.
 */
import type { FileKind } from "@peerfab/protocol";
import { open, readFile } from "node:fs/promises";
import type { MeshPart } from "./analysis.ts";
import { MeshError } from "./mesh-error.ts";
import { parseStl } from "./stl.ts";
import { readStlFile } from "./stl-file.ts";
import { isZip, parse3mf } from "./threemf/parse-3mf.ts";
import type { MeshLimits, TriangleMesh } from "./triangle-mesh.ts";

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
