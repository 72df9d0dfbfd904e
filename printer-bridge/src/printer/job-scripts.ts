/**
 * Job control scripts: the default end script run on cancel, heaters off, and the pause script
 * (park) with what resume must restore. The park waits until every job line sent has been
 * acknowledged, so a resend can never replay a job line after it; resume undoes what it changed
 * (temperatures, position, E, feed rate, modes) from the G-code the bridge sent.
 */
import type { PositionTracker } from "../marlin/position-tracker.ts";

/** Default cancel script: heaters off, lift the nozzle 5 mm off the part, motors off. */
export const END_SCRIPT: readonly string[] = ["M104 S0", "M140 S0", "G91", "G1 Z5", "G90", "M84"];
export const HEATERS_OFF: readonly string[] = ["M104 S0", "M140 S0"];

export class ParkScript {
  /** The script was handed out by the last pause (it may still be waiting for the job lines in flight). */
  private parking = false;

  constructor(private readonly script: readonly string[]) {}

  /** A pause: the commands to send once the job lines in flight are acknowledged (none without a script). */
  pause(): readonly string[] {
    this.parking = this.script.length > 0;
    return this.script;
  }

  /**
   * A resume: what to send before the job goes on. `ran`: the park commands were released to the
   * printer (a resume before that just drops them, and nothing needs restoring).
   */
  resume(ran: boolean, tracker: PositionTracker): string[] {
    const restore = this.parking && ran ? tracker.resumeCommands({ pauseScript: this.script }) : [];
    this.parking = false;
    return restore;
  }

  reset(): void {
    this.parking = false;
  }
}
