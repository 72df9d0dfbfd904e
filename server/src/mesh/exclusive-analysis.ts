/**
 * Which mesh tasks the analysis pool runs `exclusive` — never two at once (analysis-pool.ts) —
 * decided by the file's kind and size: uploads analysed (services/design-ingest.ts) and designs
 * exported to 3MF (services/design-downloads.ts).
 *
 * - An STL's analysis, thumbnail and preview add about the analysis memory budget
 *   (`PEERFAB_ANALYSIS_MEMORY_MB`, memory-plan.ts) whatever the file's size: out of core above
 *   ~200,000 triangles at 48 MB; measured +11–31 MB peak for 10, 30 and 48 MB STLs. An STL is
 *   exclusive from `EXCLUSIVE_STL_BYTES` (32 MB, ~640,000 triangles), which only keeps two
 *   budget-sized analyses (and two exports, which hold each mesh's positions) apart above that
 *   size — two just below it still run together.
 * - A 3MF is parsed whole before it is analysed (and before it is exported): measured 7–9 MB of
 *   memory per MB of 3MF (+25–39 MB for 2.3 MB, +98–107 MB for 11.9 MB, +165–177 MB for 23.8 MB).
 *   At the STL's 32 MB two 3MFs just under it could add ~450 MB together, so a 3MF is exclusive
 *   from the size whose parse takes about the budget: budget / `THREE_MF_MEMORY_PER_BYTE` (8, the
 *   middle of the measurements) — 6 MB at the default 48 MB. Below it, two 3MFs running together
 *   add about two budgets, like two STLs. The threshold is never above the STL's, so a bigger
 *   budget does not let two 3MFs that an STL of their size would keep apart run together.
 */
import type { MeshFile } from "./mesh-file.ts";

export type MeshKind = MeshFile["kind"];

/** STLs from this size on run exclusive, whatever the budget. */
export const EXCLUSIVE_STL_BYTES = 32 * 1024 * 1024;

/** Bytes of memory parsing and analysing a 3MF adds per byte of the file (measured 7–9). */
export const THREE_MF_MEMORY_PER_BYTE = 8;

/** The size from which a file of `kind` runs exclusive, for the analysis memory budget `memoryBudgetBytes`. */
export function exclusiveFromBytes(kind: MeshKind, memoryBudgetBytes: number): number {
  if (kind === "stl") return EXCLUSIVE_STL_BYTES;
  return Math.min(EXCLUSIVE_STL_BYTES, Math.floor(memoryBudgetBytes / THREE_MF_MEMORY_PER_BYTE));
}

/** True when a task reading this mesh file must not run beside another exclusive one. */
export function runsExclusive(kind: MeshKind, bytes: number, memoryBudgetBytes: number): boolean {
  return bytes >= exclusiveFromBytes(kind, memoryBudgetBytes);
}
