/**
 * The safety policy checker: pure and streaming. Feed it a job's commands in order; it says which
 * one breaks the policy and why. Rules, in the order they are asked:
 * 1. command rule (only for jobs that are not the printer owner's): machine-changing, unknown or
 *    unreadable commands, unless the owner allowed them;
 * 2. temperature rule: no heater target above the maximum;
 * 3. build-volume rule: every move inside the build volume plus the margin.
 * Line numbers are lines of the job file (see job-lines.ts), and the message says so.
 */
import { commandRule } from "./command-rule.ts";
import { BuildVolumeRule } from "./build-volume-rule.ts";
import { readGcodeCommand } from "./gcode-command.ts";
import type { JobLines } from "./job-lines.ts";
import type { SafetyPolicy } from "./safety-policy.ts";
import { temperatureRule } from "./temperature-rule.ts";

export type SafetyRuleName = "command" | "temperature" | "build-volume";

export interface SafetyViolation {
  /** Line of the job file (1-based). */
  line: number;
  command: string;
  rule: SafetyRuleName;
  /** What the command does and what the policy allows, in words. */
  reason: string;
  /** `line 12 of the file: "M104 S320" sets the hotend to 320 °C; …` */
  message: string;
}

/** Whose job it is: the machine-changing/unknown-command rule applies only to other makers' jobs. */
export interface JobOrigin {
  fromOwner: boolean;
}

const MAX_QUOTED = 80;

function quoted(command: string): string {
  return JSON.stringify(command.length > MAX_QUOTED ? `${command.slice(0, MAX_QUOTED)}…` : command);
}

export class SafetyCheck {
  private readonly volume: BuildVolumeRule;

  constructor(
    private readonly policy: SafetyPolicy,
    private readonly origin: JobOrigin,
  ) {
    this.volume = new BuildVolumeRule(policy);
  }

  /** Checks the next command of the job; `line` is its line in the job file. */
  check(text: string, line: number): SafetyViolation | null {
    const command = readGcodeCommand(text);
    const refusal = (rule: SafetyRuleName, reason: string): SafetyViolation => ({
      line,
      command: text,
      rule,
      reason,
      message: `line ${line} of the file: ${quoted(text)} ${reason}`,
    });
    if (!this.origin.fromOwner) {
      const reason = commandRule(command, this.policy);
      if (reason) return refusal("command", reason);
    }
    const hot = temperatureRule(command, this.policy);
    if (hot) return refusal("temperature", hot);
    const outside = this.volume.check(command);
    if (outside) return refusal("build-volume", outside);
    return null;
  }
}

/** The first command of the job that breaks the policy, or null if the whole job passes. */
export function firstViolation(policy: SafetyPolicy, origin: JobOrigin, job: JobLines): SafetyViolation | null {
  const check = new SafetyCheck(policy, origin);
  for (let i = 0; i < job.commands.length; i++) {
    const violation = check.check(job.commands[i] ?? "", job.fileLines[i] ?? 0);
    if (violation) return violation;
  }
  return null;
}
