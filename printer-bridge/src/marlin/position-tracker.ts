/**
 * Where the job left the tool head, from the G-code the host sent (not from the firmware): last
 * absolute X/Y/Z/E, feed rate, positioning modes (G90/G91, M82/M83), G92 offsets and heater
 * targets. After a pause that parked the head, `resumeCommands` brings everything back before the
 * job continues. Pure: feed it commands with `observe`.
 */

export interface TrackedPosition {
  x: number | null;
  y: number | null;
  z: number | null;
  e: number;
  feedRate: number | null;
  relativeMoves: boolean;
  relativeExtrusion: boolean;
  hotendTarget: number;
  bedTarget: number;
}

export interface ResumeOptions {
  /** The pause script that ran; temperatures it changed are restored (and waited for). */
  pauseScript: readonly string[];
  /** Feed rate (mm/min) for the travel back over the part. Default 6000. */
  travelFeedRate?: number;
}

type Axis = "X" | "Y" | "Z" | "E" | "F";

function words(command: string): { code: string; params: Partial<Record<Axis | "S" | "R", number>> } {
  const [code = "", ...rest] = command.trim().toUpperCase().split(/\s+/);
  const params: Partial<Record<Axis | "S" | "R", number>> = {};
  for (const word of rest) {
    const letter = word[0];
    const value = Number(word.slice(1));
    if ((letter === "X" || letter === "Y" || letter === "Z" || letter === "E" || letter === "F" || letter === "S" || letter === "R") && Number.isFinite(value))
      params[letter] = value;
  }
  return { code: code.replace(/^([GM])0+(\d)/, "$1$2"), params };
}

const fmt = (n: number): string => Number(n.toFixed(5)).toString();

export class PositionTracker {
  private p: TrackedPosition = {
    x: null,
    y: null,
    z: null,
    e: 0,
    feedRate: null,
    relativeMoves: false,
    relativeExtrusion: false,
    hotendTarget: 0,
    bedTarget: 0,
  };

  get position(): Readonly<TrackedPosition> {
    return this.p;
  }

  observe(command: string): void {
    const { code, params } = words(command);
    const p = this.p;
    switch (code) {
      case "G0":
      case "G1":
      case "G2":
      case "G3": {
        const move = (current: number | null, value: number | undefined): number | null =>
          value === undefined ? current : p.relativeMoves ? (current ?? 0) + value : value;
        p.x = move(p.x, params.X);
        p.y = move(p.y, params.Y);
        p.z = move(p.z, params.Z);
        if (params.E !== undefined) p.e = p.relativeExtrusion ? p.e + params.E : params.E;
        if (params.F !== undefined) p.feedRate = params.F;
        return;
      }
      case "G28":
        if (params.X === undefined && params.Y === undefined && params.Z === undefined) p.x = p.y = p.z = 0;
        else {
          if (params.X !== undefined) p.x = 0;
          if (params.Y !== undefined) p.y = 0;
          if (params.Z !== undefined) p.z = 0;
        }
        return;
      case "G90":
        p.relativeMoves = false;
        p.relativeExtrusion = false;
        return;
      case "G91":
        // Marlin: G90/G91 set every axis, E included; M82/M83 then change E alone.
        p.relativeMoves = true;
        p.relativeExtrusion = true;
        return;
      case "M82":
        p.relativeExtrusion = false;
        return;
      case "M83":
        p.relativeExtrusion = true;
        return;
      case "G92":
        if (params.X !== undefined) p.x = params.X;
        if (params.Y !== undefined) p.y = params.Y;
        if (params.Z !== undefined) p.z = params.Z;
        if (params.E !== undefined) p.e = params.E;
        return;
      case "M104":
      case "M109":
        p.hotendTarget = params.S ?? params.R ?? p.hotendTarget;
        return;
      case "M140":
      case "M190":
        p.bedTarget = params.S ?? params.R ?? p.bedTarget;
        return;
    }
  }

  /** Commands that undo a pause script: temperatures, position, E, feed rate and modes. */
  resumeCommands(options: ResumeOptions): string[] {
    const p = this.p;
    const codes = options.pauseScript.map((c) => words(c).code);
    const commands: string[] = [];
    if (codes.some((c) => c === "M140" || c === "M190") && p.bedTarget > 0) commands.push(`M190 S${fmt(p.bedTarget)}`);
    if (codes.some((c) => c === "M104" || c === "M109") && p.hotendTarget > 0) commands.push(`M109 S${fmt(p.hotendTarget)}`);
    commands.push("G90");
    const xy = [p.x === null ? "" : ` X${fmt(p.x)}`, p.y === null ? "" : ` Y${fmt(p.y)}`].join("");
    if (xy) commands.push(`G1${xy} F${fmt(options.travelFeedRate ?? 6000)}`);
    if (p.z !== null) commands.push(`G1 Z${fmt(p.z)} F600`);
    commands.push(`G92 E${fmt(p.e)}`);
    if (p.feedRate !== null) commands.push(`G1 F${fmt(p.feedRate)}`);
    if (p.relativeMoves) commands.push("G91");
    // Stated every time: Klipper's G90 leaves the extrusion mode as it was.
    commands.push(p.relativeExtrusion ? "M83" : "M82");
    return commands;
  }
}
