/** Growing typed arrays, shared by the mesh readers and the hub's mesh analysis. */

type GrowableArray = Float32Array | Float64Array | Uint32Array;

/** A typed array of the same kind twice as long, holding `array`'s values first. */
export function grow<T extends GrowableArray>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
