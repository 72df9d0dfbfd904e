/** Shared by the slicer tests: where the models are, PrusaSlicer's own figures read by regex, a small pool. */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

export const MODELS_DIR = fileURLToPath(new URL("../../models/", import.meta.url));
export const SLICER_FIXTURES = fileURLToPath(new URL("../../fixtures/slicer/", import.meta.url));

/** PrusaSlicer's own figures in its G-code, read independently of the analyzer. */
export const slicerFigure = {
  number(text: string, pattern: RegExp): number {
    const match = pattern.exec(text);
    if (!match?.[1]) throw new Error(`G-code lacks ${pattern}`);
    return Number(match[1]);
  },
  seconds(text: string): number {
    const match = /^; estimated printing time \(normal mode\) = (?:(\d+)h )?(?:(\d+)m )?(?:(\d+)s)?$/m.exec(text);
    if (!match) throw new Error("G-code lacks PrusaSlicer's time estimate");
    return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
  },
};

/** Runs `work` on every item, at most `limit` at a time. */
export async function mapConcurrent<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A closed binary STL box of `x` × `y` × `z` mm with its corner at the origin. */
export async function writeBoxStl(path: string, x: number, y: number, z: number): Promise<void> {
  const v = [
    [0, 0, 0], [x, 0, 0], [x, y, 0], [0, y, 0],
    [0, 0, z], [x, 0, z], [x, y, z], [0, y, z],
  ] as const;
  // Outward-wound faces, two triangles each.
  const faces = [
    [0, 2, 1], [0, 3, 2], [4, 5, 6], [4, 6, 7],
    [0, 1, 5], [0, 5, 4], [1, 2, 6], [1, 6, 5],
    [2, 3, 7], [2, 7, 6], [3, 0, 4], [3, 4, 7],
  ] as const;
  const buffer = Buffer.alloc(84 + faces.length * 50);
  buffer.write("PeerFab test box", 0, "ascii");
  buffer.writeUInt32LE(faces.length, 80);
  faces.forEach((face, i) => {
    const offset = 84 + i * 50 + 12;
    face.forEach((corner, j) => {
      const point = v[corner];
      for (let k = 0; k < 3; k++) buffer.writeFloatLE(point[k] ?? 0, offset + j * 12 + k * 4);
    });
  });
  await writeFile(path, buffer);
}
