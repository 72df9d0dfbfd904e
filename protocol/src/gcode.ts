/**
 * What counts as a G-code command: a line with its `;` comment and surrounding whitespace
 * removed, if anything is left. The bridge sends exactly these commands to the firmware, and the
 * hub's count of a file's commands (its jobs' `linesTotal`, via `GcodeAnalyzer.commandCount`)
 * follows the same rule, so progress reaches 100 % exactly when the firmware has acknowledged
 * the last command.
 */

/** A G-code line without its `;` comment and surrounding whitespace; null if nothing is left. */
export function stripGcodeComment(raw: string): string | null {
  const comment = raw.indexOf(";");
  const command = (comment === -1 ? raw : raw.slice(0, comment)).trim();
  return command.length > 0 ? command : null;
}

/** The commands of a G-code file in order; lines split at `\n` (a `\r` before it is trimmed). */
export function gcodeCommands(text: string): string[] {
  const commands: string[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const command = stripGcodeComment(text.slice(start, end));
    if (command !== null) commands.push(command);
    start = end + 1;
  }
  return commands;
}
