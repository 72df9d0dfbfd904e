/**
 * Reads the G-code a slicer wrote: streamed from disk through the protocol's GcodeAnalyzer (64 KB
 * at a time, so a large file neither fills memory nor holds the event loop), then the slicer's
 * own estimates taken from it, and a check that every extrusion lies inside the printer's volume.
 */
import { createReadStream } from "node:fs";
import { GcodeAnalyzer, type GcodeAnalysis } from "@peerfab/protocol";
import { basename } from "node:path";
import { type SlicerProfileFacts, describeVolume, formatMm } from "./printer-profile.ts";
import { type SliceEstimates, SlicerError } from "./slicer.ts";

export async function analyzeGcodeFile(path: string): Promise<GcodeAnalysis> {
  const analyzer = new GcodeAnalyzer();
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) analyzer.push(chunk as Buffer);
  return analyzer.finish();
}

/**
 * The slicer's figures: its normal-mode time estimate and `filament used [mm]`; the weight from
 * that length with the file's filament diameter and density (as the slicer computes it); the
 * layers it marked. The analyzer's own figures stand in where the slicer wrote none.
 */
export function slicerEstimates(analysis: GcodeAnalysis): SliceEstimates {
  const slicer = analysis.slicer;
  const slicerMm = slicer.filamentUsedMm?.reduce((sum, mm) => sum + mm, 0) ?? null;
  const diameter = Number.parseFloat(slicer.settings["filament_diameter"] ?? "");
  const density = Number.parseFloat(slicer.settings["filament_density"] ?? "");
  const filamentMm = slicerMm ?? analysis.filamentMm;
  const filamentG =
    slicerMm !== null && diameter > 0 && density > 0 ? (slicerMm * Math.PI * (diameter / 2) ** 2 * density) / 1000 : analysis.filamentG;
  return {
    printSeconds: slicer.estimatedTimeS ?? analysis.printTime.estimatedS,
    filamentMm,
    filamentG,
    layers: slicer.layerCount ?? analysis.layers.count,
  };
}

/** Half a line width of slack: an extrusion centred on the bed edge is still on the bed. */
const EDGE_SLACK_MM = 0.25;

/** Throws "model-outside-volume" when an extrusion lies off the bed or above the maximum height. */
export function checkInsideVolume(analysis: GcodeAnalysis, facts: SlicerProfileFacts, modelPath: string): void {
  const box = analysis.boundingBox;
  if (!box) return;
  const { bed, maxHeight } = facts;
  const off =
    box.min.x < bed.minX - EDGE_SLACK_MM ||
    box.min.y < bed.minY - EDGE_SLACK_MM ||
    box.max.x > bed.maxX + EDGE_SLACK_MM ||
    box.max.y > bed.maxY + EDGE_SLACK_MM ||
    box.max.z > maxHeight + EDGE_SLACK_MM;
  if (!off) return;
  const span = `X ${formatMm(box.min.x)}…${formatMm(box.max.x)}, Y ${formatMm(box.min.y)}…${formatMm(box.max.y)}, up to Z ${formatMm(box.max.z)} mm`;
  throw new SlicerError(
    "model-outside-volume",
    `The sliced ${basename(modelPath)} (with its skirt) reaches ${span}, outside the printer's print volume (bed X ${formatMm(bed.minX)}…${formatMm(bed.maxX)}, Y ${formatMm(bed.minY)}…${formatMm(bed.maxY)}, height ${formatMm(maxHeight)} mm; ${describeVolume(bed, maxHeight)}). Scale the model down or send fewer parts at once.`,
  );
}
