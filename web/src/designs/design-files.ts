/** Which of a design's files the app previews, measures and prints. Pure. */
import type { Design, DesignFile } from "@peerfab/protocol";

/** The mesh the gallery measures and the viewer shows: the first STL, else the first 3MF. */
export function primaryMesh(design: Design): DesignFile | undefined {
  return design.files.find((f) => f.kind === "stl") ?? design.files.find((f) => f.kind === "3mf");
}

/** Ready-to-print G-code variants, newest first (the hub prints the newest by default). */
export function gcodeVariants(design: Design): DesignFile[] {
  return design.files
    .filter((f) => f.kind === "gcode")
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/** Path of a file's original bytes on the hub. */
export function designFilePath(designId: string, fileId: string): string {
  return `/api/designs/${encodeURIComponent(designId)}/files/${encodeURIComponent(fileId)}`;
}

/** A title for an upload without one: `"corner_bracket-v2.stl"` → `"corner bracket v2"`. */
export function titleFromFileName(name: string): string {
  const base = name.replace(/\.[^.]+$/, "").replace(/[_-]+/g, " ").replace(/\s+/g, " ").trim();
  return base === "" ? "Untitled design" : base.slice(0, 200);
}

export interface DesignDownloadPaths {
  /** The primary mesh converted to 3MF, or null when the design has no mesh. */
  threeMf: string | null;
  /** Every file of the design with a README (title, author, license). */
  zip: string;
}

/** The whole-design downloads the hub offers (computed the same way for hubs that do not list them). */
export function designDownloadPaths(design: Design): DesignDownloadPaths {
  if (design.downloads) return design.downloads;
  const base = `/api/designs/${encodeURIComponent(design.id)}`;
  return { threeMf: primaryMesh(design) ? `${base}/download.3mf` : null, zip: `${base}/download.zip` };
}
