/**
 * The printability badge of a mesh file, from the hub's analysis: is it watertight, are its
 * faces oriented consistently — in words a designer understands, with what to do. Pure.
 */
import type { DesignFile } from "@peerfab/protocol";
import { formatCount } from "../format/units.ts";

export interface MeshCheck {
  readonly level: "ok" | "warning" | "unknown";
  readonly label: string;
  readonly detail: string;
}

export function meshCheck(file: DesignFile): MeshCheck {
  const a = file.analysis;
  if (!a) return { level: "unknown", label: "Not checked", detail: "The hub has not analysed this file, so nothing is known about holes or flipped faces." };
  const parts = a.shells > 1 ? ` It has ${formatCount(a.shells)} separate parts.` : "";
  if (!a.watertight) {
    const problems = [
      a.openEdges > 0 ? `${formatCount(a.openEdges)} open ${a.openEdges === 1 ? "edge" : "edges"} (holes in the surface)` : null,
      a.nonManifoldEdges > 0 ? `${formatCount(a.nonManifoldEdges)} ${a.nonManifoldEdges === 1 ? "edge" : "edges"} shared by more than two triangles` : null,
    ].filter((p): p is string => p !== null);
    return {
      level: "warning",
      label: "Not watertight",
      detail: `${capitalise(problems.join(" and ") || "Some edges do not join two triangles")}. Slicers may fill or skip the gaps: check the sliced preview, or repair the mesh in your CAD program.${parts}`,
    };
  }
  if (!a.manifold || a.invertedTriangles > 0) {
    const flipped = a.misorientedEdges > 0 ? `${formatCount(a.misorientedEdges)} ${a.misorientedEdges === 1 ? "edge joins" : "edges join"} triangles facing opposite ways` : "Some triangles face inwards";
    return {
      level: "warning",
      label: "Flipped faces",
      detail: `Watertight, but ${lowerFirst(flipped)}. Most slicers fix this on their own; check the sliced preview.${parts}`,
    };
  }
  return { level: "ok", label: "Watertight", detail: `Every edge joins exactly two triangles, all facing outwards: slicers print it as it is.${parts}` };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
