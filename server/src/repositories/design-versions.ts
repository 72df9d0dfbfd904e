/**
 * Versions of a design's files. "The same file" is the same name within a design; uploading it
 * again makes version n+1. A design shows the newest version of each name, in the order the names
 * first appeared, with the older versions listed (newest first) and still downloadable by id. Pure.
 */
import type { DesignFile } from "@peerfab/protocol";

type PreviousVersion = NonNullable<DesignFile["previousVersions"]>[number];

/** `files` oldest first (as stored); returns one entry per name: its newest version with `previousVersions`. */
export function currentVersions<F extends DesignFile & { version: number }>(files: readonly F[]): (F & { previousVersions: PreviousVersion[] })[] {
  const byName = new Map<string, F[]>();
  for (const file of files) {
    const versions = byName.get(file.name);
    if (versions) versions.push(file);
    else byName.set(file.name, [file]);
  }
  return [...byName.values()].map((versions) => {
    const ordered = [...versions].sort((a, b) => b.version - a.version);
    const [newest, ...older] = ordered as [F, ...F[]];
    return {
      ...newest,
      previousVersions: older.map((f) => ({ id: f.id, version: f.version, sha256: f.sha256, size: f.size, createdAt: f.createdAt })),
    };
  });
}
