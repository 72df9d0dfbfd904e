/**
 * G-code → the print's toolpath by layer, for the dashboard preview. Pure: text in, arrays out.
 *
 * - Commands are counted with the protocol's rule (`stripGcodeComment`), the same rule the bridge
 *   sends by and the hub counts `linesTotal` by, so a job's `linesDone` maps to a layer exactly.
 * - Only extruding moves are kept: `G0`/`G1` (and arcs `G2`/`G3`, split into short chords) that
 *   move in X/Y while E advances. Absolute and relative positioning (`G90`/`G91`), absolute and
 *   relative extrusion (`M82`/`M83`), `G92` position resets and inch units (`G20`/`G21`) are
 *   followed; firmware retraction and travel moves are not drawn.
 * - Layers follow the protocol analyzer: when the file has slicer layer markers (`;LAYER_CHANGE`,
 *   `;LAYER:<n>`, `; layer <n>, Z = <z>`), each marker starts a layer at its first extruding move
 *   (extrusion before the first marker, like a prime line, is drawn with the first layer);
 *   otherwise a layer starts at the first extruding move at a Z higher (by more than 1 µm) than
 *   every earlier layer, so z-hops and travel add no layers.
 */
import { stripGcodeComment } from "@peerfab/protocol";

export interface ToolpathLayer {
  /** Height of the layer in mm. */
  readonly z: number;
  /** 0-based index of the command of the layer's first extruding move. */
  readonly firstCommand: number;
  /** Extruding segments: x0, y0, x1, y1 per segment, in mm. */
  readonly segments: Float32Array;
  /** 0-based command index of each segment (arcs give several segments one command). */
  readonly commands: Uint32Array;
}

export interface Toolpath {
  readonly layers: readonly ToolpathLayer[];
  /** All commands of the file (equals the hub's `linesTotal` for it). */
  readonly commandCount: number;
  /** X/Y extent of every extruding segment; null when nothing is extruded. */
  readonly bounds: Bounds | null;
  /**
   * X/Y extent of the print itself: without what is extruded before the first slicer layer marker
   * (purge and prime lines at the edge of the bed), so a preview can zoom on the part.
   */
  readonly printBounds: Bounds | null;
}

export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

const LAYER_EPSILON_MM = 0.001;
const LAYER_MARKER = /^;\s*(?:LAYER_CHANGE|LAYER:|layer \d+, Z = )/m;
/** Longest chord an arc is split into. */
const ARC_CHORD_MM = 0.5;
const MAX_ARC_CHORDS = 720;

class BoundsBuilder {
  private minX = Infinity;
  private minY = Infinity;
  private maxX = -Infinity;
  private maxY = -Infinity;
  add(x0: number, y0: number, x1: number, y1: number): void {
    this.minX = Math.min(this.minX, x0, x1);
    this.maxX = Math.max(this.maxX, x0, x1);
    this.minY = Math.min(this.minY, y0, y1);
    this.maxY = Math.max(this.maxY, y0, y1);
  }
  result(): Bounds | null {
    return Number.isFinite(this.minX) ? { minX: this.minX, minY: this.minY, maxX: this.maxX, maxY: this.maxY } : null;
  }
}

class SegmentBuffer {
  private data = new Float32Array(256);
  private commands = new Uint32Array(64);
  private count = 0;
  push(x0: number, y0: number, x1: number, y1: number, command: number): void {
    if (this.count === this.commands.length) {
      const data = new Float32Array(this.data.length * 2);
      data.set(this.data);
      this.data = data;
      const commands = new Uint32Array(this.commands.length * 2);
      commands.set(this.commands);
      this.commands = commands;
    }
    const o = this.count * 4;
    this.data[o] = x0;
    this.data[o + 1] = y0;
    this.data[o + 2] = x1;
    this.data[o + 3] = y1;
    this.commands[this.count++] = command;
  }
  take(): { segments: Float32Array; commands: Uint32Array } {
    return { segments: this.data.slice(0, this.count * 4), commands: this.commands.slice(0, this.count) };
  }
}

export function parseToolpath(text: string): Toolpath {
  const layers: { z: number; firstCommand: number; buffer: SegmentBuffer }[] = [];
  const byMarkers = LAYER_MARKER.test(text);
  const beforeFirstMarker = new SegmentBuffer();
  let markerPending = false;
  let top = Number.NEGATIVE_INFINITY;
  let x = 0, y = 0, z = 0, e = 0;
  let relativeXyz = false;
  let relativeE = false;
  let unit = 1;
  const all = new BoundsBuilder();
  const print = new BoundsBuilder();
  let command = -1;

  const extrude = (x0: number, y0: number, x1: number, y1: number) => {
    if (byMarkers ? markerPending : z > top + LAYER_EPSILON_MM) {
      top = z;
      markerPending = false;
      layers.push({ z, firstCommand: command, buffer: new SegmentBuffer() });
    }
    const layer = layers[layers.length - 1];
    (layer ? layer.buffer : beforeFirstMarker).push(x0, y0, x1, y1, command);
    all.add(x0, y0, x1, y1);
    if (layer) print.add(x0, y0, x1, y1);
  };

  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const raw = text.slice(start, end);
    start = end + 1;
    if (byMarkers && isLayerMarker(raw)) markerPending = true;
    const line = stripGcodeComment(raw);
    if (line === null) continue;
    command++;
    const words = readWords(line);
    const g = words.get("G");
    const m = words.get("M");
    if (g !== undefined && words.code === "G") {
      if (g === 0 || g === 1 || g === 2 || g === 3) {
        const target = (axis: "X" | "Y" | "Z", current: number) => {
          const v = words.get(axis);
          if (v === undefined) return current;
          return relativeXyz ? current + v * unit : v * unit;
        };
        const nx = target("X", x);
        const ny = target("Y", y);
        const nz = target("Z", z);
        const ev = words.get("E");
        let de = 0;
        if (ev !== undefined) {
          de = relativeE ? ev : ev - e;
          e = relativeE ? e + ev : ev;
        }
        z = nz;
        const movesXy = nx !== x || ny !== y;
        if (de > 0 && movesXy) {
          if (g === 2 || g === 3) {
            arcChords(x, y, nx, ny, words, unit, g === 2, extrude);
          } else {
            extrude(x, y, nx, ny);
          }
        }
        x = nx;
        y = ny;
      } else if (g === 90) {
        relativeXyz = false;
        relativeE = false;
      } else if (g === 91) {
        relativeXyz = true;
        relativeE = true;
      } else if (g === 92) {
        const setX = words.get("X"), setY = words.get("Y"), setZ = words.get("Z"), setE = words.get("E");
        const none = setX === undefined && setY === undefined && setZ === undefined && setE === undefined;
        if (setX !== undefined) x = setX * unit;
        if (setY !== undefined) y = setY * unit;
        if (setZ !== undefined) z = setZ * unit;
        if (setE !== undefined || none) e = setE ?? 0;
      } else if (g === 20) {
        unit = 25.4;
      } else if (g === 21) {
        unit = 1;
      } else if (g === 28) {
        // Homing: the axes named (or all) go to 0.
        const named = words.has("X") || words.has("Y") || words.has("Z");
        if (!named || words.has("X")) x = 0;
        if (!named || words.has("Y")) y = 0;
        if (!named || words.has("Z")) z = 0;
      }
    } else if (m !== undefined && words.code === "M") {
      if (m === 82) relativeE = false;
      else if (m === 83) relativeE = true;
    }
  }

  const preamble = beforeFirstMarker.take();
  return {
    layers: layers.map((l, i) => {
      const own = l.buffer.take();
      return {
        z: l.z,
        firstCommand: l.firstCommand,
        segments: i === 0 ? concat(preamble.segments, own.segments) : own.segments,
        commands: i === 0 ? concat(preamble.commands, own.commands) : own.commands,
      };
    }),
    commandCount: command + 1,
    bounds: all.result(),
    printBounds: print.result() ?? all.result(),
  };
}

/**
 * The layer being printed once `commandsDone` commands are acknowledged: the last layer whose
 * first extruding command has been sent. 0 before the first layer starts (its preview is shown).
 */
export function layerAtCommand(toolpath: Toolpath, commandsDone: number): number {
  const layers = toolpath.layers;
  let lo = 0;
  let hi = layers.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((layers[mid] as ToolpathLayer).firstCommand < commandsDone) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

function concat<T extends Float32Array | Uint32Array>(a: T, b: T): T {
  if (a.length === 0) return b;
  const out = new (a.constructor as new (length: number) => T)(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** How many of `layer`'s segments the firmware has done once `commandsDone` commands are acknowledged. */
export function segmentsDone(layer: ToolpathLayer, commandsDone: number): number {
  const commands = layer.commands;
  let lo = 0;
  let hi = commands.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((commands[mid] as number) < commandsDone) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A slicer's layer-change comment line (leading whitespace allowed). */
function isLayerMarker(raw: string): boolean {
  const semicolon = raw.indexOf(";");
  if (semicolon === -1 || raw.slice(0, semicolon).trim() !== "") return false;
  const comment = raw.slice(semicolon + 1).trimStart();
  return comment.startsWith("LAYER_CHANGE") || comment.startsWith("LAYER:") || /^layer \d+, Z = /.test(comment);
}

interface Words {
  /** The command letter of the first word (`G`, `M`, `T`, …). */
  readonly code: string;
  get(letter: string): number | undefined;
  has(letter: string): boolean;
}

/** `G1 X10 Y-2.5 E.4` → G=1, X=10, Y=-2.5, E=0.4 (letters upper-cased; spaces may follow a letter). */
function readWords(command: string): Words {
  const values = new Map<string, number>();
  let code = "";
  let i = 0;
  const n = command.length;
  while (i < n) {
    const c = command.charCodeAt(i);
    const upper = c >= 97 && c <= 122 ? c - 32 : c;
    if (upper < 65 || upper > 90) {
      i++;
      continue;
    }
    const letter = String.fromCharCode(upper);
    let j = i + 1;
    while (j < n && command.charCodeAt(j) === 32) j++;
    let k = j;
    while (k < n && isNumberChar(command.charCodeAt(k))) k++;
    if (code === "") code = letter;
    if (!values.has(letter)) values.set(letter, k > j ? Number(command.slice(j, k)) : NaN);
    i = Math.max(k, i + 1);
  }
  return {
    code,
    get: (letter) => {
      const v = values.get(letter);
      return v === undefined || Number.isNaN(v) ? undefined : v;
    },
    has: (letter) => values.has(letter),
  };
}

/** 0-9, '.', '-', '+'. */
function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 43;
}

/** Splits a `G2` (clockwise) / `G3` arc from (x0, y0) to (x1, y1) into chords. I/J centre offsets or R radius. */
function arcChords(
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  words: Words,
  unit: number,
  clockwise: boolean,
  emit: (x0: number, y0: number, x1: number, y1: number) => void,
): void {
  let cx: number, cy: number;
  const i = words.get("I"), j = words.get("J"), r = words.get("R");
  if (i !== undefined || j !== undefined) {
    cx = x0 + (i ?? 0) * unit;
    cy = y0 + (j ?? 0) * unit;
  } else if (r !== undefined) {
    // Centre on the perpendicular bisector; a negative R picks the long way round.
    const radius = Math.abs(r * unit);
    const mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
    const dx = x1 - x0, dy = y1 - y0;
    const half = Math.hypot(dx, dy) / 2;
    const h = Math.sqrt(Math.max(radius * radius - half * half, 0));
    const sign = (clockwise ? -1 : 1) * (r < 0 ? -1 : 1);
    cx = mx - (sign * h * dy) / (2 * half || 1);
    cy = my + (sign * h * dx) / (2 * half || 1);
  } else {
    emit(x0, y0, x1, y1);
    return;
  }
  const radius = Math.hypot(x0 - cx, y0 - cy);
  const a0 = Math.atan2(y0 - cy, x0 - cx);
  let sweep = Math.atan2(y1 - cy, x1 - cx) - a0;
  if (clockwise && sweep >= 0) sweep -= 2 * Math.PI;
  if (!clockwise && sweep <= 0) sweep += 2 * Math.PI;
  const chords = Math.min(MAX_ARC_CHORDS, Math.max(1, Math.ceil((Math.abs(sweep) * radius) / ARC_CHORD_MM)));
  let px = x0, py = y0;
  for (let k = 1; k <= chords; k++) {
    const a = a0 + (sweep * k) / chords;
    const qx = k === chords ? x1 : cx + radius * Math.cos(a);
    const qy = k === chords ? y1 : cy + radius * Math.sin(a);
    emit(px, py, qx, qy);
    px = qx;
    py = qy;
  }
}
