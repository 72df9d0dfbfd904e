/**
 * Recognising a sliced plate package (`.gcode.3mf`, as Bambu Studio, OrcaSlicer and PrusaSlicer
 * export a sliced plate) by its content, whatever it is named: a ZIP archive with a G-code entry
 * (`Metadata/plate_1.gcode`, or any `*.gcode`). Only the archive's central directory is read
 * (yauzl: a few small reads at the end of the file, nothing inflated), so it is cheap enough to
 * ask of every mesh upload before the worker analyses it. An archive yauzl cannot read is "not a
 * plate package": the 3MF parser then says what is wrong with it.
 */
import { openPromise } from "yauzl";

const GCODE_ENTRY = /\.gcode$/i;
/** Entries looked at; a plate package has about ten. */
const MAX_ENTRIES = 10_000;

/** The first G-code entry of the ZIP archive at `path`, or null when it has none (or is no readable ZIP). */
export async function slicedPlateEntry(path: string): Promise<string | null> {
  let zip;
  try {
    zip = await openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch {
    return null;
  }
  // A read failing after the loop has stopped must not become an unhandled 'error' event.
  zip.on("error", () => undefined);
  try {
    let seen = 0;
    for await (const entry of zip.eachEntry()) {
      if (GCODE_ENTRY.test(entry.fileName)) return entry.fileName;
      if (++seen >= MAX_ENTRIES) break;
    }
    return null;
  } catch {
    return null;
  } finally {
    zip.close();
  }
}
