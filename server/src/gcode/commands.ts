/**
 * Counting the commands of a G-code file: the lines a printer receives once `;` comments and
 * blank lines are stripped. That count is a job's `linesTotal`, so progress reaches 100 % exactly
 * when the firmware has acknowledged the last command.
 */
export function countGcodeCommands(text: string): number {
  let count = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    let line = text.slice(start, end);
    const comment = line.indexOf(";");
    if (comment !== -1) line = line.slice(0, comment);
    if (line.trim().length > 0) count++;
    start = end + 1;
  }
  return count;
}
