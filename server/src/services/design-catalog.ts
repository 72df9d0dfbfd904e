/** Reading designs: pages of the catalogue (searched and filtered), one design, the bytes of one of its files. */
import type { BuildVolume, Design, DesignList, DesignQuery, FileKind } from "@peerfab/protocol";
import type { ReadStream } from "node:fs";
import { HttpError, notFound } from "../errors.ts";
import type { DesignRepository, StoredDesignFile } from "../repositories/designs.ts";
import type { PrinterRecord } from "../repositories/printers.ts";
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
    /** Printers, for `fitsPrinter` (without them that filter answers 400). */
    private readonly printers?: { get(id: string): Promise<PrinterRecord | undefined> },
  ) {}

  /**
   * One page of the designs matching the query's words, tag, license and printer, newest first.
   * `viewerId` is the signed-in caller: `fitsPrinter` must name one of their printers.
   */
  async list({ q, tag, license, fitsPrinter, page, pageSize }: DesignQuery, viewerId?: string): Promise<DesignList> {
    const fits = fitsPrinter === undefined ? undefined : await this.buildVolumeOf(fitsPrinter, viewerId);
    const { ids, total } = await this.search.find({ text: q, tag, license, fits }, (page - 1) * pageSize, pageSize);
    return { designs: await this.designs.getMany(ids), total, page, pageSize };
  }

  private async buildVolumeOf(printerId: string, viewerId: string | undefined): Promise<BuildVolume> {
    const printer = await this.printers?.get(printerId);
    if (!printer) {
      throw new HttpError(400, "unknown-printer", `There is no printer '${printerId}' to filter by. Pick one of your printers (GET /api/printers lists them) or leave out fitsPrinter.`);
    }
    if (printer.ownerId !== viewerId) {
      throw new HttpError(403, "not-your-printer", `Printer '${printerId}' belongs to another account: "fits my printer" filters by your own printers only. Pick one of yours or leave out fitsPrinter.`);
    }
    return printer.capabilities.buildVolume;
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
