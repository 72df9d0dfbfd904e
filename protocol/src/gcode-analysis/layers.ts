/**
 * Layers of a print, counted two ways at once:
 * - from slicer markers: `;LAYER_CHANGE` (PrusaSlicer, OrcaSlicer, Bambu), `;LAYER:<n>` (Cura),
 *   `; layer <n>, Z = <z>` (Simplify3D), with the Z from `;Z:<z>` or the first extruding move;
 * - from moves: a layer is a Z at which a move extrudes in X/Y, higher (by more than 1 µm)
 *   than every earlier layer — so z-hops, travel and a lower first layer after a prime line do
 *   not add layers. Spiral-vase files get one "layer" per rising move.
 * Markers win when the file has them. At most {@link MAX_LAYERS} Z values are kept.
 */
import type { LayerSummary } from "./types.ts";

const MAX_LAYERS = 100_000;
const EPSILON = 0.001;

export class LayerTracker {
  private markerCount = 0;
  private readonly markerZ: number[] = [];
  private markerZPending = false;
  private movesCount = 0;
  private readonly movesZ: number[] = [];
  private top = Number.NEGATIVE_INFINITY;

  /** A slicer layer marker; `z` when the marker itself states it. */
  marker(z: number | null): void {
    this.markerCount++;
    if (this.markerZ.length < MAX_LAYERS) this.markerZ.push(z ?? Number.NaN);
    this.markerZPending = z === null;
  }

  /** `;Z:<z>` after a marker. */
  markerHeight(z: number): void {
    if (this.markerCount > 0 && this.markerZPending && this.markerZ.length === this.markerCount) {
      this.markerZ[this.markerZ.length - 1] = z;
      this.markerZPending = false;
    }
  }

  /** A move that extrudes in X/Y at height `z`. */
  extrudeAt(z: number): void {
    if (this.markerZPending) {
      if (this.markerZ.length === this.markerCount) this.markerZ[this.markerZ.length - 1] = z;
      this.markerZPending = false;
    }
    if (z > this.top + EPSILON) {
      this.top = z;
      this.movesCount++;
      if (this.movesZ.length < MAX_LAYERS) this.movesZ.push(z);
    }
  }

  result(): LayerSummary {
    if (this.markerCount > 0) return { count: this.markerCount, z: [...this.markerZ], source: "comments" };
    return { count: this.movesCount, z: [...this.movesZ], source: "moves" };
  }
}
