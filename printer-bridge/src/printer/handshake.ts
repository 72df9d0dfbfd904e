/**
 * The handshake with a freshly opened printer: `M110 N0` until it answers (a board resets when
 * the port opens and may still be booting), `M115` for the firmware's name and `Cap:` flags
 * (collected in a FirmwareProfile as they arrive), then temperature reports: `M155` autoreport
 * when the firmware has AUTOREPORT_TEMP, else the caller polls `M105`.
 */
import { type FirmwareFlavour, type FirmwareIdentity, identifyFirmware } from "../marlin/firmware-flavour.ts";
import { LINE_NUMBER_RESET, numberedLine } from "../marlin/line-codec.ts";

/** What the firmware said about itself: M115 fields (or Klipper's ok line) and `Cap:` flags. */
export class FirmwareProfile {
  identity: FirmwareIdentity | null = null;
  readonly caps: Record<string, boolean> = {};

  get name(): string {
    return this.identity?.name ?? "";
  }

  get flavour(): FirmwareFlavour | null {
    return this.identity?.flavour ?? null;
  }

  capability(name: string, enabled: boolean): void {
    this.caps[name] = enabled;
  }

  identify(fields: Readonly<Record<string, string>>): FirmwareIdentity {
    this.identity = identifyFirmware(fields);
    return this.identity;
  }
}

export interface HandshakeLink {
  readonly path: string;
  closed(): boolean;
  /** Sends a host command; resolves when it is answered. */
  send(command: string, lineNumber?: number | null): Promise<boolean>;
  /** Gives up on what is in flight (an attempt that was not answered). */
  forgetInFlight(): void;
  /** Cap: flags read so far. */
  readonly firmwareCaps: Readonly<Record<string, boolean>>;
}

export interface HandshakeOptions {
  /** How long to wait for the firmware to answer at all. Default 10 s. */
  handshakeMs?: number;
  /** Temperature report interval in seconds. Default 2. */
  temperatureIntervalSeconds?: number;
}

/** How temperatures will arrive: reported by the firmware, or polled every `pollMs`. */
export type TemperatureReports = { kind: "autoreport" } | { kind: "poll"; pollMs: number };

const FIRST_ATTEMPT_DELAY_MS = 300;
const ATTEMPT_MS = 1_500;

export async function handshake(link: HandshakeLink, options: HandshakeOptions = {}): Promise<TemperatureReports> {
  const deadline = Date.now() + (options.handshakeMs ?? 10_000);
  await new Promise((r) => setTimeout(r, FIRST_ATTEMPT_DELAY_MS));
  let answered = false;
  while (!answered) {
    if (link.closed()) throw new Error(`${link.path} closed during the handshake`);
    const attempt = link.send(numberedLine(0, LINE_NUMBER_RESET), 0);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ATTEMPT_MS)));
    answered = await Promise.race([attempt, timeout]);
    clearTimeout(timer);
    if (!answered) {
      link.forgetInFlight();
      if (Date.now() > deadline)
        throw new Error(
          `The printer on ${link.path} does not answer (no "ok" to M110). Check the baud rate (try --baud 115200 or 250000) and that it runs Marlin-compatible firmware.`,
        );
    }
  }
  await link.send("M115");
  const interval = options.temperatureIntervalSeconds ?? 2;
  if (link.firmwareCaps["AUTOREPORT_TEMP"]) {
    await link.send(`M155 S${interval}`);
    return { kind: "autoreport" };
  }
  return { kind: "poll", pollMs: interval * 1000 };
}
