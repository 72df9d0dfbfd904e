/**
 * Why a mesh file was rejected. `code` is stable for programs (and maps to an HTTP status at the
 * edge); `message` is a sentence for the person who uploaded the file: what is wrong and what to do.
 */
export const MESH_ERROR_CODES = [
  "empty-file",
  "not-stl",
  "truncated-stl",
  "triangle-count-mismatch",
  "non-finite-coordinate",
  "zero-triangles",
  "ascii-syntax",
  "too-many-triangles",
  "not-3mf",
  "corrupt-zip",
  "unsafe-zip-entry",
  "zip-too-large",
  "missing-3mf-part",
  "malformed-xml",
  "xml-doctype",
  "invalid-3mf",
  "no-gcode-in-package",
] as const;
export type MeshErrorCode = (typeof MESH_ERROR_CODES)[number];

export class MeshError extends Error {
  override readonly name = "MeshError";
  constructor(
    readonly code: MeshErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isMeshErrorCode(value: string): value is MeshErrorCode {
  return (MESH_ERROR_CODES as readonly string[]).includes(value);
}

/** A mesh above the hub's triangle limit (STL, or 3MF after expanding components and items). */
export function tooManyTriangles(count: number, maxTriangles: number): MeshError {
  return new MeshError(
    "too-many-triangles",
    `The mesh has ${count.toLocaleString("en")} triangles, more than this hub's limit of ${maxTriangles.toLocaleString("en")}. Decimate it (e.g. in your slicer or Meshmixer) or ask the hub's operator to raise the limit.`,
  );
}
