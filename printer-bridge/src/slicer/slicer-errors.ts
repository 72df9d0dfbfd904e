/**
 * Turns a failed PrusaSlicer run (its exit, and the last lines it printed) into a SlicerError
 * a user understands: what is wrong, and what to do about it. Pure; each mapping is triggered
 * for real in test/slicer-errors.test.ts, with the slicer's own words in fixtures/slicer/.
 */
import { basename } from "node:path";
import { stripLogPrefix } from "./prusa-slicer-output.ts";
import { SlicerError } from "./slicer.ts";

export interface FailedRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the slicer printed (stdout and stderr). */
  lines: readonly string[];
  modelPath: string;
  profilePath: string;
}

/** The slicer's own last words worth showing: error lines first, else the last non-progress line. */
function slicerWords(lines: readonly string[]): string {
  const texts = lines.map(stripLogPrefix).filter((l) => l.text !== "" && !/^\d{1,3} => /.test(l.text) && l.level !== "trace");
  const errors = texts.filter((l) => l.level === "error" || l.level === "fatal" || l.level === null);
  const chosen = (errors.length > 0 ? errors : texts).slice(-2).map((l) => l.text);
  return chosen.join(" ").slice(0, 400).replace(/[.\s]+$/, "");
}

export function explainSlicerFailure(run: FailedRun): SlicerError {
  const text = run.lines.join("\n");
  const model = basename(run.modelPath);
  const profile = basename(run.profilePath);
  const words = slicerWords(run.lines);
  if (run.signal !== null || (run.exitCode !== null && run.exitCode > 1))
    return new SlicerError(
      "crashed",
      `The slicer crashed (${run.signal ? `signal ${run.signal}` : `exit code ${run.exitCode}`}) while slicing ${model}${words ? `; its last words: "${words}"` : ""}. Try again; if it crashes again, repair the model (e.g. with PrusaSlicer's "Fix by Netfabb" or Meshmixer) or send G-code sliced on your computer.`,
    );
  if (/Unknown file format/i.test(text))
    return new SlicerError(
      "model-format",
      `${model} is not a model the slicer reads: it takes STL and 3MF (also OBJ, AMF, STEP). Export the design as STL or 3MF and send it again.`,
    );
  if (/Error while reading config file|Failed loading configuration file/i.test(text) || new RegExp(`No such file: .*${escape(profile)}`).test(text))
    return new SlicerError(
      "profile-invalid",
      `The printer's slicer profile ${profile} cannot be used: ${words}. Fix the profile (slicerProfile in printers.json) and restart the bridge.`,
    );
  if (/Loading of a model file failed|No such file:|stl_open_count_facets|does not contain a valid model|Unable to open the file/i.test(text))
    return new SlicerError(
      "model-unreadable",
      `The slicer could not read ${model} as a mesh: the file is empty, cut short or not really an STL/3MF. Export the model again from your CAD program and send it again.`,
    );
  if (/No layers were detected|Nothing to print/i.test(text))
    return new SlicerError(
      "nothing-to-print",
      `Nothing to print in ${model}: the model is thinner than one layer, has no closed volume, or lies outside the print area. Check its size and units (mm) and that the mesh is closed, then send it again.`,
    );
  if (/outside the print(able)? (volume|area)|exceeds? the (maximum )?(build|print) volume/i.test(text))
    return new SlicerError(
      "model-outside-volume",
      `${model} does not fit inside the printer's print volume (${words}). Scale it down, split it, or send it to a bigger printer.`,
    );
  if (/Value out of range|Invalid value|can't be greater than|cannot be greater than|must be|is not allowed/i.test(text))
    return new SlicerError(
      "setting-rejected",
      `The slicer refused a setting for this job: ${words}. Choose another quality or material for this printer, or fix the profile ${profile}.`,
    );
  return new SlicerError(
    "slicer-failed",
    `The slicer could not slice ${model}${words ? `: ${words}` : ` (exit code ${run.exitCode})`}. If that names a setting, fix the printer's profile ${profile}; otherwise check the model in a slicer on your computer, or send G-code.`,
  );
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
