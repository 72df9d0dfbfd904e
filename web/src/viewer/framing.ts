/**
 * Where the viewer puts the camera and how large it draws the build plate, from the model's
 * size. Pure maths in the printer's frame: millimetres, Z up, model centred on the plate at
 * the origin and resting on it (z = 0).
 */
import type { Vec3 } from "@peerfab/protocol";

export interface Framing {
  readonly target: Vec3;
  readonly position: Vec3;
  readonly near: number;
  readonly far: number;
}

/** Seen from the front right, a little above: the way you look at a printer's bed. */
const VIEW_DIRECTION: Vec3 = normalise({ x: 0.8, y: -1.6, z: 1.0 });
const MARGIN = 1.6;

/**
 * A camera that sees the whole model: its bounding sphere fits inside the narrower of the
 * vertical and horizontal fields of view, with a small margin.
 */
export function frameModel(size: Vec3, verticalFovDeg: number, aspect: number): Framing {
  const radius = Math.max(0.5 * Math.hypot(size.x, size.y, size.z), 1e-3);
  const vFov = (verticalFovDeg * Math.PI) / 180;
  const hFov = 2 * Math.atan(Math.tan(vFov / 2) * Math.max(aspect, 1e-3));
  const halfFov = Math.min(vFov, hFov) / 2;
  const distance = (radius / Math.sin(halfFov)) * MARGIN;
  const target = { x: 0, y: 0, z: size.z / 2 };
  return {
    target,
    position: {
      x: target.x + VIEW_DIRECTION.x * distance,
      y: target.y + VIEW_DIRECTION.y * distance,
      z: target.z + VIEW_DIRECTION.z * distance,
    },
    near: Math.max(distance / 100, 0.01),
    far: distance * 20 + plateSize(size) * 2,
  };
}

/** Side of the square plate grid in mm: the footprint plus a border, rounded up to 50 mm, at least 100 mm. */
export function plateSize(size: Vec3): number {
  const footprint = Math.max(size.x, size.y);
  return Math.max(100, Math.ceil((footprint + 40) / 50) * 50);
}

function normalise(v: Vec3): Vec3 {
  const length = Math.hypot(v.x, v.y, v.z);
  return { x: v.x / length, y: v.y / length, z: v.z / length };
}
