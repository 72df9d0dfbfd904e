/**
 * The build plate the viewer draws: grid lines every 10 mm (every 50 mm stronger) and the
 * outline of the bed, as line-segment vertex arrays in the plate's plane (z = 0), centred on
 * the origin like the model. Lines count from the bed's front-left corner, as the printer's own
 * coordinates do. Pure.
 */
export interface PlateLines {
  /** x, y, z per vertex, two vertices per line. */
  readonly minor: Float32Array;
  readonly major: Float32Array;
  /** The bed's edge: four lines. */
  readonly outline: Float32Array;
}

export function plateLines(width: number, depth: number, minorStepMm = 10, majorStepMm = 50): PlateLines {
  const minor: number[] = [];
  const major: number[] = [];
  const x0 = -width / 2;
  const y0 = -depth / 2;
  const isMajor = (offset: number) => Math.abs(offset / majorStepMm - Math.round(offset / majorStepMm)) < 1e-6;
  // Interior lines only: the outline draws the edges.
  for (let offset = minorStepMm; offset < width - 1e-6; offset += minorStepMm) {
    (isMajor(offset) ? major : minor).push(x0 + offset, y0, 0, x0 + offset, -y0, 0);
  }
  for (let offset = minorStepMm; offset < depth - 1e-6; offset += minorStepMm) {
    (isMajor(offset) ? major : minor).push(x0, y0 + offset, 0, -x0, y0 + offset, 0);
  }
  const outline = [x0, y0, 0, -x0, y0, 0, -x0, y0, 0, -x0, -y0, 0, -x0, -y0, 0, x0, -y0, 0, x0, -y0, 0, x0, y0, 0];
  return { minor: Float32Array.from(minor), major: Float32Array.from(major), outline: Float32Array.from(outline) };
}
