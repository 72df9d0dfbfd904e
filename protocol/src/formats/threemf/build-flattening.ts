/**
 * Turns a 3MF's build into one triangle soup in millimetres: every `<build><item>` is expanded
 * through its components (recursively, across model parts for the Production extension), each
 * mesh's vertices are placed with the product of the transforms on the way, then scaled by the
 * root model's unit. Refused: references to objects that do not exist, component cycles, and
 * builds that expand to more triangles than the limit (counted before anything is allocated, so
 * a few components instancing each other cannot multiply memory).
 *
 * Non-root parts are read in the root model's unit (PrusaSlicer, Bambu Studio and OrcaSlicer
 * write millimetres everywhere).
 */
import { MeshError, tooManyTriangles } from "../mesh-error.ts";
import type { MeshPart, TriangleMesh } from "../triangle-mesh.ts";
import type { ModelObject } from "./model-object.ts";
import type { ModelPart, ObjectReference, Transform } from "./model-part.ts";

export interface FlatBuild {
  mesh: TriangleMesh;
  parts: MeshPart[];
}

interface Resolved {
  part: ModelPart;
  object: ModelObject;
}

export function flattenBuild(parts: ReadonlyMap<string, ModelPart>, root: ModelPart, maxTriangles: number): FlatBuild {
  const resolve = (from: ModelPart, ref: ObjectReference, what: string): Resolved => {
    const part = ref.part === null ? from : parts.get(ref.part);
    if (!part) {
      throw invalid(`${what} points at part '${ref.part}', which the package does not contain (or it is not a .model part)`);
    }
    const object = part.objects.get(ref.objectId);
    if (!object) throw invalid(`${what} refers to object ${ref.objectId}, which part '${part.key}' does not define`);
    return { part, object };
  };

  const counts = new Map<ModelObject, number>();
  const visiting: string[] = [];
  const count = ({ part, object }: Resolved): number => {
    const known = counts.get(object);
    if (known !== undefined) return known;
    const label = `${object.id}${part === root ? "" : ` (${part.key})`}`;
    if (visiting.includes(label)) {
      throw invalid(`its components form a cycle: object ${[...visiting.slice(visiting.indexOf(label)), label].join(" → ")}`);
    }
    visiting.push(label);
    let total = object.triangleCount;
    for (const component of object.components) {
      total += count(resolve(part, component, `a component of object ${object.id}`));
    }
    visiting.pop();
    counts.set(object, total);
    return total;
  };

  if (root.items.length === 0) {
    throw new MeshError("zero-triangles", "The 3MF has no build items, so there is nothing to print. Place the objects on the plate and export it again.");
  }
  const items = root.items.map((item, i) => ({ item, resolved: resolve(root, item, `build item ${i + 1}`) }));
  let total = 0;
  for (const { resolved } of items) total += count(resolved);
  if (total > maxTriangles) throw tooManyTriangles(total, maxTriangles);
  if (total === 0) {
    throw new MeshError("zero-triangles", "The 3MF's build holds no triangles, so there is nothing to print. Export the model again with its geometry.");
  }

  const positions = new Float32Array(total * 9);
  let written = 0;
  const place = ({ part, object }: Resolved, transform: Transform): void => {
    written = writeMesh(object, transform, positions, written);
    for (const component of object.components) {
      place(resolve(part, component, `a component of object ${object.id}`), compose(component.transform, transform));
    }
  };
  const scale = root.mmPerUnit;
  const meshParts: MeshPart[] = items.map(({ item, resolved }) => {
    const firstTriangle = written / 9;
    const toMm = compose(item.transform, Float64Array.of(scale, 0, 0, 0, scale, 0, 0, 0, scale, 0, 0, 0));
    place(resolved, toMm);
    return { name: resolved.object.name ?? `object ${resolved.object.id}`, objectId: resolved.object.id, firstTriangle, triangles: written / 9 - firstTriangle };
  });
  return { mesh: { positions, triangles: total }, parts: meshParts };
}

type Twelve = [number, number, number, number, number, number, number, number, number, number, number, number];

/** Writes an object's own triangles, transformed, at `offset`; returns the new offset. */
function writeMesh(object: ModelObject, m: Transform, out: Float32Array, offset: number): number {
  if (object.triangleCount === 0) return offset;
  const v = object.vertices;
  const placed = new Float32Array(object.vertexCount * 3);
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22, m30, m31, m32] = Array.from(m) as Twelve;
  for (let i = 0; i < placed.length; i += 3) {
    const x = v[i] as number, y = v[i + 1] as number, z = v[i + 2] as number;
    placed[i] = x * m00 + y * m10 + z * m20 + m30;
    placed[i + 1] = x * m01 + y * m11 + z * m21 + m31;
    placed[i + 2] = x * m02 + y * m12 + z * m22 + m32;
    // A coordinate beyond float32's range (±3.4e38) becomes Infinity here, read or transformed.
    if (!Number.isFinite((placed[i] as number) + (placed[i + 1] as number) + (placed[i + 2] as number))) {
      throw new MeshError(
        "non-finite-coordinate",
        `3MF rejected: vertex ${i / 3} of object ${object.id} is at (${x}, ${y}, ${z}) before its transform, which puts it beyond any printable size (not a finite 32-bit number). Repair the model or export it again from your slicer or CAD program.`,
      );
    }
  }
  const t = object.triangles;
  let o = offset;
  for (let i = 0; i < object.triangleCount * 3; i++) {
    const at = (t[i] as number) * 3;
    out[o++] = placed[at] as number;
    out[o++] = placed[at + 1] as number;
    out[o++] = placed[at + 2] as number;
  }
  return o;
}

/** The transform that applies `first`, then `then` (row vectors: p · first · then). */
export function compose(first: Transform, then: Transform): Transform {
  const a = (r: number, c: number) => (r < 3 ? (first[r * 3 + c] as number) : (first[9 + c] as number));
  const b = (r: number, c: number) => (r < 3 ? (then[r * 3 + c] as number) : (then[9 + c] as number));
  const out = new Float64Array(12);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 3; c++) {
      let sum = r === 3 ? b(3, c) : 0;
      for (let k = 0; k < 3; k++) sum += a(r, k) * b(k, c);
      out[r * 3 + c] = sum;
    }
  }
  return out;
}

function invalid(what: string): MeshError {
  return new MeshError("invalid-3mf", `3MF rejected: ${what}. Repair the model or export it again from your slicer or CAD program.`);
}
