/**
 * What the hub learns from a mesh, for the whole file and (3MF) for each build item.
 *
 * Measures, all in millimetres:
 * - `triangles`, `vertices` (after welding equal corners, see vertex-weld.ts), axis-aligned
 *   `bbox` and its `size`, `areaMm2` (sum of triangle areas).
 * - `volumeMm3`: |Σ signed volume of the tetrahedra (origin, a, b, c)| over all triangles as
 *   wound in the file. Exact for a closed, consistently oriented mesh; a hint otherwise.
 * - `shells`: connected components over shared (welded) vertices.
 * - Edge census (edge-topology.ts): `openEdges` (used by one triangle), `nonManifoldEdges`
 *   (three or more), `misorientedEdges` (two triangles running it in the same direction),
 *   `degenerateTriangles` (two corners on one vertex; left out of the edge census).
 * - `watertight`: every edge is shared by exactly two triangles (no open, no non-manifold edge).
 * - `manifold`: watertight and consistently oriented — every directed edge appears once.
 * - `invertedTriangles`, defined precisely: triangles are grouped into orientation patches
 *   (joined through edges used by exactly two triangles). Within a patch every triangle's winding
 *   is compared with the patch's first triangle; the less common winding counts as inverted (ties
 *   count the second group). Then a patch with no open or non-manifold edge whose signed volume
 *   (minority flipped) is negative is inside out, and its majority counts as inverted too — unless
 *   its bounding box lies within the bounding box of a closed patch with positive volume, which
 *   makes it a cavity (a hollow), correctly wound inwards.
 */
import type { BoundingBox, MeshMeasures, Vec3 } from "@peerfab/protocol";
import { ParityDisjointSets } from "./disjoint-sets.ts";
import { takeEdgeCensus } from "./edge-topology.ts";
import type { TriangleMesh } from "./triangle-mesh.ts";
import { weldVertices } from "./vertex-weld.ts";

export type { MeshMeasures };

/** One build item of a 3MF, measured on its own (after its transforms). */
export interface MeshPart {
  name: string;
  objectId: string;
  firstTriangle: number;
  triangles: number;
}

export interface MeshAnalysis extends MeshMeasures {
  /** 3MF: one entry per build item; STL: null. */
  objects: (MeshMeasures & { name: string; objectId: string })[] | null;
}

export function analyseMesh(mesh: TriangleMesh, parts: readonly MeshPart[] | null = null): MeshAnalysis {
  const whole = measureTriangles(mesh.positions, 0, mesh.triangles);
  const objects =
    parts === null
      ? null
      : parts.map((part) => ({
          name: part.name,
          objectId: part.objectId,
          // A single item is the whole build: measure once.
          ...(parts.length === 1 ? whole : measureTriangles(mesh.positions, part.firstTriangle, part.triangles)),
        }));
  return { ...whole, objects };
}

/** Measures triangles `first … first + count - 1` of a position array. */
export function measureTriangles(positions: Float32Array, first: number, count: number): MeshMeasures {
  const p = positions.subarray(first * 9, (first + count) * 9);
  const volumes = new Float64Array(count);
  let minX = Infinity, minY = Infinity, minZ = Infinity;
  let maxX = -Infinity, maxY = -Infinity, maxZ = -Infinity;
  let volume = 0;
  let area = 0;
  for (let t = 0, o = 0; t < count; t++, o += 9) {
    const ax = p[o] as number, ay = p[o + 1] as number, az = p[o + 2] as number;
    const bx = p[o + 3] as number, by = p[o + 4] as number, bz = p[o + 5] as number;
    const cx = p[o + 6] as number, cy = p[o + 7] as number, cz = p[o + 8] as number;
    minX = Math.min(minX, ax, bx, cx);
    minY = Math.min(minY, ay, by, cy);
    minZ = Math.min(minZ, az, bz, cz);
    maxX = Math.max(maxX, ax, bx, cx);
    maxY = Math.max(maxY, ay, by, cy);
    maxZ = Math.max(maxZ, az, bz, cz);
    // Signed volume of the tetrahedron (origin, a, b, c) = a · (b × c) / 6.
    const v = (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6;
    volumes[t] = v;
    volume += v;
    const ux = bx - ax, uy = by - ay, uz = bz - az;
    const wx = cx - ax, wy = cy - ay, wz = cz - az;
    const nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
    area += Math.sqrt(nx * nx + ny * ny + nz * nz) / 2;
  }

  const { indices, vertexCount } = weldVertices(positions, first, count);
  const shells = countShells(indices, count, vertexCount);
  const patches = new ParityDisjointSets(count);
  const { census, touchesOpenEdge, degenerate } = takeEdgeCensus(indices, count, vertexCount, patches);
  const invertedTriangles = countInverted(p, count, patches, volumes, touchesOpenEdge, degenerate);

  const bbox: BoundingBox = { min: { x: minX, y: minY, z: minZ }, max: { x: maxX, y: maxY, z: maxZ } };
  const size: Vec3 = { x: maxX - minX, y: maxY - minY, z: maxZ - minZ };
  const watertight = census.openEdges === 0 && census.nonManifoldEdges === 0;
  return {
    triangles: count,
    vertices: vertexCount,
    bbox,
    size,
    volumeMm3: Math.abs(volume),
    areaMm2: area,
    shells,
    watertight,
    manifold: watertight && census.misorientedEdges === 0,
    openEdges: census.openEdges,
    nonManifoldEdges: census.nonManifoldEdges,
    misorientedEdges: census.misorientedEdges,
    invertedTriangles,
    degenerateTriangles: census.degenerateTriangles,
  };
}

function countShells(indices: Uint32Array, triangles: number, vertexCount: number): number {
  const sets = new ParityDisjointSets(vertexCount);
  for (let o = 0; o < triangles * 3; o += 3) {
    const a = indices[o] as number;
    sets.union(a, indices[o + 1] as number, 0);
    sets.union(a, indices[o + 2] as number, 0);
  }
  let shells = 0;
  for (let v = 0; v < vertexCount; v++) if (sets.parent[v] === v) shells++;
  return shells;
}

function countInverted(
  p: Float32Array,
  count: number,
  patches: ParityDisjointSets,
  volumes: Float64Array,
  touchesOpenEdge: Uint8Array,
  degenerate: Uint8Array,
): number {
  const asRoot = new Int32Array(count);
  const flipped = new Int32Array(count);
  const members = new Int32Array(count);
  const patchVolume = new Float64Array(count);
  const open = new Uint8Array(count);
  for (let t = 0; t < count; t++) {
    if (degenerate[t] === 1) continue;
    const root = patches.find(t);
    const parity = patches.lastParity;
    asRoot[t] = root;
    members[root] = (members[root] as number) + 1;
    if (parity === 1) {
      flipped[root] = (flipped[root] as number) + 1;
      patchVolume[root] = (patchVolume[root] as number) - (volumes[t] as number);
    } else {
      patchVolume[root] = (patchVolume[root] as number) + (volumes[t] as number);
    }
    if (touchesOpenEdge[t] === 1) open[root] = 1;
  }
  let inverted = 0;
  const insideOut: number[] = [];
  const closedPositive: number[] = [];
  for (let r = 0; r < count; r++) {
    const n = members[r] as number;
    if (n === 0) continue;
    const f = flipped[r] as number;
    const minority = Math.min(f, n - f);
    inverted += minority;
    // Volume with the minority flipped to the majority winding.
    const oriented = f * 2 > n ? -(patchVolume[r] as number) : (patchVolume[r] as number);
    if (open[r] === 1) continue;
    if (oriented < 0) insideOut.push(r);
    else if (oriented > 0) closedPositive.push(r);
  }
  if (insideOut.length === 0) return inverted;

  const boxes = patchBoxes(p, count, asRoot, degenerate, [...insideOut, ...closedPositive]);
  for (const r of insideOut) {
    const box = boxes.get(r) as Float64Array;
    const cavity = closedPositive.some((q) => contains(boxes.get(q) as Float64Array, box));
    if (!cavity) inverted += (members[r] as number) - Math.min(flipped[r] as number, (members[r] as number) - (flipped[r] as number));
  }
  return inverted;
}

function patchBoxes(p: Float32Array, count: number, asRoot: Int32Array, degenerate: Uint8Array, roots: number[]): Map<number, Float64Array> {
  const boxes = new Map<number, Float64Array>();
  for (const r of roots) boxes.set(r, Float64Array.of(Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity));
  for (let t = 0; t < count; t++) {
    if (degenerate[t] === 1) continue;
    const box = boxes.get(asRoot[t] as number);
    if (!box) continue;
    for (let o = t * 9; o < t * 9 + 9; o += 3) {
      for (let k = 0; k < 3; k++) {
        const value = p[o + k] as number;
        if (value < (box[k] as number)) box[k] = value;
        if (value > (box[k + 3] as number)) box[k + 3] = value;
      }
    }
  }
  return boxes;
}

function contains(outer: Float64Array, inner: Float64Array): boolean {
  for (let k = 0; k < 3; k++) {
    if ((inner[k] as number) < (outer[k] as number) || (inner[k + 3] as number) > (outer[k + 3] as number)) return false;
  }
  return outer !== inner;
}
