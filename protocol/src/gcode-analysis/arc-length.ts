/**
 * Length in the XY plane of a `G2` (clockwise) / `G3` (counter-clockwise) arc, as Marlin reads
 * them: centre given as an offset `I J` from the start, or as a radius `R` (negative R: the arc
 * longer than a half circle). Start and end at the same point with `I J` make a full circle.
 */

/** Arc from (x0, y0) to (x1, y1) around (x0 + i, y0 + j). */
export function arcLengthByCentre(x0: number, y0: number, x1: number, y1: number, i: number, j: number, clockwise: boolean): number {
  const cx = x0 + i;
  const cy = y0 + j;
  const radius = Math.hypot(x0 - cx, y0 - cy);
  let angle = Math.atan2(y1 - cy, x1 - cx) - Math.atan2(y0 - cy, x0 - cx);
  if (clockwise && angle >= 0) angle -= 2 * Math.PI;
  if (!clockwise && angle <= 0) angle += 2 * Math.PI;
  return Math.abs(angle) * radius;
}

/** Arc from (x0, y0) to (x1, y1) with radius `r`. */
export function arcLengthByRadius(x0: number, y0: number, x1: number, y1: number, r: number, clockwise: boolean): number {
  // The centre lies on the perpendicular bisector of the chord.
  const chord = Math.hypot(x1 - x0, y1 - y0);
  if (chord === 0) return 0;
  const h = Math.sqrt(Math.max(0, r * r - (chord / 2) ** 2));
  const sign = (clockwise ? -1 : 1) * (r < 0 ? -1 : 1);
  const cx = (x0 + x1) / 2 - (sign * h * (y1 - y0)) / chord;
  const cy = (y0 + y1) / 2 + (sign * h * (x1 - x0)) / chord;
  return arcLengthByCentre(x0, y0, x1, y1, cx - x0, cy - y0, clockwise);
}
