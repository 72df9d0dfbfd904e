/**
 * Which file stands for a design, and the hub URLs of its thumbnails and downloads. Pure; the
 * web app picks the same primary mesh (web/src/designs/design-files.ts).
 */
import type { ThumbnailSet } from "@peerfab/protocol";

/** The mesh the gallery shows: the first STL, else the first 3MF (files in upload order). */
export function primaryMesh<F extends { kind: string }>(files: readonly F[]): F | undefined {
  return files.find((f) => f.kind === "stl") ?? files.find((f) => f.kind === "3mf");
}

export interface ThumbnailEdges {
  small: number;
  large: number;
}

/** Thumbnail URLs of one file: `/api/designs/:id/files/:file/thumbnail?size=&format=`. */
export function fileThumbnailSet(designId: string, fileId: string, edges: ThumbnailEdges): ThumbnailSet {
  return thumbnailSet(`/api/designs/${encodeURIComponent(designId)}/files/${encodeURIComponent(fileId)}/thumbnail`, "", edges);
}

/** The design's thumbnail URLs; `v` names the primary file, so a new version gets new URLs and caches stay correct. */
export function designThumbnailSet(designId: string, primaryFileId: string, edges: ThumbnailEdges): ThumbnailSet {
  return thumbnailSet(`/api/designs/${encodeURIComponent(designId)}/thumbnail`, `&v=${encodeURIComponent(primaryFileId)}`, edges);
}

export function designDownloads(designId: string, hasMesh: boolean): { threeMf: string | null; zip: string } {
  const base = `/api/designs/${encodeURIComponent(designId)}`;
  return { threeMf: hasMesh ? `${base}/download.3mf` : null, zip: `${base}/download.zip` };
}

function thumbnailSet(path: string, suffix: string, edges: ThumbnailEdges): ThumbnailSet {
  const urls = (size: "small" | "large") => ({
    edge: edges[size],
    png: `${path}?size=${size}&format=png${suffix}`,
    webp: `${path}?size=${size}&format=webp${suffix}`,
  });
  return { small: urls("small"), large: urls("large") };
}
