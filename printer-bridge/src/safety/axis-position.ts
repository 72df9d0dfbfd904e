/**
 * Where one axis (X, Y or Z) is in machine coordinates, as far as the G-code tells. G-code
 * coordinates are logical: machine position + the shift G92 sets. Homing (G28) puts the axis at
 * 0 and clears the shift, as Marlin does.
 *
 * Before the job homes the axis or moves it to an absolute coordinate its position is unknown.
 * Relative moves from there are still followed as drift from that unknown start: the head cannot
 * stay inside the range if the drift's spread (highest minus lowest) is wider than the range.
 *
 * Assumption: a job starts with no G92 shift on X/Y/Z (slicers home first, which clears it).
 */
import type { AxisRange } from "./safety-policy.ts";

export type AxisCheck = { ok: true } | { ok: false; position: number | null; spread: number | null };

export class AxisPosition {
  /** Machine position, mm; null while unknown. */
  private position: number | null = null;
  /** Logical minus machine position; null when G92 was given while the position was unknown. */
  private shift: number | null = 0;
  /** While the position is unknown: movement since the unknown start, and its extremes. */
  private drift = 0;
  private lowestDrift = 0;
  private highestDrift = 0;
  /** While position and shift are unknown: the logical coordinate at drift 0. */
  private logicalAtStart = 0;

  /** The machine position if known. */
  get machine(): number | null {
    return this.position;
  }

  /** The machine position an absolute move to logical `value` reaches, if known. */
  machineFor(value: number): number | null {
    return this.shift === null ? null : value - this.shift;
  }

  moveTo(value: number): void {
    if (this.shift !== null) this.position = value - this.shift;
    else this.driftTo(value - this.logicalAtStart);
  }

  moveBy(distance: number): void {
    if (this.position !== null) this.position += distance;
    else this.driftTo(this.drift + distance);
  }

  /** G92: the current position is now called `value`. */
  setLogical(value: number): void {
    if (this.position !== null) this.shift = value - this.position;
    else {
      this.shift = null;
      this.logicalAtStart = value - this.drift;
    }
  }

  /** G92.1: logical coordinates are machine coordinates again. */
  clearShift(): void {
    this.shift = 0;
  }

  /** G28: the axis is at its home, 0, with no shift. */
  home(): void {
    this.position = 0;
    this.shift = 0;
  }

  /** The firmware moved the axis somewhere the G-code does not say (probing, safe homing). */
  forget(): void {
    this.position = null;
    this.drift = this.lowestDrift = this.highestDrift = 0;
  }

  check(range: AxisRange): AxisCheck {
    if (this.position !== null)
      return this.position >= range.min - 1e-9 && this.position <= range.max + 1e-9 ? { ok: true } : { ok: false, position: this.position, spread: null };
    const spread = this.highestDrift - this.lowestDrift;
    return spread <= range.max - range.min + 1e-9 ? { ok: true } : { ok: false, position: null, spread };
  }

  private driftTo(drift: number): void {
    this.drift = drift;
    this.lowestDrift = Math.min(this.lowestDrift, drift);
    this.highestDrift = Math.max(this.highestDrift, drift);
  }
}
