/**
 * The row a maker's job request becomes, wherever it is headed: the file version it prints (G-code
 * as is, or a model for the printer's slicer), what the maker asked for, and where it goes — a
 * printer of theirs (`accepted` at once) or shops (`open`).
 */
import type { CreateJob, JobState, JobTarget } from "@peerfab/protocol";
import { newId, nowIso } from "../ids.ts";
import type { NewJob } from "../repositories/jobs.ts";

export interface JobPlacement {
  state: JobState;
  printerId: string | null;
  target: JobTarget;
}

export function newJobFrom(
  request: Pick<CreateJob, "material" | "quantity" | "colour" | "notes">,
  makerId: string,
  designId: string,
  file: { id: string; kind: string; gcodeCommands: number | null },
  placement: JobPlacement,
): NewJob {
  const isGcode = file.kind === "gcode";
  return {
    id: newId("job"),
    designId,
    gcodeFileId: isGcode ? file.id : null,
    modelFileId: isGcode ? null : file.id,
    makerId,
    material: request.material,
    quantity: request.quantity,
    linesTotal: file.gcodeCommands ?? 0,
    createdAt: nowIso(),
    colour: request.colour ?? null,
    notes: request.notes ?? null,
    ...placement,
  };
}
