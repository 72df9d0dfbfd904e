/**
 * Which firmware family answered M115, and the protocol differences the host must respect.
 * Marlin: `FIRMWARE_NAME:Marlin 2.1.2 … PROTOCOL_VERSION:1.0 …` then `Cap:` lines.
 * Prusa-Firmware (MK3/MK3S): `FIRMWARE_NAME:Prusa-Firmware 3.13.3 based on Marlin FIRMWARE_URL:…`,
 * `Cap:` lines; on a line error it empties its receive buffer before `Resend: N` + `ok`
 * (Marlin_main.cpp FlushSerialRequestResend), so lines sent after the bad one get no answer.
 * Klipper: `ok FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-…` on the ok line, no `Cap:` lines,
 * ignores line numbers and checksums (never asks for a resend), reports `B:… T0:…`, no M155.
 * Pure.
 */

export type FirmwareFlavour = "marlin" | "prusa" | "klipper" | "repetier" | "smoothieware" | "unknown";

export interface FirmwareIdentity {
  flavour: FirmwareFlavour;
  /** FIRMWARE_NAME as sent. */
  name: string;
  /** Version number when the firmware states one (FIRMWARE_VERSION, or in the name). */
  version: string | null;
  machineType: string | null;
  extruderCount: number | null;
}

export interface FlavourTraits {
  /** The firmware drops the rest of its receive buffer when it asks for a resend. */
  flushesReceiveBufferOnResend: boolean;
  /** The firmware checks line numbers and checksums and asks for resends. */
  requestsResends: boolean;
  /** The firmware may send `Cap:` lines after M115 (absent ones mean "no"). */
  reportsCapabilities: boolean;
  /**
   * Commands every build's command queue takes after an `ok` (the ok comes once a command has
   * executed and frees its slot; Marlin's BUFSIZE is at least 1). 0 when unknown or when the ok
   * may come before the command leaves the receive buffer's side (Repetier answers on receipt).
   */
  queueSlotsAfterOk: number;
}

const TRAITS: Record<FirmwareFlavour, FlavourTraits> = {
  marlin: { flushesReceiveBufferOnResend: false, requestsResends: true, reportsCapabilities: true, queueSlotsAfterOk: 1 },
  prusa: { flushesReceiveBufferOnResend: true, requestsResends: true, reportsCapabilities: true, queueSlotsAfterOk: 0 },
  klipper: { flushesReceiveBufferOnResend: false, requestsResends: false, reportsCapabilities: false, queueSlotsAfterOk: 0 },
  repetier: { flushesReceiveBufferOnResend: false, requestsResends: true, reportsCapabilities: true, queueSlotsAfterOk: 0 },
  smoothieware: { flushesReceiveBufferOnResend: false, requestsResends: false, reportsCapabilities: false, queueSlotsAfterOk: 0 },
  unknown: { flushesReceiveBufferOnResend: false, requestsResends: true, reportsCapabilities: true, queueSlotsAfterOk: 0 },
};

export function flavourTraits(flavour: FirmwareFlavour): FlavourTraits {
  return TRAITS[flavour];
}

function flavourOf(name: string): FirmwareFlavour {
  if (/^prusa-firmware/i.test(name)) return "prusa";
  if (/^klipper/i.test(name)) return "klipper";
  if (/^marlin/i.test(name)) return "marlin";
  if (/^repetier/i.test(name)) return "repetier";
  if (/^smoothie/i.test(name)) return "smoothieware";
  return "unknown";
}

/** Identifies the firmware from the fields of its M115 answer (see parseFirmwareInfo). */
export function identifyFirmware(fields: Readonly<Record<string, string>>): FirmwareIdentity {
  const name = fields["FIRMWARE_NAME"] ?? "";
  const stated = fields["FIRMWARE_VERSION"];
  const inName = /\b(v?\d+\.\d+(?:\.\d+)*(?:[-+][\w.-]+)?)/.exec(name)?.[1];
  const extruders = fields["EXTRUDER_COUNT"] === undefined ? Number.NaN : Number.parseInt(fields["EXTRUDER_COUNT"], 10);
  return {
    flavour: flavourOf(name),
    name,
    version: stated ?? inName ?? null,
    machineType: fields["MACHINE_TYPE"] ?? null,
    extruderCount: Number.isNaN(extruders) ? null : extruders,
  };
}
