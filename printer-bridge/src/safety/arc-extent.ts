/**
 * How far an arc (G2 clockwise, G3 counter-clockwise, in the XY plane) reaches: its bounding
 * box, which includes the points where it crosses the circle's leftmost, rightmost, lowest and
 * highest points, not only its ends. The centre is given (I/J) or worked out from the radius (R)
 * the way Marlin does it (R < 0: the longer way round).
 */

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

const TAU = 2 * Math.PI;
const positiveAngle = (angle: number): number => ((angle % TAU) + TAU) % TAU;

/** Marlin's centre for `G2/G3 R`: on the perpendicular bisector of start and end. */
export function arcCentreFromRadius(start: Point, end: Point, radius: number, clockwise: boolean): Point {
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const d = Math.hypot(dx, dy);
  if (d === 0) return start;
  const h = Math.sqrt(Math.max(0, radius * radius - (d / 2) ** 2));
  const e = clockwise !== radius < 0 ? -1 : 1;
  return { x: (start.x + end.x) / 2 + (e * h * -dy) / d, y: (start.y + end.y) / 2 + (e * h * dx) / d };
}

export function arcBox(start: Point, end: Point, centre: Point, clockwise: boolean, fullCircles = 0): Box {
  const radius = Math.hypot(start.x - centre.x, start.y - centre.y);
  const from = Math.atan2(start.y - centre.y, start.x - centre.x);
  const to = Math.atan2(end.y - centre.y, end.x - centre.x);
  const closed = Math.abs(start.x - end.x) < 1e-9 && Math.abs(start.y - end.y) < 1e-9;
  let sweep = clockwise ? positiveAngle(from - to) : positiveAngle(to - from);
  if ((closed && sweep < 1e-9) || fullCircles > 0) sweep = TAU;
  const box: Box = {
    minX: Math.min(start.x, end.x),
    maxX: Math.max(start.x, end.x),
    minY: Math.min(start.y, end.y),
    maxY: Math.max(start.y, end.y),
  };
  for (let quarter = 0; quarter < 4; quarter++) {
    const angle = (quarter * Math.PI) / 2;
    const along = clockwise ? positiveAngle(from - angle) : positiveAngle(angle - from);
    if (along > sweep + 1e-12) continue;
    const x = centre.x + radius * Math.cos(angle);
    const y = centre.y + radius * Math.sin(angle);
    box.minX = Math.min(box.minX, x);
    box.maxX = Math.max(box.maxX, x);
    box.minY = Math.min(box.minY, y);
    box.maxY = Math.max(box.maxY, y);
  }
  return box;
}
