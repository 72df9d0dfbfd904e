/**
 * What a bridge is told to slice for a job: the model's hub URL and hash, the job's material and
 * the quality. One definition for quote requests and for dispatch, so a bridge that sliced a
 * job for its quote recognises the same request when the accepted job arrives and prints the
 * G-code it already has.
 */
import type { Job, SliceRequest } from "@peerfab/protocol";

export interface SliceableModel {
  id: string;
  name: string;
  sha256: string;
}

export function sliceRequestFor(job: Pick<Job, "designId" | "material">, model: SliceableModel): SliceRequest {
  return {
    modelPath: `/api/designs/${encodeURIComponent(job.designId)}/files/${encodeURIComponent(model.id)}`,
    modelSha256: model.sha256,
    fileName: model.name,
    material: job.material,
    quality: "normal",
  };
}
