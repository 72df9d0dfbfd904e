/**
 * The job's commands as PrinterConnection reads them to send them, checked again one by one on
 * the way out (defence in depth: the whole file was checked before the first line went out).
 * A read-only view of the array: reading command i first runs the check over every command up to
 * i, in order; a refused command and every command after it read as `undefined`, so the
 * connection stops feeding the job (it never sends an undefined command), and `onRefused` is
 * called once, after the read, to end the job. PrinterConnection itself is not changed.
 */

/** Says why the command at `index` may not be sent, or null. Called once per index, in order. */
export type CommandCheck = (command: string, index: number) => string | null;

const INDEX = /^(?:0|[1-9]\d*)$/;

export function guardedCommands(commands: readonly string[], check: CommandCheck, onRefused: (reason: string, index: number) => void): readonly string[] {
  let passed = 0;
  let refusedAt = Number.POSITIVE_INFINITY;
  const checkUpTo = (index: number): boolean => {
    while (passed <= index && passed < refusedAt) {
      const reason = check(commands[passed] ?? "", passed);
      if (reason !== null) {
        refusedAt = passed;
        const at = passed;
        queueMicrotask(() => onRefused(reason, at));
        break;
      }
      passed++;
    }
    return index < refusedAt;
  };
  return new Proxy(commands, {
    get(target, property, receiver) {
      if (typeof property === "string" && INDEX.test(property)) {
        const index = Number(property);
        if (index >= target.length || !checkUpTo(index)) return undefined;
        return target[index];
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
