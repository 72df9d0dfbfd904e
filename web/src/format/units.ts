/**
 * Formatting of numbers the app shows: millimetres, temperatures, percentages, counts, sizes,
 * durations and timestamps. Pure functions; the locale is a parameter so tests are stable.
 */
import type { BoundingBox, Heater, Vec3 } from "@peerfab/protocol";

const DEFAULT_LOCALE = "en-GB";

/** `12.345` → `"12.3"`, `20` → `"20"`: one decimal at most, none when whole. */
export function formatDecimal(value: number, maxDecimals = 1, locale = DEFAULT_LOCALE): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: maxDecimals, minimumFractionDigits: 0 }).format(
    roundTo(value, maxDecimals),
  );
}

/** Size of a bounding box along each axis, in mm. */
export function boxSize(bbox: BoundingBox): Vec3 {
  return { x: bbox.max.x - bbox.min.x, y: bbox.max.y - bbox.min.y, z: bbox.max.z - bbox.min.z };
}

/** `"20 × 20 × 10 mm"` (X × Y × Z). */
export function formatDimensions(bbox: BoundingBox, locale = DEFAULT_LOCALE): string {
  const s = boxSize(bbox);
  return `${formatDecimal(s.x, 1, locale)} × ${formatDecimal(s.y, 1, locale)} × ${formatDecimal(s.z, 1, locale)} mm`;
}

/** `"204.8 °C → 210 °C"` while heating/holding, `"24.1 °C (off)"` when the heater has no target. */
export function formatHeater(heater: Heater | null | undefined, locale = DEFAULT_LOCALE): string {
  if (!heater) return "—";
  const actual = `${formatDecimal(heater.actual, 1, locale)} °C`;
  if (heater.target <= 0) return `${actual} (off)`;
  return `${actual} → ${formatDecimal(heater.target, 0, locale)} °C`;
}

/**
 * `0.426` → `"42%"`. Rounds down so a job never reads 100% before it is done; clamps to 0..100.
 */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return "0%";
  const clamped = Math.min(1, Math.max(0, fraction));
  // Guard against 0.29 * 100 = 28.999999999999996.
  return `${Math.floor(clamped * 100 + 1e-9)}%`;
}

/** `12345` → `"12,345"`. */
export function formatCount(value: number, locale = DEFAULT_LOCALE): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** `1536` → `"1.5 KB"`, using powers of 1024. */
export function formatBytes(bytes: number, locale = DEFAULT_LOCALE): string {
  const units = ["B", "KB", "MB", "GB"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatDecimal(value, unit === 0 ? 0 : 1, locale)} ${units[unit]}`;
}

/** `3725` s → `"1 h 2 min"`, `42` s → `"42 s"`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** An ISO timestamp as `"23 Nov 2025, 19:55"` in the given time zone (the browser's by default). */
export function formatTimestamp(iso: string, locale = DEFAULT_LOCALE, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** `"3.2 MB of 50 MB (6%)"`, or `"3.2 MB"` when the total is unknown. */
export function formatTransfer(loaded: number, total: number | null, locale = DEFAULT_LOCALE): string {
  if (total === null || total <= 0) return formatBytes(loaded, locale);
  return `${formatBytes(loaded, locale)} of ${formatBytes(total, locale)} (${formatPercent(loaded / total)})`;
}
