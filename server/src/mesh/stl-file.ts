/**
 * Reading an STL file from disk without holding the file: the same grammar and errors as the
 * in-memory parser (stl.ts), but the bytes come through one reused 1 MB buffer. Binary files are
 * decoded record by record (fixed 50-byte records, so a chunk is a whole number of them); ASCII
 * files are split into lines as they stream. Only the triangle positions (36 bytes per triangle)
 * stay in memory.
 */
import { open } from "node:fs/promises";
import { MeshError } from "@peerfab/protocol/formats/mesh";
import {
  AsciiStlReader,
  BINARY_STL,
  binaryTriangleCount,
  readBinaryRecords,
  STL_HEAD_BYTES,
  STL_LINE_BREAK,
  type StlMesh,
  stlFormat,
} from "./stl.ts";

/** Whole triangle records per read: 20,971 × 50 bytes ≈ 1 MB. */
const RECORDS_PER_READ = Math.floor((1024 * 1024) / BINARY_STL.triangleBytes);
/** Longer lines are refused while streaming, so a file without line breaks cannot pile up in memory. */
const MAX_ASCII_LINE = 64 * 1024;

export async function readStlFile(path: string, maxTriangles = Infinity): Promise<StlMesh> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const head = new Uint8Array(Math.min(size, STL_HEAD_BYTES));
    await readFully(file, head, 0);
    const format = stlFormat(head, size);
    return format === "binary" ? await readBinary(file, head, maxTriangles) : await readAscii(file, size, maxTriangles);
  } finally {
    await file.close();
  }
}

type FileHandle = Awaited<ReturnType<typeof open>>;

async function readBinary(file: FileHandle, head: Uint8Array, maxTriangles: number): Promise<StlMesh> {
  const triangles = binaryTriangleCount(head, maxTriangles);
  const positions = new Float32Array(triangles * 9);
  const buffer = new Uint8Array(Math.min(triangles, RECORDS_PER_READ) * BINARY_STL.triangleBytes);
  for (let done = 0; done < triangles; ) {
    const count = Math.min(RECORDS_PER_READ, triangles - done);
    const chunk = buffer.subarray(0, count * BINARY_STL.triangleBytes);
    await readFully(file, chunk, BINARY_STL.preambleBytes + done * BINARY_STL.triangleBytes);
    done += readBinaryRecords(chunk, positions, done);
  }
  return { format: "binary", positions, triangles };
}

async function readAscii(file: FileHandle, size: number, maxTriangles: number): Promise<StlMesh> {
  const reader = new AsciiStlReader(maxTriangles);
  await feedAsciiLines(file, size, reader, () => {});
  return reader.finish();
}

/**
 * Converts an ASCII STL file without holding its triangles: `onTriangles` receives each chunk's
 * whole triangles (9 floats each) as they are read. Returns the triangle count; the errors are
 * the in-memory reader's.
 */
export async function streamAsciiStl(path: string, maxTriangles: number, onTriangles: (coords: Float32Array) => void): Promise<number> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const reader = new AsciiStlReader(maxTriangles);
    let triangles = 0;
    const drain = (coords: Float32Array) => {
      triangles += coords.length / 9;
      if (coords.length > 0) onTriangles(coords);
    };
    await feedAsciiLines(file, size, reader, () => drain(reader.take()));
    drain(reader.finish().positions);
    return triangles;
  } finally {
    await file.close();
  }
}

/** Feeds the file's lines to `reader`, calling `afterChunk` after each 1 MB read. */
async function feedAsciiLines(file: FileHandle, size: number, reader: AsciiStlReader, afterChunk: () => void): Promise<void> {
  const decoder = new TextDecoder("latin1");
  const buffer = new Uint8Array(1024 * 1024);
  // The unfinished last line of what was read so far; a trailing "\r" stays in it, so a "\r\n"
  // split across two reads is still one line break.
  let carry = "";
  for (let position = 0; position < size; ) {
    const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, size - position), position);
    if (bytesRead === 0) throw changedWhileReading();
    position += bytesRead;
    let text = carry + decoder.decode(buffer.subarray(0, bytesRead));
    const pendingCr = text.endsWith("\r");
    if (pendingCr) text = text.slice(0, -1);
    const lines = text.split(STL_LINE_BREAK);
    carry = (lines.pop() ?? "") + (pendingCr ? "\r" : "");
    for (const line of lines) reader.line(line);
    afterChunk();
    if (carry.length > MAX_ASCII_LINE) {
      throw new MeshError(
        "ascii-syntax",
        `ASCII STL syntax error on line ${reader.linesRead + 1}: the line is longer than ${MAX_ASCII_LINE / 1024} KB, which no STL line is. Export the model again, or as binary STL.`,
      );
    }
  }
  for (const line of carry.split(STL_LINE_BREAK)) reader.line(line);
}

async function readFully(file: FileHandle, target: Uint8Array, position: number): Promise<void> {
  for (let filled = 0; filled < target.length; ) {
    const { bytesRead } = await file.read(target, filled, target.length - filled, position + filled);
    if (bytesRead === 0) throw changedWhileReading();
    filled += bytesRead;
  }
}

function changedWhileReading(): MeshError {
  return new MeshError("truncated-stl", "The STL file got shorter while it was being read. Upload it again.");
}
