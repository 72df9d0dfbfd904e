/**
 * Where the virtual printer's head is and how long its moves take. A `G0`/`G1` lasts its length
 * divided by its feed rate (modal `F`, mm/min; no acceleration). Like Marlin's planner, a move is
 * acknowledged as soon as it is queued, and the queue holds `blocks` moves: a full planner keeps
 * the next move (and its `ok`) waiting until the oldest move has run. `M400`, `G4` and homing
 * wait until every queued move has run.
 */

export type Axis = "X" | "Y" | "Z" | "E";

export interface MotionPlannerOptions {
  /** Marlin's BLOCK_BUFFER_SIZE: the planner holds one move fewer than this. Default 16. */
  blocks?: number;
  /** Feed rate before the first `F`, mm/min. Default 1500. */
  feedrate?: number;
}

export class MotionPlanner {
  readonly position: Record<Axis, number> = { X: 0, Y: 0, Z: 0, E: 0 };
  private readonly blocks: number;
  private feedrate: number;
  private relativeXyz = false;
  private relativeE = false;
  /** End times of the moves in the planner, oldest first. */
  private readonly moveEnds: number[] = [];

  constructor(options: MotionPlannerOptions = {}) {
    this.blocks = Math.max(2, options.blocks ?? 16);
    this.feedrate = options.feedrate ?? 1500;
  }

  /**
   * Applies a command's effect on position and modes; returns how long its motion lasts in ms
   * (0 for anything that does not move). `param(letter)` reads a parameter of the command.
   */
  apply(code: string, param: (letter: string) => number | null): number {
    switch (code) {
      case "G90":
        this.relativeXyz = false;
        this.relativeE = false;
        return 0;
      case "G91":
        this.relativeXyz = true;
        this.relativeE = true;
        return 0;
      case "M82":
        this.relativeE = false;
        return 0;
      case "M83":
        this.relativeE = true;
        return 0;
      case "G92":
        for (const axis of ["X", "Y", "Z", "E"] as const) {
          const value = param(axis);
          if (value !== null) this.position[axis] = value;
        }
        return 0;
      case "G28":
        this.position.X = 0;
        this.position.Y = 0;
        this.position.Z = 0;
        return 0;
      case "G0":
      case "G1":
        return this.move(param);
      default:
        return 0;
    }
  }

  /** ms until the planner has room for one more move (0 if it has room now). */
  waitForRoom(now: number): number {
    this.forgetFinished(now);
    if (this.moveEnds.length < this.blocks - 1) return 0;
    return (this.moveEnds[0] ?? now) - now;
  }

  /** Queues a move of `durationMs` behind the others. Call when `waitForRoom` is 0. */
  queueMove(durationMs: number, now: number): void {
    this.forgetFinished(now);
    const start = Math.max(now, this.moveEnds.at(-1) ?? now);
    this.moveEnds.push(start + durationMs);
  }

  /** ms until every queued move has run. */
  waitForIdle(now: number): number {
    this.forgetFinished(now);
    return Math.max(0, (this.moveEnds.at(-1) ?? now) - now);
  }

  /** Free planner blocks (the `P` of ADVANCED_OK, Marlin's moves_free()). */
  freeBlocks(now: number): number {
    this.forgetFinished(now);
    return Math.max(0, this.blocks - 1 - this.moveEnds.length);
  }

  private move(param: (letter: string) => number | null): number {
    const f = param("F");
    if (f !== null && f > 0) this.feedrate = f;
    const delta: Record<Axis, number> = { X: 0, Y: 0, Z: 0, E: 0 };
    for (const axis of ["X", "Y", "Z", "E"] as const) {
      const value = param(axis);
      if (value === null) continue;
      const relative = axis === "E" ? this.relativeE : this.relativeXyz;
      const target = relative ? this.position[axis] + value : value;
      delta[axis] = target - this.position[axis];
      this.position[axis] = target;
    }
    const travel = Math.hypot(delta.X, delta.Y, delta.Z);
    const distance = travel > 0 ? travel : Math.abs(delta.E);
    return (distance / this.feedrate) * 60_000;
  }

  private forgetFinished(now: number): void {
    while (this.moveEnds.length > 0 && (this.moveEnds[0] ?? 0) <= now) this.moveEnds.shift();
  }
}
