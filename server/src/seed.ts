/**
 * First-start seeding: imports every design listed in `<seedDir>/manifest.json` for the local
 * user, through the same ingest as uploads, when the hub has no designs yet.
 */
import { LicenseSchema, TagsSchema } from "@peerfab/protocol";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Logger } from "pino";
import { z } from "zod";
import type { DesignRepository } from "./repositories/designs.ts";
import type { User } from "./repositories/users.ts";
import type { DesignIngest, IncomingFile, IncomingGcode } from "./services/design-ingest.ts";
import type { BlobStore } from "./storage/blob-store.ts";

const SeedManifestSchema = z.object({
  designs: z.array(
    z.object({
      slug: z.string().min(1),
      title: z.string().min(1),
      description: z.string().default(""),
      license: LicenseSchema,
      tags: TagsSchema.default([]),
      files: z.array(z.string().min(1)).min(1),
      gcode: z.array(z.object({ file: z.string().min(1), slicedFor: z.string().optional(), material: z.string().optional() })).default([]),
    }),
  ),
});

export interface SeedDeps {
  ingest: DesignIngest;
  designs: DesignRepository;
  blobs: BlobStore;
  author: User;
  log: Logger;
}

/** Returns how many designs were imported (0 when the hub already has designs). */
export async function seedDesigns(seedDir: string, deps: SeedDeps): Promise<number> {
  const { ingest, designs, blobs, author, log } = deps;
  if ((await designs.count()) > 0) return 0;
  const manifestPath = join(seedDir, "manifest.json");
  let text: string;
  try {
    text = await readFile(manifestPath, "utf8");
  } catch {
    log.warn({ manifestPath }, "no seed manifest; starting without sample designs");
    return 0;
  }
  const parsed = SeedManifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`The seed manifest ${manifestPath} is invalid: ${parsed.error.message}. Fix it or start with PEERFAB seeding disabled (seedDir null).`);
  }
  let imported = 0;
  for (const entry of parsed.data.designs) {
    const stageFile = async (file: string): Promise<IncomingFile> => ({
      fileName: basename(file),
      staged: await blobs.stage(createReadStream(join(seedDir, file))),
    });
    const staged: IncomingFile[] = [];
    try {
      const meshes: IncomingFile[] = [];
      for (const file of entry.files) {
        const mesh = await stageFile(file);
        staged.push(mesh);
        meshes.push(mesh);
      }
      const gcode: IncomingGcode[] = [];
      for (const variant of entry.gcode) {
        const file = await stageFile(variant.file);
        staged.push(file);
        gcode.push({ ...file, slicedFor: variant.slicedFor ?? null, material: variant.material ?? null });
      }
      await ingest.ingest({ author, title: entry.title, description: entry.description, license: entry.license, tags: entry.tags, meshes, gcode });
      imported++;
    } catch (error) {
      log.error({ err: error, slug: entry.slug }, "could not seed a sample design; skipped");
      await Promise.all(staged.map((f) => blobs.discard(f.staged)));
    }
  }
  log.info({ imported, seedDir }, "seeded sample designs");
  return imported;
}
