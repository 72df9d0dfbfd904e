/**
 * STL parser: binary and ASCII, as a pure function over bytes.
 *
 * Format: https://en.wikipedia.org/wiki/STL_(file_format) (the de-facto spec; 3D Systems' original
 * "StereoLithography Interface Specification", 1989).
 *
 * - Binary: 80-byte header, uint32 LE triangle count `n`, then `n` records of 50 bytes
 *   (normal, three vertices as float32 LE, uint16 attribute byte count). A file is binary exactly
 *   when `84 + 50·n === size` — some exporters (SolidWorks among them) start the binary header
 *   with the word "solid", so the header alone decides nothing.
 * - ASCII: `solid name` / `facet normal i j k` / `outer loop` / three `vertex x y z` / `endloop` /
 *   `endfacet` / `endsolid name`. Keywords are matched case-insensitively; several solids in one
 *   file are accepted; a missing final `endsolid` is tolerated.
 *
 * Normals are ignored (many exporters write zeros); vertices must be finite numbers. Units are
 * not stored in STL: the numbers are taken as millimetres, as every slicer does.
 */
import { MeshError } from "./mesh-error.ts";
import type { TriangleMesh } from "./triangle-mesh.ts";

export interface StlMesh extends TriangleMesh {
  format: "binary" | "ascii";
}

const HEADER_BYTES = 80;
const PREAMBLE_BYTES = HEADER_BYTES + 4;
const TRIANGLE_BYTES = 50;

/** `maxTriangles`: files with more are refused before their triangles are read. */
export function parseStl(bytes: Uint8Array, maxTriangles = Infinity): StlMesh {
  if (bytes.byteLength === 0) {
    throw new MeshError("empty-file", "The file is empty (0 bytes). Choose the exported .stl file again and re-upload it.");
  }
  if (bytes.byteLength >= PREAMBLE_BYTES && binarySizeMatches(bytes)) {
    return parseBinary(bytes, maxTriangles);
  }
  if (startsWithSolid(bytes) && looksLikeText(bytes)) {
    return parseAscii(bytes, maxTriangles);
  }
  throw describeUnrecognised(bytes);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function declaredTriangles(bytes: Uint8Array): number {
  return view(bytes).getUint32(HEADER_BYTES, true);
}

function binarySizeMatches(bytes: Uint8Array): boolean {
  return PREAMBLE_BYTES + TRIANGLE_BYTES * declaredTriangles(bytes) === bytes.byteLength;
}

function startsWithSolid(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length && i < 256 && isSpace(bytes[i] ?? 0)) i++;
  const word = String.fromCharCode(...bytes.subarray(i, i + 5)).toLowerCase();
  return word === "solid";
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** True when the first kilobyte has no NUL or other control bytes besides whitespace. */
function looksLikeText(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 1024);
  for (let i = 0; i < end; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x20 && !isSpace(b)) return false;
  }
  return true;
}

function parseBinary(bytes: Uint8Array, maxTriangles: number): StlMesh {
  const data = view(bytes);
  const triangles = declaredTriangles(bytes);
  if (triangles === 0) {
    throw new MeshError("zero-triangles", "The STL file holds no triangles, so there is nothing to print. Export the model again with its geometry.");
  }
  if (triangles > maxTriangles) throw tooManyTriangles(triangles, maxTriangles);
  const positions = new Float32Array(triangles * 9);
  let o = 0;
  for (let record = PREAMBLE_BYTES + 12; o < positions.length; record += TRIANGLE_BYTES) {
    // Skip the normal (12 bytes); read the 3 × 3 float32 corners.
    for (let k = 0; k < 36; k += 4) positions[o++] = data.getFloat32(record + k, true);
  }
  // NaN and ±Infinity are the only values where v - v is not 0.
  for (let i = 0; i < positions.length; i++) {
    const value = positions[i] as number;
    if (value - value !== 0) throw nonFinite(value, `triangle ${Math.floor(i / 9) + 1}`);
  }
  return { format: "binary", positions, triangles };
}

export function tooManyTriangles(count: number, maxTriangles: number): MeshError {
  return new MeshError(
    "too-many-triangles",
    `The mesh has ${count.toLocaleString("en")} triangles, more than this hub's limit of ${maxTriangles.toLocaleString("en")}. Decimate it (e.g. in your slicer or Meshmixer) or ask the hub's operator to raise the limit.`,
  );
}

function nonFinite(value: number | string, where: string): MeshError {
  return new MeshError(
    "non-finite-coordinate",
    `Vertex coordinate ${String(value)} in ${where} is not a finite number, so the model has no defined shape. Repair the mesh (e.g. in your CAD program or a mesh repair tool) and export it again.`,
  );
}

const MAGIC: readonly { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive (upload 3MF files as they are: the hub detects them by content)" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { bytes: [0x1f, 0x8b], what: "a gzip archive" },
];

function describeUnrecognised(bytes: Uint8Array): MeshError {
  const magic = MAGIC.find((m) => m.bytes.every((b, i) => bytes[i] === b));
  if (magic) {
    return new MeshError("not-stl", `This is ${magic.what}, not an STL file. Upload a binary or ASCII .stl file.`);
  }
  if (looksLikeText(bytes)) {
    return new MeshError(
      "not-stl",
      "This is a text file that does not start with 'solid', so it is not an ASCII STL file (is it G-code or OBJ?). Upload a binary or ASCII .stl file.",
    );
  }
  if (bytes.byteLength < PREAMBLE_BYTES) {
    return new MeshError(
      "not-stl",
      `The file has only ${bytes.byteLength} bytes; a binary STL needs at least its 84-byte header. It is not an STL file or it was cut off: export it again.`,
    );
  }
  const declared = declaredTriangles(bytes);
  const expected = PREAMBLE_BYTES + TRIANGLE_BYTES * declared;
  const body = bytes.byteLength - PREAMBLE_BYTES;
  const whole = body % TRIANGLE_BYTES === 0;
  if (expected > bytes.byteLength && !whole) {
    return new MeshError(
      "truncated-stl",
      `The binary STL header promises ${declared} triangles (${expected} bytes) but the file has only ${bytes.byteLength} bytes: it was cut off (or it is not an STL file). Export or download it again.`,
    );
  }
  if (whole) {
    return new MeshError(
      "triangle-count-mismatch",
      `The binary STL header says ${declared} triangles but the file holds ${body / TRIANGLE_BYTES}. The exporter wrote a wrong count; repair the file (e.g. re-export it, or open and save it in a slicer).`,
    );
  }
  return new MeshError(
    "triangle-count-mismatch",
    `The binary STL header says ${declared} triangles (${expected} bytes) but the file has ${bytes.byteLength} bytes, which is not a whole number of triangles. Re-export the model.`,
  );
}

// ---------------------------------------------------------------------------------------------
// ASCII
// ---------------------------------------------------------------------------------------------

type AsciiExpect = "solid" | "facet" | "outer" | "vertex" | "endloop" | "endfacet";

function parseAscii(bytes: Uint8Array, maxTriangles: number): StlMesh {
  const text = new TextDecoder("latin1").decode(bytes);
  const lines = text.split(/\r\n|\n|\r/);
  const coords: number[] = [];
  let expect: AsciiExpect = "solid";
  let vertexInLoop = 0;
  let lineNo = 0;

  const syntax = (message: string) =>
    new MeshError("ascii-syntax", `ASCII STL syntax error on line ${lineNo}: ${message}. Export the model again, or as binary STL.`);

  for (const raw of lines) {
    lineNo++;
    const tokens = raw.trim().split(/\s+/);
    const keyword = (tokens[0] ?? "").toLowerCase();
    if (keyword === "") continue;
    switch (expect) {
      case "solid":
        if (keyword !== "solid") throw syntax(`expected 'solid', found '${shorten(raw)}'`);
        expect = "facet";
        break;
      case "facet":
        if (keyword === "endsolid") {
          expect = "solid";
        } else if (keyword === "facet") {
          if ((tokens[1] ?? "").toLowerCase() !== "normal") throw syntax("expected 'facet normal i j k'");
          expect = "outer";
        } else {
          throw syntax(`expected 'facet' or 'endsolid', found '${shorten(raw)}'`);
        }
        break;
      case "outer":
        if (keyword !== "outer" || (tokens[1] ?? "").toLowerCase() !== "loop") throw syntax(`expected 'outer loop', found '${shorten(raw)}'`);
        expect = "vertex";
        vertexInLoop = 0;
        break;
      case "vertex": {
        if (keyword !== "vertex") throw syntax(`expected 'vertex x y z', found '${shorten(raw)}'`);
        if (tokens.length !== 4) throw syntax(`a vertex needs exactly three coordinates, found ${tokens.length - 1}`);
        for (const token of tokens.slice(1)) {
          coords.push(coordinate(token, lineNo, syntax));
        }
        vertexInLoop++;
        if (vertexInLoop === 3) {
          expect = "endloop";
          if (coords.length / 9 > maxTriangles) throw tooManyTriangles(coords.length / 9, maxTriangles);
        }
        break;
      }
      case "endloop":
        if (keyword !== "endloop") throw syntax(`expected 'endloop' after three vertices, found '${shorten(raw)}'`);
        expect = "endfacet";
        break;
      case "endfacet":
        if (keyword !== "endfacet") throw syntax(`expected 'endfacet', found '${shorten(raw)}'`);
        expect = "facet";
        break;
    }
  }
  if (expect !== "facet" && expect !== "solid") {
    throw new MeshError(
      "ascii-syntax",
      `ASCII STL syntax error on line ${lineNo}: the file ends inside a facet, so it was cut off. Export or download it again.`,
    );
  }
  const triangles = coords.length / 9;
  if (triangles === 0) {
    throw new MeshError("zero-triangles", "The STL file holds no triangles, so there is nothing to print. Export the model again with its geometry.");
  }
  return { format: "ascii", positions: Float32Array.from(coords), triangles };
}

function coordinate(token: string, lineNo: number, syntax: (message: string) => MeshError): number {
  if (/^[+-]?(nan|inf(inity)?)$/i.test(token)) throw nonFinite(token, `line ${lineNo}`);
  const value = Number(token);
  if (Number.isNaN(value) || token === "") throw syntax(`'${shorten(token)}' is not a number`);
  if (!Number.isFinite(value) || !Number.isFinite(Math.fround(value))) throw nonFinite(token, `line ${lineNo}`);
  return value;
}

function shorten(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
}
