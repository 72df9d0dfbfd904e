/**
 * Is an upload plain G-code text? Fed the bytes in chunks of any size (split anywhere) while they
 * stream to disk, it answers at `finish()`: every line must be blank, a `;` comment, or start
 * with a command letter (`G1 …`, `M104 …`, `T0`, `N12 …`) — leading spaces and a UTF-8 byte
 * order mark allowed — and no byte may be NUL. That refuses binary data, images and archives
 * at the first line that is not G-code, with its number. Binary G-code (Prusa `.bgcode`, magic
 * `GCDE`) and `.gcode.3mf` packages (ZIP) are named in the answer so the sender knows what to
 * change. Pure: no I/O.
 */

export type GcodeTextVerdict =
  | { ok: true }
  | { ok: false; kind: "binary-gcode" | "package" | "not-gcode"; detail: string };

const NUL = 0x00;
const LF = 0x0a;
const SEMICOLON = 0x3b;
const BOM = [0xef, 0xbb, 0xbf] as const;

type LineState = "start" | "rest";

export class GcodeTextCheck {
  /** The first bytes of the upload, for the magic numbers. */
  private readonly head = new Uint8Array(4);
  private headLength = 0;
  private offset = 0;
  private line = 1;
  private state: LineState = "start";
  private verdict: Exclude<GcodeTextVerdict, { ok: true }> | null = null;

  push(chunk: Uint8Array): void {
    if (this.verdict) return;
    for (let i = 0; i < chunk.length; i++, this.offset++) {
      const byte = chunk[i] as number;
      if (this.headLength < this.head.length) this.head[this.headLength++] = byte;
      if (byte === NUL) {
        this.fail("not-gcode", `byte ${this.offset + 1} (line ${this.line}) is a NUL byte: this is binary data, not G-code text`);
        return;
      }
      if (byte === LF) {
        this.line++;
        this.state = "start";
        continue;
      }
      if (this.state === "rest") continue;
      if (isBlank(byte) || (this.offset < BOM.length && byte === BOM[this.offset])) continue;
      if (byte === SEMICOLON || isLetter(byte)) {
        this.state = "rest";
        continue;
      }
      this.fail("not-gcode", `line ${this.line} starts with ${describeByte(byte)}, not a G-code command letter or a ';' comment`);
      return;
    }
  }

  finish(): GcodeTextVerdict {
    const magic = String.fromCharCode(...this.head.subarray(0, this.headLength));
    if (magic === "GCDE") {
      return { ok: false, kind: "binary-gcode", detail: "this is binary G-code (.bgcode); send plain text G-code (PrusaSlicer: turn off 'binary_gcode')" };
    }
    if (magic === "PK\x03\x04") {
      return { ok: false, kind: "package", detail: "this is a ZIP archive (e.g. a .gcode.3mf plate package); send the plain G-code itself" };
    }
    if (this.verdict) return this.verdict;
    return { ok: true };
  }

  private fail(kind: "not-gcode", detail: string): void {
    this.verdict = { ok: false, kind, detail };
  }
}

function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0b || byte === 0x0c;
}

function isLetter(byte: number): boolean {
  return (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}

function describeByte(byte: number): string {
  return byte >= 0x21 && byte <= 0x7e ? `'${String.fromCharCode(byte)}'` : `the byte 0x${byte.toString(16).padStart(2, "0")}`;
}
