/**
 * Time-ordered ids: `<prefix>_<ms since epoch, base36><counter><random>`. Sorting by id sorts by
 * creation time (within one process even for ids made in the same millisecond), so lists and
 * transition histories order by id on SQLite and PostgreSQL alike.
 */
import { randomBytes } from "node:crypto";

let lastMs = 0;
let counter = 0;

export function newId(prefix: string): string {
  const now = Date.now();
  if (now === lastMs) counter++;
  else {
    lastMs = now;
    counter = 0;
  }
  const time = now.toString(36).padStart(9, "0");
  const seq = counter.toString(36).padStart(4, "0");
  return `${prefix}_${time}${seq}${randomBytes(5).toString("hex")}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}
