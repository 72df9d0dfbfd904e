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
import { grow, MeshError, tooManyTriangles, type TriangleMesh } from "@peerfab/protocol/formats/mesh";

export interface StlMesh extends TriangleMesh {
  format: "binary" | "ascii";
}

const HEADER_BYTES = 80;
const PREAMBLE_BYTES = HEADER_BYTES + 4;
const TRIANGLE_BYTES = 50;

/** `maxTriangles`: files with more are refused before their triangles are read. */
export function parseStl(bytes: Uint8Array, maxTriangles = Infinity): StlMesh {
  const format = stlFormat(bytes, bytes.byteLength);
  return format === "binary" ? parseBinary(bytes, maxTriangles) : parseAscii(bytes, maxTriangles);
}

/** Bytes of a file's start that decide its format (and phrase the error when it is no STL). */
export const STL_HEAD_BYTES = 1024;

/**
 * Binary or ASCII, from the file's first {@link STL_HEAD_BYTES} bytes (or all of a shorter file)
 * and its size; throws the MeshError saying what the file is when it is neither.
 */
export function stlFormat(head: Uint8Array, size: number): StlMesh["format"] {
  if (size === 0) {
    throw new MeshError("empty-file", "The file is empty (0 bytes). Choose the exported .stl file again and re-upload it.");
  }
  if (size >= PREAMBLE_BYTES && binarySizeMatches(head, size)) return "binary";
  if (startsWithSolid(head) && looksLikeText(head)) return "ascii";
  throw describeUnrecognised(head, size);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The triangle count in a binary STL's preamble (`head` holds at least its 84 bytes). */
export function declaredTriangles(head: Uint8Array): number {
  return view(head).getUint32(HEADER_BYTES, true);
}

function binarySizeMatches(head: Uint8Array, size: number): boolean {
  return head.byteLength >= PREAMBLE_BYTES && PREAMBLE_BYTES + TRIANGLE_BYTES * declaredTriangles(head) === size;
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
  const triangles = binaryTriangleCount(bytes, maxTriangles);
  const positions = new Float32Array(triangles * 9);
  readBinaryRecords(bytes.subarray(PREAMBLE_BYTES), positions, 0);
  return { format: "binary", positions, triangles };
}

/** Bytes of the preamble (80-byte header + uint32 count) and of one triangle record. */
export const BINARY_STL = { preambleBytes: PREAMBLE_BYTES, triangleBytes: TRIANGLE_BYTES } as const;

/** The declared triangle count of a binary STL, refused when it is 0 or above `maxTriangles`. */
export function binaryTriangleCount(head: Uint8Array, maxTriangles: number): number {
  const triangles = declaredTriangles(head);
  if (triangles === 0) {
    throw new MeshError("zero-triangles", "The STL file holds no triangles, so there is nothing to print. Export the model again with its geometry.");
  }
  if (triangles > maxTriangles) throw tooManyTriangles(triangles, maxTriangles);
  return triangles;
}

/**
 * Decodes whole 50-byte triangle records into `positions` from triangle `firstTriangle` on (the
 * normal is skipped; the 3 × 3 float32 corners are kept) and refuses a non-finite coordinate,
 * naming its triangle by its number in the file: `records` start at record `firstRecord` (0-based;
 * by default `firstTriangle`, as when a whole file is read into one array). Returns how many
 * triangles it read.
 *
 * Records are 50 bytes, so every other record's floats sit at a 2-byte (not 4-byte) offset and a
 * Float32Array cannot view them. Instead the records are read as aligned uint32 words: a record
 * at a 4-byte offset word by word, the others with each float assembled from the halves of two
 * neighbouring words (10 reads for 9 floats), stored through a Uint32Array view of `positions` —
 * bit for bit the float32 in the file, with no DataView call per value. The exponent bits (all ones: NaN or ±Infinity) are
 * checked on the way. Big-endian hosts and odd byte offsets take the DataView path.
 */
export function readBinaryRecords(records: Uint8Array, positions: Float32Array, firstTriangle: number, firstRecord = firstTriangle): number {
  const count = Math.floor(records.byteLength / TRIANGLE_BYTES);
  const start = firstTriangle * 9;
  const end = start + count * 9;
  // Triangle number (1-based, in the file) of the coordinate at `positions[o]`: floor(o / 9) + shift.
  const shift = firstRecord - firstTriangle + 1;
  if (LITTLE_ENDIAN && records.byteOffset % 2 === 0) {
    readRecordsByWords(records, positions, start, end, shift);
  } else {
    readRecordsByDataView(records, positions, start, end, shift);
  }
  return count;
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const EXPONENT_BITS = 0x7f800000;

function readRecordsByWords(records: Uint8Array, positions: Float32Array, start: number, end: number, shift: number): void {
  // Aligned words of the whole underlying buffer up to the records' end (only words inside the records are read).
  const words = new Uint32Array(records.buffer, 0, (records.byteOffset + records.byteLength) >>> 2);
  const bits = new Uint32Array(positions.buffer, positions.byteOffset, positions.length);
  let o = start;
  // `at`: byte offset of the record's first corner, 12 bytes in; records are 50 bytes apart.
  for (let at = records.byteOffset + 12; o < end; at += TRIANGLE_BYTES) {
    if ((at & 3) === 0) {
      const w = at >>> 2;
      for (let k = 0; k < 9; k++, o++) {
        const word = words[w + k] as number;
        bits[o] = word;
        if ((word & EXPONENT_BITS) === EXPONENT_BITS) throw nonFinite(positions[o] as number, `triangle ${Math.floor(o / 9) + shift}`);
      }
    } else {
      // Two bytes off: each float is the high half of one word and the low half of the next
      // (the record's normal before and its attribute count after keep both inside the record).
      const w = (at - 2) >>> 2;
      let low = words[w] as number;
      for (let k = 1; k <= 9; k++, o++) {
        const high = words[w + k] as number;
        const word = ((low >>> 16) | (high << 16)) >>> 0;
        bits[o] = word;
        if ((word & EXPONENT_BITS) === EXPONENT_BITS) throw nonFinite(positions[o] as number, `triangle ${Math.floor(o / 9) + shift}`);
        low = high;
      }
    }
  }
}

function readRecordsByDataView(records: Uint8Array, positions: Float32Array, start: number, end: number, shift: number): void {
  const data = view(records);
  let o = start;
  for (let record = 12; o < end; record += TRIANGLE_BYTES) {
    for (let k = 0; k < 36; k += 4) {
      const value = data.getFloat32(record + k, true);
      // NaN and ±Infinity are the only values where v - v is not 0.
      if (value - value !== 0) throw nonFinite(value, `triangle ${Math.floor(o / 9) + shift}`);
      positions[o++] = value;
    }
  }
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

function describeUnrecognised(bytes: Uint8Array, size: number): MeshError {
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
  if (size < PREAMBLE_BYTES) {
    return new MeshError(
      "not-stl",
      `The file has only ${size} bytes; a binary STL needs at least its 84-byte header. It is not an STL file or it was cut off: export it again.`,
    );
  }
  const declared = declaredTriangles(bytes);
  const expected = PREAMBLE_BYTES + TRIANGLE_BYTES * declared;
  const body = size - PREAMBLE_BYTES;
  const whole = body % TRIANGLE_BYTES === 0;
  if (expected > size && !whole) {
    return new MeshError(
      "truncated-stl",
      `The binary STL header promises ${declared} triangles (${expected} bytes) but the file has only ${size} bytes: it was cut off (or it is not an STL file). Export or download it again.`,
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
    `The binary STL header says ${declared} triangles (${expected} bytes) but the file has ${size} bytes, which is not a whole number of triangles. Re-export the model.`,
  );
}

// ---------------------------------------------------------------------------------------------
// ASCII
// ---------------------------------------------------------------------------------------------

type AsciiExpect = "solid" | "facet" | "outer" | "vertex" | "endloop" | "endfacet";

/** Line breaks of ASCII STL: `\r\n`, `\n` or a lone `\r`. */
export const STL_LINE_BREAK = /\r\n|\n|\r/;

function parseAscii(bytes: Uint8Array, maxTriangles: number): StlMesh {
  const reader = new AsciiStlReader(maxTriangles);
  for (const line of new TextDecoder("latin1").decode(bytes).split(STL_LINE_BREAK)) reader.line(line);
  return reader.finish();
}

/**
 * The ASCII grammar as a state machine fed one line at a time (a whole file's lines, or lines
 * streamed from disk: stl-file.ts), so both readers accept and refuse exactly the same files.
 * Coordinates go straight into a growing Float32Array.
 */
export class AsciiStlReader {
  private coords = new Float32Array(9 * 1024);
  private length = 0;
  /** Triangles handed out by `take()` (a streaming reader writes them elsewhere). */
  private taken = 0;
  private expect: AsciiExpect = "solid";
  private vertexInLoop = 0;
  private lineNo = 0;

  constructor(private readonly maxTriangles = Infinity) {}

  /** Lines read so far (the number of the last one). */
  get linesRead(): number {
    return this.lineNo;
  }

  line(raw: string): void {
    this.lineNo++;
    const tokens = raw.trim().split(/\s+/);
    const keyword = (tokens[0] ?? "").toLowerCase();
    if (keyword === "") return;
    switch (this.expect) {
      case "solid":
        if (keyword !== "solid") throw this.syntax(`expected 'solid', found '${shorten(raw)}'`);
        this.expect = "facet";
        break;
      case "facet":
        if (keyword === "endsolid") {
          this.expect = "solid";
        } else if (keyword === "facet") {
          if ((tokens[1] ?? "").toLowerCase() !== "normal") throw this.syntax("expected 'facet normal i j k'");
          this.expect = "outer";
        } else {
          throw this.syntax(`expected 'facet' or 'endsolid', found '${shorten(raw)}'`);
        }
        break;
      case "outer":
        if (keyword !== "outer" || (tokens[1] ?? "").toLowerCase() !== "loop") throw this.syntax(`expected 'outer loop', found '${shorten(raw)}'`);
        this.expect = "vertex";
        this.vertexInLoop = 0;
        break;
      case "vertex": {
        if (keyword !== "vertex") throw this.syntax(`expected 'vertex x y z', found '${shorten(raw)}'`);
        if (tokens.length !== 4) throw this.syntax(`a vertex needs exactly three coordinates, found ${tokens.length - 1}`);
        if (this.length + 3 > this.coords.length) this.grow();
        for (let k = 1; k <= 3; k++) this.coords[this.length++] = coordinate(tokens[k] ?? "", this.lineNo, (message) => this.syntax(message));
        this.vertexInLoop++;
        if (this.vertexInLoop === 3) {
          this.expect = "endloop";
          if (this.taken + this.length / 9 > this.maxTriangles) throw tooManyTriangles(this.taken + this.length / 9, this.maxTriangles);
        }
        break;
      }
      case "endloop":
        if (keyword !== "endloop") throw this.syntax(`expected 'endloop' after three vertices, found '${shorten(raw)}'`);
        this.expect = "endfacet";
        break;
      case "endfacet":
        if (keyword !== "endfacet") throw this.syntax(`expected 'endfacet', found '${shorten(raw)}'`);
        this.expect = "facet";
        break;
    }
  }

  /** The mesh, once every line was read. */
  finish(): StlMesh {
    if (this.expect !== "facet" && this.expect !== "solid") {
      throw new MeshError(
        "ascii-syntax",
        `ASCII STL syntax error on line ${this.lineNo}: the file ends inside a facet, so it was cut off. Export or download it again.`,
      );
    }
    const triangles = this.length / 9;
    if (triangles + this.taken === 0) {
      throw new MeshError("zero-triangles", "The STL file holds no triangles, so there is nothing to print. Export the model again with its geometry.");
    }
    const positions = this.length === this.coords.length ? this.coords : this.coords.slice(0, this.length);
    this.coords = new Float32Array(0);
    return { format: "ascii", positions, triangles };
  }

  /**
   * The coordinates of the whole triangles read since the last call, forgotten here, so a
   * streaming reader holds only one chunk's triangles (`finish()` then returns the rest).
   */
  take(): Float32Array {
    const whole = this.length - (this.length % 9);
    const out = this.coords.slice(0, whole);
    this.coords.copyWithin(0, whole, this.length);
    this.length -= whole;
    this.taken += whole / 9;
    return out;
  }

  private grow(): void {
    this.coords = grow(this.coords);
  }

  private syntax(message: string): MeshError {
    return new MeshError("ascii-syntax", `ASCII STL syntax error on line ${this.lineNo}: ${message}. Export the model again, or as binary STL.`);
  }
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
