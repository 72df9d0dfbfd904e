/**
 * The streaming G-code analyzer: feed it the file in chunks of any size (split anywhere, also
 * inside a line or a UTF-8 character) — as strings, or as bytes, which is faster and makes no
 * garbage (only comments are decoded) — then `finish()` for the result. Memory is constant in the file's length:
 * no per-line or per-move storage, only per-layer Z values, bounded slicer settings and
 * thumbnails, and the motion planner's fixed look-ahead window.
 *
 * Commands interpreted: G0/G1 (moves), G2/G3 (arcs: length for time, end point for the
 * bounding box), G4 (dwell), G20/G21 (inch/mm), G28 (home → 0), G90/G91 (absolute/relative
 * XYZ, and E unless M82/M83 was given), G92 (set position), M82/M83 (E absolute/relative),
 * M104/M109/M140/M190 (temperatures), M201/M203/M204/M205 (motion limits), T<n> (tool).
 * Everything else is counted and skipped. Pure code: runs in Node, workers and browsers.
 */
import { arcLengthByCentre, arcLengthByRadius } from "./arc-length.ts";
import { GcodeWords, readWords, readWordsFromBytes } from "./gcode-words.ts";
import { LayerTracker } from "./layers.ts";
import { MotionPlanner, MoveKind } from "./motion-planner.ts";
import { SlicerComments } from "./slicer-comments.ts";
import { extruderUsage } from "./filament.ts";
import { ThumbnailCollector } from "./thumbnails.ts";
import type { GcodeAnalysis, GcodeAnalyzerOptions, MotionLimits } from "./types.ts";
import { DEFAULT_MOTION_LIMITS } from "./types.ts";

const MAX_TOOLS = 64;
/** A line longer than this is cut (only its start is read), so one huge line cannot grow memory. */
const MAX_LINE = 1 << 20;
const X = 23; // letter index of X in GcodeWords.values
const Y = 24;
const Z = 25;
const E = 4;
const F = 5;
const S = 18;
const R = 17;
const P = 15;
const T = 19;
const J = 9;
const I = 8;

function bit(index: number): number {
  return 1 << index;
}

function isBlank(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0xfeff;
}

export class GcodeAnalyzer {
  private readonly options: GcodeAnalyzerOptions;
  private readonly words = new GcodeWords();
  private readonly planner: MotionPlanner;
  private readonly layers = new LayerTracker();
  private readonly slicer = new SlicerComments();
  private readonly thumbnails = new ThumbnailCollector();
  private carry = "";
  private carryBytes = new Uint8Array(256);
  private carryLength = 0;
  private input: "none" | "text" | "bytes" = "none";
  private readonly decoder = new TextDecoder("utf-8");
  private finished = false;

  private lineCount = 0;
  private commandCount = 0;
  // Machine state.
  private x = 0;
  private y = 0;
  private z = 0;
  private e = 0;
  private feedrate: number;
  private scale = 1;
  private relativeXyz = false;
  private relativeE = false;
  /** Set once M82/M83 is seen: G90/G91 then leave E alone. */
  private eModeExplicit = false;
  private tool = 0;
  private toolChanges = 0;
  private readonly filament: number[] = [0];
  private maxHotend = Number.NEGATIVE_INFINITY;
  private maxBed = Number.NEGATIVE_INFINITY;
  private minX = Infinity;
  private minY = Infinity;
  private minZ = Infinity;
  private maxX = -Infinity;
  private maxY = -Infinity;
  private maxZ = -Infinity;

  constructor(options: GcodeAnalyzerOptions = {}) {
    this.options = options;
    const motion = options.motion ?? {};
    const limits: MotionLimits = {
      ...DEFAULT_MOTION_LIMITS,
      ...motion,
      maxFeedrate: { ...DEFAULT_MOTION_LIMITS.maxFeedrate, ...motion.maxFeedrate },
      maxAcceleration: { ...DEFAULT_MOTION_LIMITS.maxAcceleration, ...motion.maxAcceleration },
      jerk: { ...DEFAULT_MOTION_LIMITS.jerk, ...motion.jerk },
    };
    this.planner = new MotionPlanner(limits);
    this.feedrate = (options.initialFeedrateMmPerMin ?? 1500) / 60;
  }

  /** Analyzes the next piece of the file: text, or UTF-8 bytes (do not mix them in one file). */
  push(chunk: string | Uint8Array): void {
    if (this.finished) throw new Error("G-code analyzer: push() after finish(); start a new GcodeAnalyzer per file");
    const input = typeof chunk === "string" ? "text" : "bytes";
    if (this.input !== input && this.input !== "none") {
      throw new Error("G-code analyzer: chunks of one file must be all strings or all bytes, not both");
    }
    this.input = input;
    if (typeof chunk === "string") this.pushText(chunk);
    else this.pushBytes(chunk);
  }

  private pushText(chunk: string): void {
    let start = 0;
    if (this.carry.length > 0) {
      // Only the line split across chunks is joined; the chunk itself is scanned in place.
      const end = chunk.indexOf("\n");
      if (end === -1) {
        if (this.carry.length < MAX_LINE) this.carry += chunk.slice(0, MAX_LINE);
        return;
      }
      const joined = this.carry + chunk.slice(0, Math.min(end, MAX_LINE));
      this.carry = "";
      this.line(joined, 0, joined.length);
      start = end + 1;
    }
    for (;;) {
      const end = chunk.indexOf("\n", start);
      if (end === -1) break;
      this.line(chunk, start, end);
      start = end + 1;
    }
    this.carry = start === 0 ? chunk.slice(0, MAX_LINE) : chunk.slice(start, start + MAX_LINE);
  }

  private pushBytes(chunk: Uint8Array): void {
    let start = 0;
    if (this.carryLength > 0) {
      const end = chunk.indexOf(10);
      this.keepBytes(chunk, 0, end === -1 ? chunk.length : end);
      if (end === -1) return;
      this.byteLine(this.carryBytes, 0, this.carryLength);
      this.carryLength = 0;
      start = end + 1;
    }
    for (;;) {
      const end = chunk.indexOf(10, start);
      if (end === -1) break;
      this.byteLine(chunk, start, end);
      start = end + 1;
    }
    this.keepBytes(chunk, start, chunk.length);
  }

  /** Appends `chunk[from, to)` to the unfinished line (up to MAX_LINE bytes). */
  private keepBytes(chunk: Uint8Array, from: number, to: number): void {
    const length = Math.min(to - from, MAX_LINE - this.carryLength);
    if (length <= 0) return;
    if (this.carryLength + length > this.carryBytes.length) {
      const grown = new Uint8Array(Math.max(this.carryBytes.length * 2, this.carryLength + length));
      grown.set(this.carryBytes.subarray(0, this.carryLength));
      this.carryBytes = grown;
    }
    this.carryBytes.set(chunk.subarray(from, from + length), this.carryLength);
    this.carryLength += length;
  }

  /** The analysis of everything pushed; the analyzer cannot be used afterwards. */
  finish(): GcodeAnalysis {
    if (!this.finished) {
      // The text after the last `\n` is a line too, as gcodeCommands() counts it.
      if (this.input === "bytes") this.byteLine(this.carryBytes, 0, this.carryLength);
      else this.line(this.carry, 0, this.carry.length);
      this.carry = "";
      this.carryLength = 0;
      this.finished = true;
    }
    const estimatedS = this.planner.seconds;
    const slicer = this.slicer.result();
    const extruders = extruderUsage(this.filament, {
      diameters: this.slicer.filamentDiameters(),
      densities: this.slicer.filamentDensities(),
      defaultDiameterMm: this.options.filamentDiameterMm ?? 1.75,
      defaultDensityGPerCm3: this.options.filamentDensityGPerCm3 ?? 1.24,
    });
    let filamentMm = 0;
    let filamentG = 0;
    for (const extruder of extruders) {
      filamentMm += extruder.filamentMm;
      filamentG += extruder.filamentG;
    }
    const slicerEstimateS = slicer.estimatedTimeS;
    return {
      lineCount: this.lineCount,
      commandCount: this.commandCount,
      layers: this.layers.result(),
      boundingBox:
        this.minX <= this.maxX
          ? {
              min: { x: this.minX, y: this.minY, z: this.minZ },
              max: { x: this.maxX, y: this.maxY, z: this.maxZ },
            }
          : null,
      extruders,
      filamentMm,
      filamentG,
      maxHotendC: Number.isFinite(this.maxHotend) ? this.maxHotend : null,
      maxBedC: Number.isFinite(this.maxBed) ? this.maxBed : null,
      toolChanges: this.toolChanges,
      printTime: {
        estimatedS,
        slicerEstimateS,
        differenceRatio: slicerEstimateS ? (estimatedS - slicerEstimateS) / slicerEstimateS : null,
      },
      slicer,
      thumbnails: this.thumbnails.thumbnails,
    };
  }

  private line(s: string, start: number, end: number): void {
    this.lineCount++;
    let i = start;
    while (i < end && isBlank(s.charCodeAt(i))) i++;
    if (i === end) return;
    if (s.charCodeAt(i) === 59 /* ; */) {
      this.comment(s.slice(i + 1, end));
      return;
    }
    this.commandCount++;
    if (readWords(s, i, end, this.words)) this.command();
  }

  private byteLine(b: Uint8Array, start: number, end: number): void {
    this.lineCount++;
    let i = start;
    while (i < end) {
      const c = b[i] as number;
      if (c <= 32) i++;
      else if (c === 0xc2 && b[i + 1] === 0xa0) i += 2; // U+00A0, which trim() removes
      else if (c === 0xef && b[i + 1] === 0xbb && b[i + 2] === 0xbf) i += 3; // U+FEFF
      else break;
    }
    if (i >= end) return;
    if (b[i] === 59 /* ; */) {
      this.comment(this.decoder.decode(b.subarray(i + 1, end)));
      return;
    }
    this.commandCount++;
    if (readWordsFromBytes(b, i, end, this.words)) this.command();
  }

  private command(): void {
    const words = this.words;
    const code = words.code;
    switch (words.letter) {
      case 71 /* G */:
        if (code === 1 || code === 0) this.linearMove();
        else this.gCommand(code);
        return;
      case 77 /* M */:
        this.mCommand(code);
        return;
      case 84 /* T */:
        this.selectTool(code);
        return;
    }
  }

  private comment(text: string): void {
    const c = text.charCodeAt(0);
    // Layer markers, in the hot path of every layer: check them before anything slower.
    if (c === 76 /* L */) {
      if (text.startsWith("LAYER_CHANGE")) return this.layers.marker(null);
      if (text.startsWith("LAYER:")) return this.layers.marker(null);
    } else if (c === 90 /* Z */ && text.charCodeAt(1) === 58 /* : */) {
      const z = Number.parseFloat(text.slice(2));
      if (Number.isFinite(z)) this.layers.markerHeight(z);
      return;
    } else if (c === 84 /* T */ && text.startsWith("TYPE:")) return;
    else if ((c === 72 /* H */ && text.startsWith("HEIGHT:")) || (c === 87 /* W */ && text.startsWith("WIDTH:"))) return;
    const trimmed = text.trim();
    if (this.thumbnails.read(trimmed)) return;
    const layer = /^layer (\d+), Z = ([\d.]+)/.exec(trimmed);
    if (layer) return this.layers.marker(Number(layer[2]));
    this.slicer.read(trimmed);
  }

  private linearMove(): void {
    const words = this.words;
    const values = words.values;
    const present = words.present;
    if ((present & bit(F)) !== 0) {
      const f = (values[F] as number) * this.scale;
      if (f > 0) this.feedrate = f / 60;
    }
    if ((present & (bit(X) | bit(Y) | bit(Z) | bit(E))) === 0) return;
    let nx = this.x;
    let ny = this.y;
    let nz = this.z;
    let ne = this.e;
    const k = this.scale;
    if (this.relativeXyz) {
      if ((present & bit(X)) !== 0) nx += (values[X] as number) * k;
      if ((present & bit(Y)) !== 0) ny += (values[Y] as number) * k;
      if ((present & bit(Z)) !== 0) nz += (values[Z] as number) * k;
    } else {
      if ((present & bit(X)) !== 0) nx = (values[X] as number) * k;
      if ((present & bit(Y)) !== 0) ny = (values[Y] as number) * k;
      if ((present & bit(Z)) !== 0) nz = (values[Z] as number) * k;
    }
    if ((present & bit(E)) !== 0) ne = this.relativeE ? ne + (values[E] as number) * k : (values[E] as number) * k;
    this.moveTo(nx, ny, nz, ne, 0);
  }

  /** Moves to the new position; `arcLength` > 0 replaces the straight XY distance. */
  private moveTo(nx: number, ny: number, nz: number, ne: number, arcLength: number): void {
    const dx = nx - this.x;
    const dy = ny - this.y;
    const dz = nz - this.z;
    const de = ne - this.e;
    const xyMoves = dx !== 0 || dy !== 0;
    if (de > 0 && xyMoves) {
      this.filament[this.tool] = (this.filament[this.tool] ?? 0) + de;
      this.include(this.x, this.y, this.z);
      this.include(nx, ny, nz);
      this.layers.extrudeAt(nz);
    }
    let distance: number;
    if (arcLength > 0) distance = Math.sqrt(arcLength * arcLength + dz * dz);
    else distance = Math.sqrt(dx * dx + dy * dy + dz * dz);
    let kind: MoveKind;
    if (distance === 0) {
      distance = Math.abs(de);
      kind = MoveKind.Retract;
    } else kind = de > 0 && xyMoves ? MoveKind.Print : MoveKind.Travel;
    this.planner.move(dx, dy, dz, de, distance, this.feedrate, kind);
    this.x = nx;
    this.y = ny;
    this.z = nz;
    this.e = ne;
  }

  private include(x: number, y: number, z: number): void {
    if (x < this.minX) this.minX = x;
    if (x > this.maxX) this.maxX = x;
    if (y < this.minY) this.minY = y;
    if (y > this.maxY) this.maxY = y;
    if (z < this.minZ) this.minZ = z;
    if (z > this.maxZ) this.maxZ = z;
  }

  private gCommand(code: number): void {
    const words = this.words;
    const values = words.values;
    const present = words.present;
    switch (code) {
      case 2:
      case 3:
        return this.arc(code === 2);
      case 4: {
        const seconds =
          (present & bit(P)) !== 0
            ? (values[P] as number) / 1000
            : (present & bit(S)) !== 0
              ? (values[S] as number)
              : 0;
        return this.planner.dwell(seconds);
      }
      case 20:
        this.scale = 25.4;
        return;
      case 21:
        this.scale = 1;
        return;
      case 28: {
        const any = (present & (bit(X) | bit(Y) | bit(Z))) !== 0;
        if (!any || (present & bit(X)) !== 0) this.x = 0;
        if (!any || (present & bit(Y)) !== 0) this.y = 0;
        if (!any || (present & bit(Z)) !== 0) this.z = 0;
        return;
      }
      case 90:
        this.relativeXyz = false;
        if (!this.eModeExplicit) this.relativeE = false;
        return;
      case 91:
        this.relativeXyz = true;
        if (!this.eModeExplicit) this.relativeE = true;
        return;
      case 92: {
        const k = this.scale;
        if ((present & (bit(X) | bit(Y) | bit(Z) | bit(E))) === 0) {
          this.x = this.y = this.z = this.e = 0;
          return;
        }
        if ((present & bit(X)) !== 0) this.x = (values[X] as number) * k;
        if ((present & bit(Y)) !== 0) this.y = (values[Y] as number) * k;
        if ((present & bit(Z)) !== 0) this.z = (values[Z] as number) * k;
        if ((present & bit(E)) !== 0) this.e = (values[E] as number) * k;
        return;
      }
    }
  }

  /** G2 (clockwise) / G3 arc with centre offset I J, or radius R. */
  private arc(clockwise: boolean): void {
    const words = this.words;
    const values = words.values;
    const present = words.present;
    const k = this.scale;
    if ((present & bit(F)) !== 0 && (values[F] as number) > 0) this.feedrate = ((values[F] as number) * k) / 60;
    const nx = (present & bit(X)) !== 0 ? (values[X] as number) * k + (this.relativeXyz ? this.x : 0) : this.x;
    const ny = (present & bit(Y)) !== 0 ? (values[Y] as number) * k + (this.relativeXyz ? this.y : 0) : this.y;
    const nz = (present & bit(Z)) !== 0 ? (values[Z] as number) * k + (this.relativeXyz ? this.z : 0) : this.z;
    let ne = this.e;
    if ((present & bit(E)) !== 0) ne = this.relativeE ? ne + (values[E] as number) * k : (values[E] as number) * k;
    let length: number;
    if ((present & (bit(I) | bit(J))) !== 0) {
      const i = (present & bit(I)) !== 0 ? (values[I] as number) * k : 0;
      const j = (present & bit(J)) !== 0 ? (values[J] as number) * k : 0;
      length = arcLengthByCentre(this.x, this.y, nx, ny, i, j, clockwise);
    } else if ((present & bit(R)) !== 0) {
      length = arcLengthByRadius(this.x, this.y, nx, ny, (values[R] as number) * k, clockwise);
    } else length = 0;
    this.moveTo(nx, ny, nz, ne, length);
  }

  private mCommand(code: number): void {
    const words = this.words;
    const values = words.values;
    const present = words.present;
    const limits = this.planner.limits;
    const target = (present & bit(S)) !== 0 ? values[S] : (present & bit(R)) !== 0 ? values[R] : undefined;
    switch (code) {
      case 82:
        this.relativeE = false;
        this.eModeExplicit = true;
        return;
      case 83:
        this.relativeE = true;
        this.eModeExplicit = true;
        return;
      case 104:
      case 109:
        if (target !== undefined && target > this.maxHotend) this.maxHotend = target;
        return;
      case 140:
      case 190:
        if (target !== undefined && target > this.maxBed) this.maxBed = target;
        return;
      case 201:
        this.axes(limits.maxAcceleration);
        return;
      case 203:
        this.axes(limits.maxFeedrate);
        return;
      case 204:
        if ((present & bit(S)) !== 0) limits.printAcceleration = limits.travelAcceleration = values[S] as number;
        if ((present & bit(P)) !== 0) limits.printAcceleration = values[P] as number;
        if ((present & bit(R)) !== 0) limits.retractAcceleration = values[R] as number;
        if ((present & bit(T)) !== 0) limits.travelAcceleration = values[T] as number;
        return;
      case 205:
        this.axes(limits.jerk);
        if ((present & bit(J)) !== 0) limits.junctionDeviation = values[J] as number;
        if ((present & bit(S)) !== 0) limits.minExtrudingFeedrate = values[S] as number;
        if ((present & bit(T)) !== 0) limits.minTravelFeedrate = values[T] as number;
        return;
    }
  }

  private axes(target: { x: number; y: number; z: number; e: number }): void {
    const values = this.words.values;
    const present = this.words.present;
    if ((present & bit(X)) !== 0) target.x = values[X] as number;
    if ((present & bit(Y)) !== 0) target.y = values[Y] as number;
    if ((present & bit(Z)) !== 0) target.z = values[Z] as number;
    if ((present & bit(E)) !== 0) target.e = values[E] as number;
  }

  private selectTool(code: number): void {
    if (!Number.isInteger(code) || code < 0 || code >= MAX_TOOLS) return;
    if (code !== this.tool) this.toolChanges++;
    this.tool = code;
    while (this.filament.length <= code) this.filament.push(0);
  }
}

/** Analyzes a whole G-code file (text or UTF-8 bytes) at once. */
export function analyzeGcode(text: string | Uint8Array, options?: GcodeAnalyzerOptions): GcodeAnalysis {
  const analyzer = new GcodeAnalyzer(options);
  analyzer.push(text);
  return analyzer.finish();
}
