/**
 * The size of a design's primary mesh, kept on its `designs` row as three sorted edge lengths
 * (size_small ≤ size_middle ≤ size_large, mm) so the gallery's "fits my printer" filter is a plain
 * comparison in SQL. A box fits a build volume in one of the six axis-aligned orientations exactly
 * when each of its sorted edges is at most the volume's edge of the same rank — the same answer as
 * protocol's `fitsBuildVolume`, which tries the six orientations one by one. With its slack too:
 * adding the same `BUILD_VOLUME_TOLERANCE_MM` to every volume edge keeps their order, so the filter
 * compares each sorted edge with `buildAxisLimit` of the volume's (search/sqlite-design-search.ts).
 */
import type { BoundingBox, BuildVolume, Vec3 } from "@peerfab/protocol";
import type { Db } from "../db/database.ts";
import { primaryMesh } from "../designs/design-links.ts";

export type SortedEdges = readonly [number, number, number];

/** The three edge lengths of a box (or a build volume), smallest first. */
export function sortedEdges(size: Vec3 | BuildVolume): SortedEdges {
  const [a, b, c] = [size.x, size.y, size.z].sort((p, q) => p - q) as [number, number, number];
  return [a, b, c];
}

interface SizedFile {
  id: string;
  name: string;
  kind: string;
  version: number;
  analysis_json: string | null;
}

/** The sorted edges of the primary mesh among a design's files (oldest first, every version), or null. */
export function primaryMeshEdges(files: readonly SizedFile[]): SortedEdges | null {
  // The newest version of each name, in the order the names first appeared (as the design shows them).
  const newest = new Map<string, SizedFile>();
  for (const file of files) {
    const seen = newest.get(file.name);
    if (!seen || file.version > seen.version) newest.set(file.name, file);
  }
  const primary = primaryMesh([...newest.values()]);
  if (!primary?.analysis_json) return null;
  const { bbox } = JSON.parse(primary.analysis_json) as { bbox?: BoundingBox };
  if (!bbox) return null;
  return sortedEdges({ x: bbox.max.x - bbox.min.x, y: bbox.max.y - bbox.min.y, z: bbox.max.z - bbox.min.z });
}

/** Recomputes the stored size of one design from its files; `db` is the transaction that changed them. */
export async function refreshDesignSize(db: Db, designId: string): Promise<void> {
  const files = await db
    .selectFrom("design_files")
    .select(["id", "name", "kind", "version", "analysis_json"])
    .where("design_id", "=", designId)
    .orderBy("id")
    .execute();
  const edges = primaryMeshEdges(files);
  await db
    .updateTable("designs")
    .set({ size_small: edges?.[0] ?? null, size_middle: edges?.[1] ?? null, size_large: edges?.[2] ?? null })
    .where("id", "=", designId)
    .execute();
}

