/**
 * On a job's row (the maker's jobs page): the G-code the printer's bridge sliced for the job,
 * once the hub has it (issue #6) — its size in words, a download link, and its toolpath,
 * loaded only when the maker opens the panel. Jobs printing a design's own G-code get none
 * (the design page has that file).
 */
import { type Job, slicedGcodePath } from "@peerfab/protocol";
import { formatBytes } from "../format/units.ts";
import { el } from "./dom.ts";
import { toolpathPreview, type ToolpathPreview } from "./toolpath-preview.ts";

export interface SlicedGcodePanel {
  readonly element: HTMLElement;
  dispose(): void;
}

export function slicedGcodePanel(job: Job): SlicedGcodePanel | null {
  const gcode = job.slicedGcode;
  if (!gcode) return null;
  const path = slicedGcodePath(job.id);
  const layers = `${gcode.layers} ${gcode.layers === 1 ? "layer" : "layers"}`;
  const element = el(
    "details",
    { class: "job-gcode", "data-testid": "job-sliced-gcode" },
    el("summary", {}, `Toolpath sliced by the printer (${layers})`),
    el("p", {}, el("a", { href: path, download: `${job.id}.gcode`, "data-testid": "job-sliced-gcode-download" }, `Download the G-code (${formatBytes(gcode.size)})`)),
  );
  let preview: ToolpathPreview | null = null;
  element.addEventListener("toggle", () => {
    if (!(element as HTMLDetailsElement).open || preview) return;
    preview = toolpathPreview();
    element.append(preview.element);
    // As far as the hub recorded it: the printers dashboard follows a print live.
    const commandsDone = job.state === "completed" ? gcode.commands : job.linesDone;
    preview.show({ id: job.id, gcodePath: path, commandsDone });
  });
  return {
    element,
    dispose: () => preview?.dispose(),
  };
}
