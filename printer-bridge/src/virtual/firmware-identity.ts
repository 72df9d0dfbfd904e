/**
 * How firmware other than Marlin answers M115, for the virtual printer (samples in
 * fixtures/marlin/prusa-firmware-3.13-responses.tsv and klipper-0.12-responses.tsv).
 * Prusa prints the name and Cap: lines before `ok`; Klipper puts its name on the ok line.
 */

export type VirtualFirmware = "marlin" | "prusa" | "klipper";

export interface M115Answer {
  lines: string[];
  /** Text after `ok ` on the ok line, or "" for a plain ok. */
  okSuffix: string;
}

export function m115Answer(firmware: Exclude<VirtualFirmware, "marlin">): M115Answer {
  if (firmware === "klipper") return { lines: [], okSuffix: "FIRMWARE_NAME:Klipper FIRMWARE_VERSION:v0.12.0-85-gd785b396" };
  return {
    lines: [
      "FIRMWARE_NAME:Prusa-Firmware 3.13.3 based on Marlin FIRMWARE_URL:https://github.com/prusa3d/Prusa-Firmware PROTOCOL_VERSION:1.0 MACHINE_TYPE:Prusa i3 MK3S EXTRUDER_COUNT:1 UUID:00000000-0000-0000-0000-000000000000",
      "Cap:AUTOREPORT_TEMP:1",
      "Cap:AUTOREPORT_FANS:1",
      "Cap:AUTOREPORT_POSITION:1",
      "Cap:EXTENDED_M20:1",
      "Cap:PRUSA_MMU2:1",
    ],
    okSuffix: "",
  };
}
