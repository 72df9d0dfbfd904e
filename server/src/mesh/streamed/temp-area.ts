/**
 * A private folder for one streamed analysis's spill files, inside the hub's temp area
 * (`<dataDir>/tmp`, emptied at every hub start, so even a killed worker leaves nothing behind for
 * long). `withTempArea` closes every file opened through the area and removes the folder with
 * everything in it when the work ends, whether it returned or threw.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";

export interface Closable {
  close(): void;
}

export class TempArea {
  private count = 0;
  private readonly open = new Set<Closable>();

  constructor(readonly dir: string) {}

  /** A fresh file path inside the area (not created). */
  path(label: string): string {
    return join(this.dir, `${label}-${this.count++}`);
  }

  /** Closes `resource` when the area is removed, unless it was closed (and `untrack`ed) before. */
  track<T extends Closable>(resource: T): T {
    this.open.add(resource);
    return resource;
  }

  untrack(resource: Closable): void {
    this.open.delete(resource);
  }

  /** Closes what is still open and removes the folder. */
  remove(): void {
    for (const resource of this.open) {
      try {
        resource.close();
      } catch {
        // Removing the folder matters more than a close error.
      }
    }
    this.open.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function withTempArea<T>(parentDir: string, work: (area: TempArea) => Promise<T> | T): Promise<T> {
  const area = new TempArea(mkdtempSync(join(parentDir, "analysis-")));
  try {
    return await work(area);
  } finally {
    area.remove();
  }
}
