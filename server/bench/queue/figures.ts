/** bench:queue's arithmetic, pure so it is tested: percentiles, memory per connection, the hub's shipped node flags. */

/** The p-th percentile (nearest rank, 0 < p ≤ 100) of ascending `sorted`; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** Memory per connection: the growth between two readings (KB) over the connections added between them. */
export function perConnectionKb(beforeKb: number, afterKb: number, connectionsBefore: number, connectionsAfter: number): number {
  const added = connectionsAfter - connectionsBefore;
  if (added <= 0) throw new Error(`memory per connection needs connections added between the readings (${connectionsBefore} → ${connectionsAfter})`);
  return (afterKb - beforeKb) / added;
}

/**
 * The node flags an npm script gives the hub: the `--` options between the launcher (`tsx` or
 * `node`) and the script, e.g. `["--max-semi-space-size=2"]` from `tsx --max-semi-space-size=2 src/main.ts`.
 */
export function nodeFlagsOf(script: string): string[] {
  const words = script.trim().split(/\s+/);
  const launcher = words.findIndex((w) => w === "tsx" || w === "node");
  if (launcher < 0) return [];
  const flags: string[] = [];
  for (const word of words.slice(launcher + 1)) {
    if (!word.startsWith("--")) break;
    flags.push(word);
  }
  return flags;
}
