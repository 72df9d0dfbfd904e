/**
 * A simulated Marlin 2.1 firmware: bytes in, lines out. Models what a host must get right:
 * a byte-accurate serial receive buffer (bytes beyond it are lost, like a real UART), a
 * command queue of BUFSIZE commands, line-number and checksum validation answered with
 * `Error:…`, `Resend: N` and a plain `ok` (queue.cpp), one `ok` per executed command, M115 with Cap:
 * lines, temperatures with heating curves, M155 autoreport, the emergency parser for M112, and
 * injectable faults.
 *
 * As in Marlin's GCodeQueue: a line leaves the receive buffer for the command queue as soon as
 * it is complete and the queue has a free slot (get_serial_commands), on a paced wire and an
 * unpaced one alike; the `ok` of a command is printed once it has executed, with ADVANCED_OK as
 * `ok N<its line number> P<planner free> B<queue free>`, B counted while the command still
 * holds its slot (RingBuffer::ok_to_send). Marlin also moves the bytes of an incomplete line
 * out of the receive buffer while the queue has room; this model keeps them in (stricter).
 *
 * Timing (all optional, all off by default): `baud` paces both directions of the UART at
 * baud/10 bytes/s (serial-wire.ts); `replyLatencyMs` delays every line the firmware prints
 * (main loop plus USB-serial chip), in order; `processingMs` is a fixed time per command, or
 * `motion: "feedrate"` times `G0`/`G1` from their length and feed rate through a planner queue
 * (motion-planner.ts). Differences from real Marlin: after a line error it does not flush its
 * receive buffer (every line received gets exactly one answer).
 */
import { appendFileSync } from "node:fs";
import { decodeLine } from "../marlin/line-codec.ts";
import { type Clock, systemClock } from "./clock.ts";
import { m115Answer, type VirtualFirmware } from "./firmware-identity.ts";
import { SimulatedHeater } from "./heater.ts";
import { MotionPlanner } from "./motion-planner.ts";
import { seededRandom } from "./random.ts";
import { ByteWire, LineWire } from "./serial-wire.ts";

export interface VirtualMarlinOptions {
  /** Serial receive buffer in bytes. Default 128. */
  rxBufferSize?: number;
  /** Command queue length (Marlin BUFSIZE). Default 4. */
  bufsize?: number;
  /** °C per second for hotend and bed. Default 40 (fast, so demos and tests do not wait). */
  heatingRate?: number;
  ambient?: number;
  /** Pace both directions at baud/10 bytes per second (8N1); 0 = instant. Default 0. */
  baud?: number;
  /**
   * Delay before each line the firmware prints goes out, in ms: a number, or `[min, max]` for a
   * uniformly distributed delay drawn from a generator seeded with `seed`. Order is kept. Default 0.
   */
  replyLatencyMs?: number | readonly [number, number];
  /** ms each command takes to execute (added to the motion time in "feedrate" mode). Default 0. */
  processingMs?: number;
  /**
   * "instant": moves take no time. "feedrate": a G0/G1 takes its length / feed rate and is
   * acknowledged once it enters the planner queue; M400, G4 and homing wait for the queue to
   * run empty. Default "instant".
   */
  motion?: "instant" | "feedrate";
  /** Planner size (Marlin BLOCK_BUFFER_SIZE) in "feedrate" mode. Default 16. */
  plannerBlocks?: number;
  /** ms G28/G29 take. Default 0. */
  homingMs?: number;
  /** Interval of `busy: processing` while a command runs long. Default 2000. */
  busyIntervalMs?: number;
  /** Send `ADVANCED_OK` fields (`ok N.. P.. B..`). Default true. */
  advancedOk?: boolean;
  /** Seed for fault injection. Default 1. */
  seed?: number;
  /** Probability each received byte is corrupted (at most one per line, never a newline). */
  corruptByteProbability?: number;
  /** Probability an `ok` is lost. */
  dropOkProbability?: number;
  /** Probability a command starts with a burst of `busy: processing` lines. */
  busyBurstProbability?: number;
  /** Thermal runaway + halt when numbered line N executes. */
  haltAtLine?: number;
  /** Drop the connection when numbered line N is accepted. */
  disconnectAtLine?: number;
  /** Append each accepted job command (numbered, not M110) to this file. */
  acceptedLogPath?: string;
  /**
   * Which firmware to impersonate in M115. "prusa" also empties the receive buffer on a line
   * error, as Prusa-Firmware does; "klipper" answers M115 on the ok line without Cap: lines.
   * Default "marlin".
   */
  firmware?: VirtualFirmware;
}

interface QueuedCommand {
  command: string;
  lineNumber: number | null;
}

export const VIRTUAL_FIRMWARE_NAME = "Marlin 2.1.2 (PeerFab virtual)";

const CAPABILITIES: [string, 0 | 1][] = [
  ["SERIAL_XON_XOFF", 0],
  ["BINARY_FILE_TRANSFER", 0],
  ["EEPROM", 1],
  ["AUTOREPORT_TEMP", 1],
  ["PROGRESS", 0],
  ["PRINT_JOB", 1],
  ["AUTOLEVEL", 0],
  ["Z_PROBE", 0],
  ["LEVELING_DATA", 0],
  ["SOFTWARE_POWER", 0],
  ["TOGGLE_LIGHTS", 0],
  ["CASE_LIGHT_BRIGHTNESS", 0],
  ["EMERGENCY_PARSER", 1],
  ["HOST_ACTION_COMMANDS", 1],
  ["PROMPT_SUPPORT", 0],
  ["AUTOREPORT_POSITION", 0],
  ["EXTENDED_M20", 0],
  ["THERMAL_PROTECTION", 1],
];

export class VirtualMarlin {
  /** Every job command accepted, in order: numbered lines except `M110`, without N and checksum. */
  readonly accepted: string[] = [];
  /** Bytes lost because the receive buffer was full. */
  rxOverflowBytes = 0;
  halted = false;
  readonly hotend: SimulatedHeater;
  readonly bed: SimulatedHeater;

  private readonly options: Required<Omit<VirtualMarlinOptions, "haltAtLine" | "disconnectAtLine" | "acceptedLogPath" | "firmware">> &
    VirtualMarlinOptions;
  private readonly random: () => number;
  private readonly lineListeners: ((line: string) => void)[] = [];
  private readonly disconnectListeners: (() => void)[] = [];
  private rx: number[] = [];
  /** Host → firmware bytes when `baud` is set. */
  private readonly rxWire: ByteWire | null;
  /** Firmware → host lines. */
  private readonly txWire: LineWire;
  private readonly planner: MotionPlanner;
  private corruptedThisLine = false;
  /** How many times a line error emptied the receive buffer (Prusa-Firmware). */
  private flushes = 0;
  /** While a line that has just arrived is handled: when it arrived. */
  private answeringAt: number | null = null;
  private emergencyScan = "";
  private readonly queue: QueuedCommand[] = [];
  private lastN = 0;
  private executing = false;
  private autoreportTimer: unknown = null;
  private readonly timers = new Set<unknown>();
  private closed = false;
  private disconnected = false;
  private disconnectFired = false;
  /** M108 arrived through the emergency parser: stop waiting for a heater. */
  private breakWait = false;

  constructor(
    options: VirtualMarlinOptions = {},
    private readonly clock: Clock = systemClock,
  ) {
    this.options = {
      rxBufferSize: 128,
      bufsize: 4,
      heatingRate: 40,
      ambient: 22,
      baud: 0,
      replyLatencyMs: 0,
      processingMs: 0,
      motion: "instant",
      plannerBlocks: 16,
      homingMs: 0,
      busyIntervalMs: 2000,
      advancedOk: true,
      seed: 1,
      corruptByteProbability: 0,
      dropOkProbability: 0,
      busyBurstProbability: 0,
      ...options,
    };
    this.random = seededRandom(this.options.seed);
    this.planner = new MotionPlanner({ blocks: this.options.plannerBlocks });
    this.rxWire = this.options.baud > 0 ? new ByteWire(this.options.baud, clock, (byte, at) => this.arriveFromWire(byte, at)) : null;
    this.txWire = new LineWire({ baud: this.options.baud, latencyMs: latencySource(this.options.replyLatencyMs, this.options.seed) }, clock, (line) => {
      if (this.closed || this.disconnected) return;
      for (const listener of this.lineListeners) listener(line);
    });
    const now = clock.now();
    this.hotend = new SimulatedHeater(this.options.ambient, this.options.heatingRate, now);
    this.bed = new SimulatedHeater(this.options.ambient, this.options.heatingRate, now);
  }

  onLine(listener: (line: string) => void): void {
    this.lineListeners.push(listener);
  }

  onDisconnect(listener: () => void): void {
    this.disconnectListeners.push(listener);
  }

  /** Board reset (DTR toggle on open): announces `start` and forgets line numbers. */
  reset(): void {
    this.lastN = 0;
    this.rx = [];
    this.queue.length = 0;
    this.emit("start");
    this.emit("echo:Marlin 2.1.2");
    this.emit("echo: Last Updated: 2023-03-23 | Author: (PeerFab virtual printer)");
    this.emit("echo:Free Memory: 4321  PlannerBufferBytes: 1280");
  }

  /** The USB cable is plugged back in after `disconnectAtLine` (the board kept power: heaters as they were). */
  reconnect(): void {
    this.disconnected = false;
    this.rx = [];
    this.emergencyScan = "";
  }

  /**
   * Bytes from the host. Without `baud` they arrive all at once, and each line moves into the
   * command queue as soon as its end is in (the main loop outruns any wire).
   */
  receive(bytes: Uint8Array): void {
    if (this.closed || this.disconnected) return;
    if (this.rxWire) {
      this.rxWire.send(bytes);
      return;
    }
    const flushes = this.flushes;
    for (const byte of bytes) {
      // Prusa-Firmware emptied its receive buffer: on an unpaced wire the rest of this write was in it.
      if (this.flushes !== flushes || this.closed || this.disconnected) return;
      this.arriveFromWire(byte);
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) this.clock.clearTimeout(timer);
    this.timers.clear();
    if (this.autoreportTimer !== null) this.clock.clearTimeout(this.autoreportTimer);
    this.rxWire?.close();
    this.txWire.close();
  }

  temperatureReport(): string {
    const now = this.clock.now();
    const t = this.hotend.temperature(now).toFixed(2);
    const b = this.bed.temperature(now).toFixed(2);
    const power = (heater: SimulatedHeater) => (heater.reached(now) ? (heater.target > 0 ? 40 : 0) : 127);
    return `T:${t} /${this.hotend.target.toFixed(2)} B:${b} /${this.bed.target.toFixed(2)} @:${power(this.hotend)} B@:${power(this.bed)}`;
  }

  // --- receiving ---------------------------------------------------------------------------

  private later(callback: () => void, ms: number): void {
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(handle);
      if (this.closed) return;
      // Bytes that reached the UART before this moment go into the receive buffer first.
      this.rxWire?.deliverDue();
      callback();
    }, ms);
    this.timers.add(handle);
  }

  /**
   * A byte is in: a completed line is read at once (the main loop outruns the wire), and what the
   * firmware prints in answer is timed from the moment its last byte arrived, not from when the
   * simulator's timer happened to fire (Node's timers run on a millisecond clock).
   */
  private arriveFromWire(byte: number, at = this.clock.now()): void {
    this.arrive(byte);
    if (byte !== 10 && byte !== 13) return;
    this.answeringAt = at;
    try {
      this.pump();
    } finally {
      this.answeringAt = null;
    }
  }

  private arrive(input: number): void {
    let byte = input;
    const newline = byte === 10 || byte === 13;
    if (!newline && !this.corruptedThisLine && this.random() < this.options.corruptByteProbability) {
      do byte = 32 + Math.floor(this.random() * 95);
      while (byte === input);
      this.corruptedThisLine = true;
    }
    if (newline) this.corruptedThisLine = false;
    this.scanEmergency(byte);
    if (this.halted) return;
    if (this.rx.length >= this.options.rxBufferSize) {
      this.rxOverflowBytes++;
      return;
    }
    this.rx.push(byte);
  }

  /** EMERGENCY_PARSER: M112 acts as soon as its bytes arrive, ahead of the queue. */
  private scanEmergency(byte: number): void {
    if (byte === 10 || byte === 13) {
      const command = decodeLine(this.emergencyScan).command;
      if (command === "M112") this.kill("Printer halted. kill() called!");
      else if (command === "M108") this.breakWait = true;
      this.emergencyScan = "";
    } else if (this.emergencyScan.length < 40) {
      this.emergencyScan += String.fromCharCode(byte);
    }
  }

  private takeLine(): string | null {
    const end = this.rx.findIndex((b) => b === 10 || b === 13);
    if (end < 0) return null;
    const bytes = this.rx.splice(0, end + 1);
    return String.fromCharCode(...bytes.slice(0, end));
  }

  /** Moves complete lines into the command queue while it has room, then executes. */
  private pump(): void {
    if (this.halted || this.disconnected) return;
    while (this.queue.length < this.options.bufsize) {
      const line = this.takeLine();
      if (line === null) break;
      this.admit(line);
      if (this.halted || this.disconnected) return;
    }
    if (!this.executing && this.queue.length > 0) this.executeNext();
  }

  private lineError(message: string): void {
    this.emit(`Error:${message}, Last Line: ${this.lastN}`);
    if (this.options.firmware === "prusa") {
      this.rx = [];
      this.flushes++;
    }
    this.emit(`Resend: ${this.lastN + 1}`);
    // flush_and_request_resend: a plain ok, never the ADVANCED_OK fields.
    if (!this.okDropped()) this.emit("ok");
  }

  /** Validation as in Marlin's GCodeQueue::get_serial_commands. */
  private admit(line: string): void {
    const trimmed = line.trim();
    if (trimmed.length === 0) return;
    const decoded = decodeLine(trimmed);
    if (decoded.lineNumber !== null) {
      const isM110 = decoded.command.startsWith("M110");
      if (decoded.checksum === null) return this.lineError("No Checksum with line number");
      if (!decoded.checksumValid) return this.lineError("checksum mismatch");
      if (decoded.lineNumber !== this.lastN + 1 && !isM110) return this.lineError("Line Number is not Last Line Number+1");
      if (isM110) {
        const n = /N(\d+)/.exec(decoded.command.slice(4));
        this.lastN = n?.[1] !== undefined ? Number.parseInt(n[1], 10) : decoded.lineNumber;
      } else {
        this.lastN = decoded.lineNumber;
        this.accepted.push(decoded.command);
        if (this.options.acceptedLogPath) appendFileSync(this.options.acceptedLogPath, `${decoded.command}\n`);
        if (decoded.lineNumber === this.options.disconnectAtLine && !this.disconnectFired) {
          this.disconnectFired = true;
          this.disconnected = true;
          for (const listener of this.disconnectListeners) listener();
          return;
        }
      }
    } else if (decoded.checksum !== null) {
      return this.lineError("No Line Number with checksum");
    }
    this.queue.push({ command: decoded.command, lineNumber: decoded.lineNumber });
  }

  // --- executing ---------------------------------------------------------------------------

  private executeNext(): void {
    const next = this.queue[0];
    if (!next) return;
    this.executing = true;
    if (this.random() < this.options.busyBurstProbability) {
      for (let i = 0; i < 3; i++) this.emit("echo:busy: processing");
    }
    this.run(next);
  }

  /** Waits what the command takes (processing time, planner room, queued moves), then executes it. */
  private run(queued: QueuedCommand): void {
    const code = commandCode(queued.command);
    const now = this.clock.now();
    let duration = code === "G28" || code === "G29" ? this.options.homingMs : this.options.processingMs;
    if (this.options.motion === "feedrate") {
      if (code === "G0" || code === "G1") {
        const room = this.planner.waitForRoom(now);
        if (room > 0) {
          this.later(() => this.run(queued), room);
          return;
        }
      } else if (PLANNER_SYNC.has(code)) {
        const param = commandParam(queued.command, code);
        const dwell = code === "G4" ? (param("P") ?? (param("S") ?? 0) * 1000) : 0;
        duration += this.planner.waitForIdle(now) + dwell;
      }
    }
    const finish = () => {
      const output = this.execute(queued);
      if (output === "wait") return;
      this.complete(output);
    };
    if (duration > 0) {
      this.keepAlive(duration);
      this.later(finish, duration);
    } else finish();
  }

  private keepAlive(duration: number): void {
    for (let at = this.options.busyIntervalMs; at < duration; at += this.options.busyIntervalMs) {
      this.later(() => this.emit("echo:busy: processing"), at);
    }
  }

  private complete(output: string[], okSuffix = ""): void {
    const done = this.queue[0];
    for (const line of output) this.emit(line);
    if (done?.lineNumber !== undefined && done.lineNumber !== null && done.lineNumber === this.options.haltAtLine) {
      this.queue.shift();
      this.kill("Printer halted. kill() called!", "Thermal Runaway, system stopped! Heater_ID: 0");
      return;
    }
    this.sendOk(done, okSuffix);
    // The slot is freed after the ok, as GCodeQueue::advance does.
    this.queue.shift();
    this.executing = false;
    this.pump();
  }

  /** The ok of an executed command; `B` counts the slots free while it still holds its own. */
  private sendOk(done: QueuedCommand | undefined, suffix: string): void {
    if (this.okDropped()) return;
    const lineField = done?.lineNumber !== undefined && done.lineNumber !== null ? ` N${done.lineNumber}` : "";
    const advanced = this.options.advancedOk
      ? `${lineField} P${this.planner.freeBlocks(this.clock.now())} B${this.options.bufsize - this.queue.length}`
      : "";
    this.emit(`ok${suffix ? ` ${suffix}` : advanced}`);
  }

  private okDropped(): boolean {
    return this.options.dropOkProbability > 0 && this.random() < this.options.dropOkProbability;
  }

  private waitForHeater(heater: SimulatedHeater): void {
    this.breakWait = false;
    const poll = () => {
      if (this.halted) return;
      const now = this.clock.now();
      if (heater.reached(now) || this.breakWait) {
        this.breakWait = false;
        this.complete([]);
        return;
      }
      this.emit(`${this.temperatureReport()} W:?`);
      this.later(poll, Math.min(1000, Math.max(10, heater.msToReach(now))));
    };
    this.later(poll, Math.min(1000, Math.max(10, heater.msToReach(this.clock.now()))));
  }

  /** Runs one command; returns its output lines, or "wait" when it completes later itself. */
  private execute(queued: QueuedCommand): string[] | "wait" {
    const { command } = queued;
    const code = commandCode(command);
    const param = commandParam(command, code);
    const now = this.clock.now();
    switch (code) {
      case "M104":
      case "M109": {
        this.hotend.setTarget(param("S") ?? param("R") ?? 0, now);
        if (code === "M104") return [];
        this.waitForHeater(this.hotend);
        return "wait";
      }
      case "M140":
      case "M190": {
        this.bed.setTarget(param("S") ?? param("R") ?? 0, now);
        if (code === "M140") return [];
        this.waitForHeater(this.bed);
        return "wait";
      }
      case "M105":
        this.complete([], this.temperatureReport());
        return "wait";
      case "M155":
        this.setAutoreport(param("S") ?? 0);
        return [];
      case "M115":
        if (this.options.firmware && this.options.firmware !== "marlin") {
          const answer = m115Answer(this.options.firmware);
          this.complete(answer.lines, answer.okSuffix);
          return "wait";
        }
        return [
          `FIRMWARE_NAME:${VIRTUAL_FIRMWARE_NAME} SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:PeerFab Virtual MK1 EXTRUDER_COUNT:1 UUID:cede2a2f-41a2-4748-9b12-c55c62f367ff`,
          ...CAPABILITIES.map(([name, value]) => `Cap:${name}:${value}`),
        ];
      case "M114": {
        const { X, Y, Z, E } = this.planner.position;
        return [`X:${X.toFixed(2)} Y:${Y.toFixed(2)} Z:${Z.toFixed(2)} E:${E.toFixed(2)} Count X:0 Y:0 Z:0`];
      }
      case "M112":
        this.kill("Printer halted. kill() called!");
        return "wait";
      case "G0":
      case "G1": {
        const moveMs = this.planner.apply(code, param);
        if (this.options.motion === "feedrate") this.planner.queueMove(moveMs, now);
        return [];
      }
      case "G28":
      case "G90":
      case "G91":
      case "G92":
      case "M82":
      case "M83":
        this.planner.apply(code, param);
        return [];
      case "":
        return [`echo:Unknown command: "${command}"`];
      default:
        return [];
    }
  }

  private setAutoreport(seconds: number): void {
    if (this.autoreportTimer !== null) this.clock.clearTimeout(this.autoreportTimer);
    this.autoreportTimer = null;
    if (seconds <= 0) return;
    const report = () => {
      if (this.closed || this.halted) return;
      this.emit(` ${this.temperatureReport()}`);
      this.autoreportTimer = this.clock.setTimeout(report, seconds * 1000);
    };
    this.autoreportTimer = this.clock.setTimeout(report, seconds * 1000);
  }

  private kill(message: string, cause?: string): void {
    if (this.halted) return;
    const now = this.clock.now();
    this.hotend.setTarget(0, now);
    this.bed.setTarget(0, now);
    this.halted = true;
    this.queue.length = 0;
    this.rx = [];
    if (cause) this.emit(`Error:${cause}`);
    this.emit(`Error:${message}`);
    this.emit("echo:PeerFab virtual printer halted; reset it (reconnect) to continue.");
  }

  private emit(line: string): void {
    if (this.closed || this.disconnected) return;
    this.txWire.send(line, this.answeringAt ?? this.clock.now());
  }
}

/** Commands that wait for the planner to run empty in "feedrate" mode. */
const PLANNER_SYNC = new Set(["M400", "G4", "G28", "G29"]);

function commandCode(command: string): string {
  return /^([GMT]\d+)/.exec(command)?.[1] ?? "";
}

/** Reads parameter `letter` of `command` (after its code), null when absent. */
function commandParam(command: string, code: string): (letter: string) => number | null {
  const args = ` ${command.slice(code.length)}`;
  return (letter) => {
    const match = new RegExp(`\\s${letter}(-?\\d*\\.?\\d+)`).exec(args);
    return match?.[1] === undefined ? null : Number(match[1]);
  };
}

/** A fixed latency, or a seeded uniform draw from [min, max], in ms. */
function latencySource(latency: number | readonly [number, number], seed: number): () => number {
  if (typeof latency === "number") return () => latency;
  const [min, max] = latency;
  // Its own generator, so turning latency on does not change which bytes fault injection hits.
  const random = seededRandom(seed ^ 0x5bd1e995);
  return () => min + random() * (max - min);
}
