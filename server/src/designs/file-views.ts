/**
 * How the preview and G-code columns of a stored design file (migration 0006-previews) appear
 * in the protocol's `DesignFile` — `preview` (URL, triangles, format) and `gcode` (what a variant
 * was sliced for, the analyzer's summary) — and which blobs the hub serves for them. Pure.
 */
import type { DesignFile } from "@peerfab/protocol";
import type { DesignFileRow } from "../db/schema.ts";
import type { GcodeSummary } from "../gcode/gcode-summary.ts";

/** `/api/designs/:id/files/:file/preview`: the compact preview mesh of a big mesh file. */
export function filePreviewUrl(designId: string, fileId: string): string {
  return `/api/designs/${encodeURIComponent(designId)}/files/${encodeURIComponent(fileId)}/preview`;
}

export function previewView(row: DesignFileRow): DesignFile["preview"] {
  if (row.preview_sha256 === null || row.preview_triangles === null || row.preview_format !== "glb") return null;
  return { url: filePreviewUrl(row.design_id, row.id), triangles: row.preview_triangles, format: "glb" };
}

export function gcodeView(row: DesignFileRow): DesignFile["gcode"] {
  if (row.kind !== "gcode") return null;
  const summary = row.gcode_json ? (JSON.parse(row.gcode_json) as Partial<GcodeSummary>) : {};
  return {
    slicedFor: row.sliced_for,
    material: row.material,
    commands: row.gcode_commands,
    layers: summary.layers ?? null,
    printSeconds: summary.printSeconds ?? null,
    filamentMm: summary.filamentMm ?? null,
    slicer: summary.slicer ?? null,
  };
}

/** Blobs of a stored file besides its original bytes. */
export interface FileBlobs {
  /** The plain G-code a bridge prints: the file itself, or the G-code extracted from a .gcode.3mf plate package. */
  print: { sha256: string; size: number; name: string };
  /** The compact preview mesh (GLB), when there is one. */
  previewBlob: { sha256: string; bytes: number } | null;
}

export function fileBlobs(row: DesignFileRow): FileBlobs {
  const extracted = row.gcode_sha256 !== null && row.gcode_bytes !== null;
  return {
    print: extracted
      ? { sha256: row.gcode_sha256 as string, size: row.gcode_bytes as number, name: row.name.replace(/\.3mf$/i, "").replace(/(\.gcode)?$/i, ".gcode") }
      : { sha256: row.sha256, size: row.size, name: row.name },
    previewBlob: row.preview_sha256 !== null && row.preview_bytes !== null ? { sha256: row.preview_sha256, bytes: row.preview_bytes } : null,
  };
}
