/**
 * What counts as a G-code command: a line with its `;` comment and surrounding whitespace
 * removed, if anything is left. The hub counts a file's commands to know a job's `linesTotal`;
 * the bridge sends exactly these commands to the firmware. Both use this one definition, so
 * progress reaches 100 % exactly when the firmware has acknowledged the last command.
 */

/** A G-code line without its `;` comment and surrounding whitespace; null if nothing is left. */
export function stripGcodeComment(raw: string): string | null {
  const comment = raw.indexOf(";");
  const command = (comment === -1 ? raw : raw.slice(0, comment)).trim();
  return command.length > 0 ? command : null;
}

/** The commands of a G-code file in order. */
export function gcodeCommands(text: string): string[] {
  const commands: string[] = [];
  forEachLine(text, (raw) => {
    const command = stripGcodeComment(raw);
    if (command !== null) commands.push(command);
  });
  return commands;
}

/** How many commands a G-code file holds, without building the list. */
export function countGcodeCommands(text: string): number {
  let count = 0;
  forEachLine(text, (raw) => {
    if (stripGcodeComment(raw) !== null) count++;
  });
  return count;
}

/** Calls `visit` for each line of `text`, split at `\n` (a `\r` before it is trimmed as whitespace). */
function forEachLine(text: string, visit: (line: string) => void): void {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    visit(text.slice(start, end));
    start = end + 1;
  }
}
