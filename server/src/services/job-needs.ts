/**
 * What a job needs from a printer — its model's size, its material, whether it brings G-code —
 * and its design's license, read from the designs once per design and file: a shop's job board
 * asks this for hundreds of open jobs that often share designs. Lives for one request.
 */
import { boxSize, type Design, type Job, type JobNeeds } from "@peerfab/protocol";

/** The parts of a job that say what it needs. */
type JobFile = Pick<Job, "designId" | "modelFileId" | "gcodeFileId" | "material">;
import { primaryMesh } from "../designs/design-links.ts";
import type { DesignRepository } from "../repositories/designs.ts";

export class JobNeedsReader {
  private readonly designs = new Map<string, Promise<Design | undefined>>();
  private readonly sizes = new Map<string, Promise<JobNeeds["size"]>>();

  constructor(private readonly repository: DesignRepository) {}

  /** The model's size (the job's file, else the design's primary mesh; null for G-code alone), material and G-code. */
  async needs(job: JobFile): Promise<JobNeeds> {
    return { size: await this.size(job), material: job.material, hasGcode: job.gcodeFileId !== null };
  }

  design(designId: string): Promise<Design | undefined> {
    let design = this.designs.get(designId);
    if (!design) this.designs.set(designId, (design = this.repository.get(designId)));
    return design;
  }

  private size(job: JobFile): Promise<JobNeeds["size"]> {
    const key = `${job.designId}\n${job.modelFileId ?? ""}`;
    let size = this.sizes.get(key);
    if (!size) this.sizes.set(key, (size = this.readSize(job)));
    return size;
  }

  private async readSize(job: JobFile): Promise<JobNeeds["size"]> {
    const model = job.modelFileId ? await this.repository.findFile(job.designId, job.modelFileId) : primaryMesh((await this.design(job.designId))?.files ?? []);
    return model?.bbox ? boxSize(model.bbox) : null;
  }
}
