/**
 * "Open in slicer" links: the URL schemes desktop slicers register to download a model and
 * open it (PrusaSlicer 2.6+, OrcaSlicer, Bambu Studio, Cura with its Marketplace handler).
 * Each takes the file's absolute download URL, percent-encoded, in `file=`. Pure.
 */
export interface SlicerLink {
  readonly slicer: string;
  readonly href: string;
}

const SLICERS: readonly { readonly slicer: string; readonly scheme: string }[] = [
  { slicer: "PrusaSlicer", scheme: "prusaslicer" },
  { slicer: "OrcaSlicer", scheme: "orcaslicer" },
  { slicer: "Bambu Studio", scheme: "bambustudio" },
  { slicer: "Cura", scheme: "cura" },
];

/** `fileUrl` must be absolute (http or https): the slicer fetches it on its own. */
export function slicerLinks(fileUrl: string): SlicerLink[] {
  const url = new URL(fileUrl);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`A slicer can only download http(s) files, not '${url.protocol}' URLs.`);
  }
  const file = encodeURIComponent(url.href);
  return SLICERS.map(({ slicer, scheme }) => ({ slicer, href: `${scheme}://open?file=${file}` }));
}

/**
 * The absolute download URL of a design file by its name, so the URL ends in `.stl`/`.3mf`
 * (slicers pick the format by the extension). The hub serves a file by id or by name.
 */
export function absoluteFileUrl(origin: string, designId: string, fileName: string): string {
  return new URL(`/api/designs/${encodeURIComponent(designId)}/files/${encodeURIComponent(fileName)}`, origin).href;
}
