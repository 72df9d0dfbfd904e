/** One simulated heater: moves toward its target (or ambient when off) at a fixed rate. */
export class SimulatedHeater {
  private actual: number;
  private targetValue = 0;
  private updatedAt: number;

  constructor(
    private readonly ambient: number,
    private readonly degreesPerSecond: number,
    now: number,
  ) {
    this.actual = ambient;
    this.updatedAt = now;
  }

  update(now: number): void {
    const goal = this.targetValue > 0 ? this.targetValue : this.ambient;
    const step = (this.degreesPerSecond * Math.max(0, now - this.updatedAt)) / 1000;
    this.updatedAt = now;
    this.actual = this.actual < goal ? Math.min(goal, this.actual + step) : Math.max(goal, this.actual - step);
  }

  setTarget(target: number, now: number): void {
    this.update(now);
    this.targetValue = Math.max(0, target);
  }

  get target(): number {
    return this.targetValue;
  }

  temperature(now: number): number {
    this.update(now);
    return this.actual;
  }

  /** Marlin's TEMP_WINDOW: M109/M190 finish within 1 °C of the target. */
  reached(now: number): boolean {
    return this.targetValue <= 0 || Math.abs(this.temperature(now) - this.targetValue) <= 1;
  }

  /** ms until `reached`, given the fixed rate. */
  msToReach(now: number): number {
    if (this.reached(now)) return 0;
    return (Math.max(0, Math.abs(this.targetValue - this.temperature(now)) - 0.5) / this.degreesPerSecond) * 1000;
  }
}
