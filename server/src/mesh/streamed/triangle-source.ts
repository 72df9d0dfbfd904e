/**
 * Where the streamed analysis reads triangles from, a batch at a time and always in file order:
 * a binary STL on disk (50-byte records decoded by stl.ts, so the same values and the same
 * errors as the in-memory reader), a float32 spill file (an ASCII STL converted once, see
 * mesh-file.ts), or positions already in memory (a 3MF's flattened build). Batches are reused
 * between calls (one buffer per source, so passes leave no garbage): a visitor must copy what it
 * keeps, and must not start another pass over the same source. Reads are synchronous (worker
 * thread).
 */
import { MeshError } from "@peerfab/protocol/formats/mesh";
import { closeSync, openSync, readSync } from "node:fs";
import { BINARY_STL, readBinaryRecords } from "../stl.ts";

/** Triangles per batch: 16,384 × 36 bytes = 576 KB of positions. */
export const BATCH_TRIANGLES = 16_384;

/** Receives `count` triangles (9 floats each) starting at triangle `first` of the source. */
export type TriangleVisitor = (positions: Float32Array, count: number, first: number) => void;

export interface TriangleSource {
  readonly triangles: number;
  /** Visits triangles `first … first + count - 1` in order, in batches. */
  forEach(first: number, count: number, visit: TriangleVisitor): void;
}

/** Positions already in memory. */
export class MemoryTriangles implements TriangleSource {
  constructor(
    private readonly positions: Float32Array,
    readonly triangles: number,
  ) {}

  forEach(first: number, count: number, visit: TriangleVisitor): void {
    for (let done = 0; done < count; done += BATCH_TRIANGLES) {
      const n = Math.min(BATCH_TRIANGLES, count - done);
      const t = first + done;
      visit(this.positions.subarray(t * 9, (t + n) * 9), n, t);
    }
  }
}

/** A binary STL file whose preamble was checked (its size matches `triangles` records). */
export class BinaryStlTriangles implements TriangleSource {
  private readonly records = new Uint8Array(BATCH_TRIANGLES * BINARY_STL.triangleBytes);
  private readonly positions = new Float32Array(BATCH_TRIANGLES * 9);

  constructor(
    private readonly path: string,
    readonly triangles: number,
  ) {}

  forEach(first: number, count: number, visit: TriangleVisitor): void {
    const size = BINARY_STL.triangleBytes;
    const { records, positions } = this;
    readEach(this.path, BINARY_STL.preambleBytes + first * size, count, size, records, (bytes, n, done) => {
      readBinaryRecords(bytes, positions, 0, first + done);
      visit(positions, n, first + done);
    });
  }
}

/** A file of float32 positions (9 per triangle, host byte order), written by this process. */
export class Float32FileTriangles implements TriangleSource {
  private readonly positions = new Float32Array(BATCH_TRIANGLES * 9);

  constructor(
    readonly path: string,
    readonly triangles: number,
  ) {}

  /** All the positions in one array. */
  readAll(): Float32Array {
    const positions = new Float32Array(this.triangles * 9);
    readEach(this.path, 0, this.triangles, 36, new Uint8Array(positions.buffer), () => {});
    return positions;
  }

  forEach(first: number, count: number, visit: TriangleVisitor): void {
    const { positions } = this;
    const bytes = new Uint8Array(positions.buffer);
    readEach(this.path, first * 36, count, 36, bytes, (_, n, done) => visit(positions, n, first + done));
  }
}

/** Reads `count` fixed-size items from `start` into `buffer` a batch at a time. */
function readEach(path: string, start: number, count: number, itemBytes: number, buffer: Uint8Array, use: (bytes: Uint8Array, n: number, done: number) => void): void {
  const fd = openSync(path, "r");
  try {
    const perBatch = buffer.length / itemBytes;
    for (let done = 0; done < count; ) {
      const n = Math.min(perBatch, count - done);
      const bytes = buffer.subarray(0, n * itemBytes);
      for (let filled = 0; filled < bytes.length; ) {
        const got = readSync(fd, bytes, filled, bytes.length - filled, start + done * itemBytes + filled);
        if (got === 0) throw new MeshError("truncated-stl", "The STL file got shorter while it was being read. Upload it again.");
        filled += got;
      }
      use(bytes, n, done);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
}
