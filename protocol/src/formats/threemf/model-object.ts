/**
 * One `<object>` of a 3MF model part as it is read: its mesh in growing typed arrays (filled by
 * the general reader in model-part.ts and by the fast path in mesh-block-scanner.ts alike) and
 * its components.
 */
import { grow } from "../grow-array.ts";
import type { ObjectReference } from "./model-part.ts";

export interface ModelObject {
  id: string;
  name: string | null;
  /** x y z per vertex, in the model's unit. */
  vertices: Float32Array;
  vertexCount: number;
  /** Three vertex indices per triangle. */
  triangles: Uint32Array;
  triangleCount: number;
  components: ObjectReference[];
}

/** Appends one vertex (x y z in the model's unit), growing the array when full. */
export function addVertex(object: ModelObject, x: number, y: number, z: number): void {
  if (object.vertexCount * 3 === object.vertices.length) object.vertices = grow(object.vertices);
  const o = object.vertexCount * 3;
  object.vertices[o] = x;
  object.vertices[o + 1] = y;
  object.vertices[o + 2] = z;
  object.vertexCount++;
}

/** Appends one triangle (three vertex indices the caller has checked), growing the array when full. */
export function addTriangle(object: ModelObject, a: number, b: number, c: number): void {
  if (object.triangleCount * 3 === object.triangles.length) object.triangles = grow(object.triangles);
  const o = object.triangleCount * 3;
  object.triangles[o] = a;
  object.triangles[o + 1] = b;
  object.triangles[o + 2] = c;
  object.triangleCount++;
}
