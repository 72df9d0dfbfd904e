/**
 * The build-volume rule, for every job: every move stays inside the build volume plus the
 * policy's margin (X and Y on both sides, Z above; below the bed at most MAX_BELOW_BED_MM).
 * Follows the head through G0/G1 (and G5's end point), G2/G3 arcs (whole arc, not only its end),
 * G90/G91, G20/G21 (inches), G92/G92.1 shifts and G28 homing; probing (G29, G80) and Z-only
 * homing leave the head somewhere the G-code does not say. Stateful: feed it every command in order.
 */
import { type AxisCheck, AxisPosition } from "./axis-position.ts";
import { arcBox, arcCentreFromRadius, type Point } from "./arc-extent.ts";
import { type GcodeCommand, mentions } from "./gcode-command.ts";
import { type AxisRange, axisRange, type SafetyPolicy } from "./safety-policy.ts";

type Axis = "X" | "Y" | "Z";
const AXES: readonly Axis[] = ["X", "Y", "Z"];
const INCH = 25.4;
const fmt = (mm: number): string => Number(mm.toFixed(3)).toString();

export class BuildVolumeRule {
  private readonly axes: Record<Axis, AxisPosition> = { X: new AxisPosition(), Y: new AxisPosition(), Z: new AxisPosition() };
  private readonly ranges: Record<Axis, AxisRange>;
  private relative = false;
  private unit = 1;

  constructor(private readonly policy: SafetyPolicy) {
    this.ranges = { X: axisRange(policy, "X"), Y: axisRange(policy, "Y"), Z: axisRange(policy, "Z") };
  }

  /** Follows `command`; says in words how it leaves the build volume, or null. */
  check(command: GcodeCommand): string | null {
    switch (command.name) {
      case "G0":
      case "G1":
      case "G5":
        return this.move(command);
      case "G2":
      case "G3":
        return this.arc(command);
      case "G28":
        this.home(command);
        return null;
      case "G29":
      case "G80":
        for (const axis of AXES) this.axes[axis].forget();
        return null;
      case "G90":
        this.relative = false;
        return null;
      case "G91":
        this.relative = true;
        return null;
      case "G20":
        this.unit = INCH;
        return null;
      case "G21":
        this.unit = 1;
        return null;
      case "G92":
        for (const axis of AXES) {
          const value = command.params.get(axis);
          if (value !== undefined) this.axes[axis].setLogical(value * this.unit);
        }
        return null;
      case "G92.1":
        for (const axis of AXES) this.axes[axis].clearShift();
        return null;
      default:
        return null;
    }
  }

  private home(command: GcodeCommand): void {
    const named = AXES.filter((axis) => mentions(command, axis));
    const homed = named.length === 0 ? AXES : named;
    for (const axis of homed) this.axes[axis].home();
    // Homing Z alone (safe homing) first moves X and Y to the middle of the bed.
    if (named.length > 0 && homed.includes("Z")) for (const axis of AXES) if (!homed.includes(axis)) this.axes[axis].forget();
  }

  private moveAxes(command: GcodeCommand): void {
    for (const axis of AXES) {
      const value = command.params.get(axis);
      if (value === undefined) continue;
      if (this.relative) this.axes[axis].moveBy(value * this.unit);
      else this.axes[axis].moveTo(value * this.unit);
    }
  }

  private move(command: GcodeCommand): string | null {
    this.moveAxes(command);
    for (const axis of AXES) {
      if (!command.params.has(axis)) continue;
      const problem = this.describe(axis, this.axes[axis].check(this.ranges[axis]));
      if (problem) return problem;
    }
    return null;
  }

  private arc(command: GcodeCommand): string | null {
    const start = this.machinePoint();
    const end = start ? this.arcEnd(command, start) : null;
    const problem = this.move(command);
    if (problem || !start || !end) return problem;
    const clockwise = command.name === "G2";
    const radius = command.params.get("R");
    const centre =
      radius !== undefined
        ? arcCentreFromRadius(start, end, radius * this.unit, clockwise)
        : { x: start.x + (command.params.get("I") ?? 0) * this.unit, y: start.y + (command.params.get("J") ?? 0) * this.unit };
    const box = arcBox(start, end, centre, clockwise, command.params.get("P") ?? 0);
    const reaches: [Axis, number][] = [
      ["X", box.minX],
      ["X", box.maxX],
      ["Y", box.minY],
      ["Y", box.maxY],
    ];
    for (const [axis, position] of reaches) {
      const range = this.ranges[axis];
      if (position < range.min - 1e-9 || position > range.max + 1e-9)
        return `reaches ${axis} ${fmt(position)} mm along the arc, outside ${this.rangeWords(axis)}`;
    }
    return null;
  }

  private machinePoint(): Point | null {
    const x = this.axes.X.machine;
    const y = this.axes.Y.machine;
    return x === null || y === null ? null : { x, y };
  }

  private arcEnd(command: GcodeCommand, start: Point): Point | null {
    const end = (axis: "X" | "Y", from: number): number | null => {
      const value = command.params.get(axis);
      if (value === undefined) return from;
      return this.relative ? from + value * this.unit : this.axes[axis].machineFor(value * this.unit);
    };
    const x = end("X", start.x);
    const y = end("Y", start.y);
    return x === null || y === null ? null : { x, y };
  }

  private describe(axis: Axis, check: AxisCheck): string | null {
    if (check.ok) return null;
    if (check.position !== null) return `moves ${axis} to ${fmt(check.position)} mm, outside ${this.rangeWords(axis)}`;
    return `moves ${axis} over ${fmt(check.spread ?? 0)} mm before the job homed ${axis} or moved it to an absolute position; from no starting point does that stay inside ${this.rangeWords(axis)}`;
  }

  private rangeWords(axis: Axis): string {
    const range = this.ranges[axis];
    const size = axis === "X" ? this.policy.buildVolume.x : axis === "Y" ? this.policy.buildVolume.y : this.policy.buildVolume.z;
    return `this printer's ${axis} range of ${fmt(range.min)} to ${fmt(range.max)} mm (build volume ${fmt(size)} mm, margin ${fmt(this.policy.moveMarginMm)} mm)`;
  }
}
