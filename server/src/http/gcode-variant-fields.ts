/**
 * A G-code variant from an upload form: the file in field `gcode`, with the optional text fields
 * `slicedFor` (printer model) and `material` it was sliced for. Left out, they are read from the
 * slicer's settings in the file (gcode/gcode-summary.ts).
 */
import { HttpError } from "../errors.ts";
import type { IncomingGcode } from "../services/design-ingest.ts";
import type { ReceivedFile } from "./multipart.ts";

const MAX_LENGTH = 200;

export function gcodeVariant(file: ReceivedFile, fields: ReadonlyMap<string, string>): IncomingGcode {
  return { fileName: file.fileName, staged: file.staged, slicedFor: field(fields, "slicedFor"), material: field(fields, "material") };
}

function field(fields: ReadonlyMap<string, string>, name: string): string | null {
  const value = fields.get(name)?.trim() ?? "";
  if (value.length > MAX_LENGTH) {
    throw new HttpError(400, "invalid-fields", `'${name}' is ${value.length} characters long; keep it to ${MAX_LENGTH} (e.g. "Prusa MK4" or "PETG").`);
  }
  return value === "" ? null : value;
}
