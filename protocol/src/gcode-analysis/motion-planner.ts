/**
 * Print time from a motion model, in the way PrusaSlicer's GCodeProcessor and Marlin's planner
 * estimate it: every move becomes a block with a trapezoidal velocity profile (accelerate,
 * cruise, decelerate); junction speeds between blocks come from classic jerk (`M205 X Y Z E`)
 * or, when `M205 J` is set, Marlin's junction deviation; a look-ahead planner runs a backward
 * and a forward pass over a bounded window of blocks and settles the oldest ones.
 * Memory is constant: the window is a ring buffer of {@link WINDOW} blocks.
 *
 * Not modelled: heat-up waits (`M109`/`M190` — they depend on the heater, not the file),
 * homing (`G28`), firmware segmenting of arcs, pressure advance and input shaping.
 */
import type { MotionLimits } from "./types.ts";

/** Blocks kept for look-ahead after settling, as PrusaSlicer's planner queue. */
const KEEP = 64;
/** Settle the window once it holds this many blocks. */
const REFRESH = KEEP * 4;
const WINDOW = 512; // > REFRESH + 1, power of two
const MASK = WINDOW - 1;
const PREVIOUS_FEEDRATE_THRESHOLD = 0.0001;
/** Marlin's MINIMUM_PLANNER_SPEED, mm/s. */
const MINIMUM_PLANNER_SPEED = 0.05;

/** Acceleration class of a move, as `M204` distinguishes them. */
export const MoveKind = { Print: 0, Travel: 1, Retract: 2 } as const;
export type MoveKind = (typeof MoveKind)[keyof typeof MoveKind];

class Block {
  distance = 0;
  acceleration = 0;
  entry = 0;
  cruise = 0;
  maxEntry = 0;
  safeFeedrate = 0;
  nominalLength = false;
  recalculate = false;
  accelerateUntil = 0;
  decelerateAfter = 0;
  cruiseFeedrate = 0;

  /** Trapezoid for this block ending at `exit` mm/s. */
  plan(exit: number): void {
    const a = this.acceleration;
    this.cruiseFeedrate = this.cruise;
    let accelerate = Math.max(0, accelerationDistance(this.entry, this.cruise, a));
    const decelerate = Math.max(0, accelerationDistance(this.cruise, exit, -a));
    let cruiseDistance = this.distance - accelerate - decelerate;
    if (cruiseDistance < 0) {
      accelerate = Math.min(Math.max(intersectionDistance(this.entry, exit, a, this.distance), 0), this.distance);
      cruiseDistance = 0;
      this.cruiseFeedrate = speedFromDistance(this.entry, accelerate, a);
    }
    this.accelerateUntil = accelerate;
    this.decelerateAfter = accelerate + cruiseDistance;
  }

  time(): number {
    const a = this.acceleration;
    const accelerateTime = a !== 0 ? (speedFromDistance(this.entry, this.accelerateUntil, a) - this.entry) / a : 0;
    const cruiseDistance = this.decelerateAfter - this.accelerateUntil;
    const cruiseTime = this.cruiseFeedrate !== 0 ? cruiseDistance / this.cruiseFeedrate : 0;
    const decelerateDistance = this.distance - this.decelerateAfter;
    const decelerateTime =
      a !== 0 ? (speedFromDistance(this.cruiseFeedrate, decelerateDistance, -a) - this.cruiseFeedrate) / -a : 0;
    return accelerateTime + cruiseTime + decelerateTime;
  }
}

/** `vFactor` reduced so that the speed change of one axis at the junction stays within `axisJerk`. */
function axisJerkFactor(vExit: number, vEntry: number, vFactor: number, axisJerk: number): number {
  const exit = vExit * vFactor;
  const entry = vEntry * vFactor;
  const change =
    exit > entry
      ? entry > 0 || exit < 0
        ? exit - entry // coasting
        : Math.max(exit, -entry) // reversal
      : entry < 0 || exit > 0
        ? entry - exit
        : Math.max(-exit, entry);
  return change > axisJerk ? vFactor * (axisJerk / change) : vFactor;
}

function accelerationDistance(initial: number, target: number, a: number): number {
  return a === 0 ? 0 : (target * target - initial * initial) / (2 * a);
}

function intersectionDistance(initial: number, final: number, a: number, distance: number): number {
  return a === 0 ? 0 : (2 * a * distance - initial * initial + final * final) / (4 * a);
}

function speedFromDistance(initial: number, distance: number, a: number): number {
  return Math.sqrt(Math.max(0, initial * initial + 2 * a * distance));
}

function maxAllowableSpeed(a: number, target: number, distance: number): number {
  return Math.sqrt(Math.max(0, target * target - 2 * a * distance));
}

/** Estimates how long the firmware takes to execute a stream of moves. */
export class MotionPlanner {
  readonly limits: MotionLimits;
  private readonly ring: Block[] = Array.from({ length: WINDOW }, () => new Block());
  private head = 0;
  private count = 0;
  private settled = 0;
  // The previous move, for junction speeds.
  private prevFeedrate = 0;
  private prevSafeFeedrate = 0;
  private readonly prevAxis = new Float64Array(4);
  private readonly prevUnit = new Float64Array(3);
  private readonly axis = new Float64Array(4);

  constructor(limits: MotionLimits) {
    this.limits = limits;
  }

  /** Seconds of everything planned so far, settling the whole window. */
  get seconds(): number {
    this.settle(0);
    return this.settled;
  }

  /** `G4`: the planner drains, then the firmware waits. */
  dwell(seconds: number): void {
    this.settle(0);
    if (seconds > 0) this.settled += seconds;
  }

  /** Adds one straight move of `distance` mm (XYZ length, or |E| for extruder-only moves). */
  move(dx: number, dy: number, dz: number, de: number, distance: number, feedrate: number, kind: MoveKind): void {
    if (!(distance > 0)) return;
    const limits = this.limits;
    const inverse = 1 / distance;
    const minimum = kind === MoveKind.Travel ? limits.minTravelFeedrate : limits.minExtrudingFeedrate;
    let cruise = feedrate > minimum ? feedrate : minimum;
    // Unit-direction components; the hot path, so unrolled per axis.
    const ux = dx * inverse;
    const uy = dy * inverse;
    const uz = dz * inverse;
    const ue = de * inverse;
    const ax = ux < 0 ? -ux : ux;
    const ay = uy < 0 ? -uy : uy;
    const az = uz < 0 ? -uz : uz;
    const ae = ue < 0 ? -ue : ue;
    const max = limits.maxFeedrate;
    let factor = 1;
    if (max.x > 0 && ax * cruise > max.x) factor = Math.min(factor, max.x / (ax * cruise));
    if (max.y > 0 && ay * cruise > max.y) factor = Math.min(factor, max.y / (ay * cruise));
    if (max.z > 0 && az * cruise > max.z) factor = Math.min(factor, max.z / (az * cruise));
    if (max.e > 0 && ae * cruise > max.e) factor = Math.min(factor, max.e / (ae * cruise));
    cruise *= factor;
    const axis = this.axis;
    axis[0] = ux * cruise;
    axis[1] = uy * cruise;
    axis[2] = uz * cruise;
    axis[3] = ue * cruise;

    let acceleration =
      kind === MoveKind.Travel
        ? limits.travelAcceleration
        : kind === MoveKind.Retract
          ? limits.retractAcceleration
          : limits.printAcceleration;
    const maxAcc = limits.maxAcceleration;
    if (ax > 0 && maxAcc.x > 0 && acceleration * ax > maxAcc.x) acceleration = maxAcc.x / ax;
    if (ay > 0 && maxAcc.y > 0 && acceleration * ay > maxAcc.y) acceleration = maxAcc.y / ay;
    if (az > 0 && maxAcc.z > 0 && acceleration * az > maxAcc.z) acceleration = maxAcc.z / az;
    if (ae > 0 && maxAcc.e > 0 && acceleration * ae > maxAcc.e) acceleration = maxAcc.e / ae;

    const jerk = limits.jerk;
    let safe = cruise;
    if (ax * cruise > jerk.x && jerk.x < safe) safe = jerk.x;
    if (ay * cruise > jerk.y && jerk.y < safe) safe = jerk.y;
    if (az * cruise > jerk.z && jerk.z < safe) safe = jerk.z;
    if (ae * cruise > jerk.e && jerk.e < safe) safe = jerk.e;

    let vmaxJunction: number;
    if (limits.junctionDeviation !== null) {
      safe = MINIMUM_PLANNER_SPEED;
      vmaxJunction = this.junctionDeviationSpeed(dx, dy, dz, de, acceleration, cruise);
    } else {
      vmaxJunction = this.jerkJunctionSpeed(cruise, safe);
    }

    const allowable = maxAllowableSpeed(-acceleration, safe, distance);
    const block = this.push();
    block.distance = distance;
    block.acceleration = acceleration;
    block.cruise = cruise;
    block.entry = Math.min(vmaxJunction, allowable);
    block.maxEntry = vmaxJunction;
    block.nominalLength = cruise <= allowable;
    block.recalculate = true;
    block.safeFeedrate = safe;
    block.plan(safe);

    this.prevFeedrate = cruise;
    this.prevSafeFeedrate = safe;
    const prevAxis = this.prevAxis;
    prevAxis[0] = axis[0] as number;
    prevAxis[1] = axis[1] as number;
    prevAxis[2] = axis[2] as number;
    prevAxis[3] = axis[3] as number;
    if (this.count > REFRESH) this.settle(KEEP);
  }

  /** Classic jerk junction speed, as Marlin's and PrusaSlicer's planners compute it. */
  private jerkJunctionSpeed(cruise: number, safe: number): number {
    let vmaxJunction = safe;
    if (this.count > 0 && this.prevFeedrate > PREVIOUS_FEEDRATE_THRESHOLD) {
      const prevLarger = this.prevFeedrate > cruise;
      const smallerFactor = prevLarger ? cruise / this.prevFeedrate : this.prevFeedrate / cruise;
      vmaxJunction = prevLarger ? cruise : this.prevFeedrate;
      const jerk = this.limits.jerk;
      const prevAxis = this.prevAxis;
      const axis = this.axis;
      const exitScale = prevLarger ? smallerFactor : 1;
      // Per axis, in order X Y Z E: once one axis limits the junction, the later axes are
      // checked at the reduced speed (vFactor), as Marlin's classic-jerk planner does.
      let vFactor = 1;
      vFactor = axisJerkFactor((prevAxis[0] as number) * exitScale, axis[0] as number, vFactor, jerk.x);
      vFactor = axisJerkFactor((prevAxis[1] as number) * exitScale, axis[1] as number, vFactor, jerk.y);
      vFactor = axisJerkFactor((prevAxis[2] as number) * exitScale, axis[2] as number, vFactor, jerk.z);
      vFactor = axisJerkFactor((prevAxis[3] as number) * exitScale, axis[3] as number, vFactor, jerk.e);
      const limited = vFactor < 1;
      if (limited) vmaxJunction *= vFactor;
      const threshold = vmaxJunction * 0.99;
      if (this.prevSafeFeedrate > threshold && safe > threshold) vmaxJunction = safe;
    }
    return vmaxJunction;
  }

  /** Marlin's junction deviation: the speed at which a circular arc through the corner stays within J. */
  private junctionDeviationSpeed(
    dx: number,
    dy: number,
    dz: number,
    de: number,
    acceleration: number,
    cruise: number,
  ): number {
    const cartesian = Math.sqrt(dx * dx + dy * dy + dz * dz);
    const unitX = cartesian > 0 ? dx / cartesian : 0;
    const unitY = cartesian > 0 ? dy / cartesian : 0;
    const unitZ = cartesian > 0 ? dz / cartesian : de !== 0 ? 1 : 0;
    const prev = this.prevUnit;
    let speed = MINIMUM_PLANNER_SPEED;
    if (this.count > 0 && this.prevFeedrate > PREVIOUS_FEEDRATE_THRESHOLD && cartesian > 0) {
      const cosTheta = -(prev[0]! * unitX + prev[1]! * unitY + prev[2]! * unitZ);
      if (cosTheta <= 0.999999) {
        const sinHalf = Math.sqrt(0.5 * (1 - Math.max(cosTheta, -0.999999)));
        const deviation = this.limits.junctionDeviation ?? 0;
        speed = Math.sqrt((acceleration * deviation * sinHalf) / (1 - sinHalf));
        speed = Math.min(speed, cruise, this.prevFeedrate);
      }
    }
    prev[0] = unitX;
    prev[1] = unitY;
    prev[2] = unitZ;
    return speed;
  }

  private push(): Block {
    const block = this.ring[(this.head + this.count) & MASK] as Block;
    this.count++;
    return block;
  }

  private at(i: number): Block {
    return this.ring[(this.head + i) & MASK] as Block;
  }

  /** Look-ahead over the window, then adds the time of all but the newest `keep` blocks. */
  private settle(keep: number): void {
    const n = this.count;
    if (n === 0) return;
    // Backward pass: entry speeds that the following block's entry allows.
    for (let i = n - 1; i > 0; i--) {
      const current = this.at(i - 1);
      const next = this.at(i);
      if (current.entry !== current.maxEntry) {
        if (!current.nominalLength && current.maxEntry > next.entry) {
          current.entry = Math.min(current.maxEntry, maxAllowableSpeed(-current.acceleration, next.entry, current.distance));
        } else current.entry = current.maxEntry;
        current.recalculate = true;
      }
    }
    // Forward pass: entry speeds that the previous block can accelerate to.
    for (let i = 0; i < n - 1; i++) {
      const previous = this.at(i);
      const current = this.at(i + 1);
      if (!previous.nominalLength && previous.entry < current.entry) {
        const entry = Math.min(current.entry, maxAllowableSpeed(-previous.acceleration, previous.entry, previous.distance));
        if (current.entry !== entry) {
          current.entry = entry;
          current.recalculate = true;
        }
      }
    }
    for (let i = 0; i < n - 1; i++) {
      const current = this.at(i);
      const next = this.at(i + 1);
      if (current.recalculate || next.recalculate) {
        current.plan(next.entry);
        current.recalculate = false;
      }
    }
    const last = this.at(n - 1);
    last.plan(last.safeFeedrate);
    last.recalculate = false;

    const done = n - keep;
    for (let i = 0; i < done; i++) this.settled += this.at(i).time();
    this.head = (this.head + done) & MASK;
    this.count = keep;
  }
}
