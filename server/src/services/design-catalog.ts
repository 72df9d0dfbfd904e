/** Reading designs: pages of the catalogue (searched and filtered), one design, the bytes of one of its files. */
import type { Design, DesignList, DesignQuery, FileKind } from "@peerfab/protocol";
import type { ReadStream } from "node:fs";
import { notFound } from "../errors.ts";
import type { DesignRepository, StoredDesignFile } from "../repositories/designs.ts";
import type { DesignSearch } from "../search/design-search.ts";
import type { BlobStore } from "../storage/blob-store.ts";

export const CONTENT_TYPES: Record<FileKind, string> = {
  stl: "model/stl",
  "3mf": "model/3mf",
  gcode: "text/x.gcode",
};

export class DesignCatalog {
  constructor(
    private readonly designs: DesignRepository,
    private readonly search: DesignSearch,
    private readonly blobs: BlobStore,
  ) {}

  /** One page of the designs matching the query's words, tag and license, newest first. */
  async list({ q, tag, license, page, pageSize }: DesignQuery): Promise<DesignList> {
    const { ids, total } = await this.search.find({ text: q, tag, license }, (page - 1) * pageSize, pageSize);
    return { designs: await this.designs.getMany(ids), total, page, pageSize };
  }

  async get(id: string): Promise<Design> {
    const design = await this.designs.get(id);
    if (!design) throw notFound("design", `There is no design '${id}'. It may have been deleted; reload the design list.`);
    return design;
  }

  async openFile(designId: string, idOrName: string): Promise<{ file: StoredDesignFile; contentType: string; body: ReadStream }> {
    await this.get(designId);
    const file = await this.designs.findFile(designId, idOrName);
    if (!file) {
      throw notFound("file", `Design '${designId}' has no file '${idOrName}'. GET /api/designs/${designId} lists its files.`);
    }
    return { file, contentType: CONTENT_TYPES[file.kind], body: this.blobs.open(file.sha256) };
  }
}
