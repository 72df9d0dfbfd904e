/**
 * How the toolpath preview maps printer millimetres onto its canvas: the print's X/Y extent,
 * centred, as large as fits with a margin, Y pointing up as on the printer's bed (the front of
 * the bed at the bottom). Pure.
 */
import type { Bounds } from "./toolpath.ts";

export interface ToolpathView {
  /** Canvas pixels per millimetre. */
  readonly scale: number;
  canvasX(x: number): number;
  canvasY(y: number): number;
}

export function toolpathView(bounds: Bounds, width: number, height: number, marginPx = 8): ToolpathView {
  const spanX = Math.max(bounds.maxX - bounds.minX, 1e-3);
  const spanY = Math.max(bounds.maxY - bounds.minY, 1e-3);
  const scale = Math.max(Math.min((width - 2 * marginPx) / spanX, (height - 2 * marginPx) / spanY), 1e-6);
  const centreX = (bounds.minX + bounds.maxX) / 2;
  const centreY = (bounds.minY + bounds.maxY) / 2;
  return {
    scale,
    canvasX: (x) => width / 2 + (x - centreX) * scale,
    canvasY: (y) => height / 2 - (y - centreY) * scale,
  };
}
