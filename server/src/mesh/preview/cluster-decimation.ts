/**
 * Vertex-clustering decimation (Rossignac & Borrel, "Multi-resolution 3D approximations for
 * rendering complex scenes", 1993): a uniform grid over the bounding box; every corner falls
 * into a cell; a triangle survives when its three corners land in three different cells, and
 * each cell becomes one vertex at the mean of the corners in it. Pure and bounded: memory grows
 * with the *output* (occupied cells and kept triangles), never with the input triangle count,
 * so a 10-million-triangle soup is reduced without a second copy of it — or, fed in batches
 * streamed from disk (`clusterDecimateBatches`), without holding it at all.
 *
 * The grid is refined or coarsened until the result has at most `targetTriangles` triangles.
 * The result's bounding box lies within one cell of the original's (a cell's mean lies in it).
 */
import { CellTable, TriangleSet } from "./cluster-tables.ts";

export interface IndexedTriangles {
  /** x y z per vertex. */
  positions: Float32Array;
  /** Three vertex ids per triangle, wound as in the source. */
  indices: Uint32Array;
}

/** Longest grid edge in cells: cell coordinates must fit 21 bits each. */
const MAX_CELLS_PER_AXIS = 1 << 20;
const MAX_PASSES = 8;

export function clusterDecimate(positions: Float32Array, triangles: number, targetTriangles: number): IndexedTriangles {
  const box = bounds(positions, triangles * 3);
  return clusterDecimateBatches((visit) => visit(positions, triangles), box, surfaceArea(positions, triangles), targetTriangles);
}

/** Calls `visit` with every batch of triangles (9 floats each), always in the same order. */
export type TriangleBatches = (visit: (positions: Float32Array, triangles: number) => void) => void;

/**
 * The same decimation over triangles that come in batches (a mesh streamed from disk), given
 * their bounding box and surface area (known from the analysis): one pass over the batches per
 * grid tried. The result equals `clusterDecimate`'s on one array of the same triangles.
 */
export function clusterDecimateBatches(batches: TriangleBatches, box: Box, area: number, targetTriangles: number): IndexedTriangles {
  const extent = Math.max(box.maxX - box.minX, box.maxY - box.minY, box.maxZ - box.minZ);
  const empty = { positions: new Float32Array(0), indices: new Uint32Array(0) };
  if (!(extent > 0) || targetTriangles < 1) return empty;
  // A surface cut into cells of edge h has about area / h² occupied cells, and a closed
  // surface about two triangles per vertex: start there, a little coarser.
  let cellSize = Math.max(extent / MAX_CELLS_PER_AXIS, Math.sqrt((2 * area) / targetTriangles) * 1.15 || extent / 2);
  let result = cluster(batches, box, cellSize);
  for (let pass = 1; pass < MAX_PASSES && result.indices.length / 3 > targetTriangles; pass++) {
    cellSize = Math.min(extent / 2, (cellSize / Math.sqrt(targetTriangles / (result.indices.length / 3))) * 1.05);
    result = cluster(batches, box, cellSize);
  }
  return result.indices.length / 3 > targetTriangles ? empty : result;
}

function surfaceArea(p: Float32Array, triangles: number): number {
  let area = 0;
  for (let o = 0; o < triangles * 9; o += 9) {
    const ux = (p[o + 3] as number) - (p[o] as number), uy = (p[o + 4] as number) - (p[o + 1] as number), uz = (p[o + 5] as number) - (p[o + 2] as number);
    const wx = (p[o + 6] as number) - (p[o] as number), wy = (p[o + 7] as number) - (p[o + 1] as number), wz = (p[o + 8] as number) - (p[o + 2] as number);
    const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
    area += Math.sqrt(nx * nx + ny * ny + nz * nz) / 2;
  }
  return area;
}

export interface Box {
  minX: number;
  minY: number;
  minZ: number;
  maxX: number;
  maxY: number;
  maxZ: number;
}

/** The bounding box of the first `corners` corners. */
function bounds(p: Float32Array, corners: number): Box {
  const box = { minX: Infinity, minY: Infinity, minZ: Infinity, maxX: -Infinity, maxY: -Infinity, maxZ: -Infinity };
  for (let o = 0; o < corners * 3; o += 3) {
    const x = p[o] as number, y = p[o + 1] as number, z = p[o + 2] as number;
    if (x < box.minX) box.minX = x;
    if (x > box.maxX) box.maxX = x;
    if (y < box.minY) box.minY = y;
    if (y > box.maxY) box.maxY = y;
    if (z < box.minZ) box.minZ = z;
    if (z > box.maxZ) box.maxZ = z;
  }
  return box;
}

function cluster(batches: TriangleBatches, box: Box, cellSize: number): IndexedTriangles {
  const cells = new CellTable();
  const kept = new TriangleSet();
  const inverse = 1 / cellSize;
  const { minX, minY, minZ } = box;
  batches((positions, triangles) => {
    const cellOf = (o: number): number => {
      const x = positions[o] as number, y = positions[o + 1] as number, z = positions[o + 2] as number;
      return cells.add(Math.floor((x - minX) * inverse), Math.floor((y - minY) * inverse), Math.floor((z - minZ) * inverse), x, y, z);
    };
    for (let t = 0, o = 0; t < triangles; t++, o += 9) {
      const a = cellOf(o);
      const b = cellOf(o + 3);
      const c = cellOf(o + 6);
      if (a !== b && b !== c && a !== c) kept.add(a, b, c);
    }
  });
  return compact(cells, kept);
}

/** Vertices of the cells some kept triangle uses, renumbered densely. */
function compact(cells: CellTable, kept: TriangleSet): IndexedTriangles {
  const source = kept.indices();
  const remap = new Int32Array(cells.size).fill(-1);
  let vertices = 0;
  for (const cell of source) if (remap[cell] === -1) remap[cell] = vertices++;
  const positions = new Float32Array(vertices * 3);
  for (let cell = 0; cell < cells.size; cell++) {
    const v = remap[cell] as number;
    if (v === -1) continue;
    const [x, y, z] = cells.mean(cell);
    positions[v * 3] = x;
    positions[v * 3 + 1] = y;
    positions[v * 3 + 2] = z;
  }
  const indices = new Uint32Array(source.length);
  for (let i = 0; i < source.length; i++) indices[i] = remap[source[i] as number] as number;
  return { positions, indices };
}
