/**
 * The design page's "Files" panel: every file (newest version of each name) with its size and
 * version, earlier versions still downloadable, G-code variants with what they were sliced for,
 * whole-design downloads (3MF, zip), and "open in slicer" links for the model.
 */
import type { Design, DesignFile } from "@peerfab/protocol";
import { designDownloadPaths, designFilePath, primaryMesh } from "../designs/design-files.ts";
import { absoluteFileUrl, slicerLinks } from "../designs/slicer-links.ts";
import { formatBytes, formatCount, formatDecimal, formatDuration, formatTimestamp } from "../format/units.ts";
import { addFileForm } from "./add-file-form.ts";
import { el } from "./dom.ts";

/** `onFileAdded`: given to the owner, who may add files and versions. */
export function designFilesPanel(design: Design, onFileAdded: ((design: Design) => void) | null): HTMLElement {
  const mesh = primaryMesh(design);
  return el(
    "section",
    { class: "panel", "aria-labelledby": "files-heading" },
    el("h2", { id: "files-heading" }, "Files"),
    el("ul", { class: "file-list", "data-testid": "design-files" }, ...design.files.map((file) => fileItem(design, file))),
    downloadLinks(design),
    mesh ? openInSlicer(design, mesh) : null,
    onFileAdded ? addFileForm(design, onFileAdded) : null,
  );
}

function fileItem(design: Design, file: DesignFile): HTMLElement {
  const earlier = file.previousVersions ?? [];
  const version = file.version !== undefined && (file.version > 1 || earlier.length > 0) ? ` · version ${file.version}` : "";
  return el(
    "li",
    { "data-testid": "design-file" },
    el("a", { href: designFilePath(design.id, file.id), download: file.name }, file.name),
    el("span", { class: "file-meta" }, ` ${file.kind.toUpperCase()} · ${formatBytes(file.size)}${version}`),
    file.gcode ? el("p", { class: "file-meta gcode-summary" }, gcodeSummary(file.gcode)) : null,
    earlier.length > 0
      ? el(
          "details",
          { class: "file-versions", "data-testid": "file-versions" },
          el("summary", {}, `${earlier.length} earlier ${earlier.length === 1 ? "version" : "versions"}`),
          el(
            "ul",
            {},
            ...earlier.map((v) =>
              el(
                "li",
                {},
                el("a", { href: designFilePath(design.id, v.id), download: file.name }, `Version ${v.version}`),
                el("span", { class: "file-meta" }, ` · ${formatTimestamp(v.createdAt)} · ${formatBytes(v.size)}`),
              ),
            ),
          ),
        )
      : null,
  );
}

function gcodeSummary(g: NonNullable<DesignFile["gcode"]>): string {
  const parts = [
    g.slicedFor ? `for ${g.slicedFor}` : null,
    g.material,
    g.layers !== null ? `${formatCount(g.layers)} layers` : null,
    g.printSeconds !== null ? formatDuration(g.printSeconds) : null,
    g.filamentMm !== null ? `${formatDecimal(g.filamentMm / 1000, 2)} m of filament` : null,
    g.slicer ? `sliced with ${g.slicer}` : null,
  ].filter((p): p is string => p !== null && p !== "");
  return parts.length > 0 ? `Ready to print: ${parts.join(" · ")}` : "Ready to print";
}

/** Whole-design downloads: the mesh as 3MF (slicers open it directly) and a zip of every file. */
function downloadLinks(design: Design): HTMLElement {
  const paths = designDownloadPaths(design);
  return el(
    "ul",
    { class: "download-list", "data-testid": "design-downloads" },
    paths.threeMf
      ? el("li", {}, el("a", { class: "button", href: paths.threeMf, download: "", title: "The model as a 3MF file (millimetres, with its thumbnail) for any slicer" }, "3MF"))
      : null,
    el("li", {}, el("a", { class: "button", href: paths.zip, download: "", title: "Every file of this design, with a README naming the author and license" }, "All files (.zip)")),
  );
}

/** Desktop slicers download the model themselves from its absolute URL. */
function openInSlicer(design: Design, mesh: DesignFile): HTMLElement {
  const links = slicerLinks(absoluteFileUrl(location.origin, design.id, mesh.name));
  return el(
    "div",
    { class: "slicer-links", "data-testid": "slicer-links" },
    el("p", { class: "field-help" }, `Open ${mesh.name} in your slicer (it must be installed):`),
    el("ul", { class: "inline-list" }, ...links.map((link) => el("li", {}, el("a", { href: link.href, class: "button button-quiet" }, link.slicer)))),
  );
}
