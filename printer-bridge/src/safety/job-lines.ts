/**
 * A job file's commands, each with its line number in the file (1-based, counting every line:
 * comments and blank lines too), so a refusal can point at the line an editor shows. Splits and
 * strips exactly as `gcodeCommands` in @peerfab/protocol does: the commands are the ones sent.
 */
import { stripGcodeComment } from "@peerfab/protocol";

export interface JobLines {
  commands: string[];
  /** `fileLines[i]` is the line of the file `commands[i]` came from. */
  fileLines: number[];
}

export function jobLines(text: string): JobLines {
  const commands: string[] = [];
  const fileLines: number[] = [];
  let start = 0;
  let line = 1;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const command = stripGcodeComment(text.slice(start, end));
    if (command !== null) {
      commands.push(command);
      fileLines.push(line);
    }
    start = end + 1;
    line++;
  }
  return { commands, fileLines };
}
