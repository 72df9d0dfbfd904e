/**
 * One `<object>` of a 3MF model part as it is read: its mesh in growing typed arrays (filled by
 * the general reader in model-part.ts and by the fast path in mesh-block-scanner.ts alike) and
 * its components.
 */
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

/** A typed array twice as long, holding `array`'s values first. */
export function grow<T extends Float32Array | Uint32Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
