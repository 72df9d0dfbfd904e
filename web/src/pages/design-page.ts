/** `#/designs/:id`: the 3D preview, facts, license, files and the Print section. */
import type { Design } from "@peerfab/protocol";
import { errorMessage, getDesign, getDesignFileBytes } from "../api/client.ts";
import { designDownloadPaths, designFilePath, primaryMesh } from "../designs/design-files.ts";
import { explainLicense } from "../format/license.ts";
import { formatBytes, formatCount, formatDimensions, formatTimestamp } from "../format/units.ts";
import { el, replaceChildren } from "../ui/dom.ts";
import { licenseBadge } from "../ui/license-badge.ts";
import { errorNotice, loadingNotice } from "../ui/notice.ts";
import { printSection, type PrintSection } from "../ui/print-section.ts";
import { thumbnailPicture } from "../ui/thumbnail-picture.ts";
import type { ModelViewer } from "../viewer/model-viewer.ts";
import { parseStlOffThread } from "../viewer/parse-stl-off-thread.ts";
import type { Page } from "./page.ts";

export function designPage(designId: string): Page {
  const abort = new AbortController();
  let viewer: ModelViewer | null = null;
  let print: PrintSection | null = null;
  const element = el("div", { class: "page page-design" }, loadingNotice("the design"));

  const load = (): void => {
    replaceChildren(element, loadingNotice("the design"));
    getDesign(designId)
      .then((design) => {
        if (abort.signal.aborted) return;
        document.title = `${design.title} · PeerFab`;
        const stage = el("div", { class: "viewer-stage" });
        print = printSection(design);
        replaceChildren(element, ...designView(design, stage, print.element));
        element.querySelector("h1")?.focus();
        startViewer(design, stage);
      })
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        replaceChildren(element, el("h1", { tabindex: -1 }, "Design"), errorNotice(errorMessage(error), load));
      });
  };

  const startViewer = (design: Design, stage: HTMLElement): void => {
    const mesh = primaryMesh(design);
    if (!mesh) {
      replaceChildren(stage, el("p", { class: "viewer-message" }, "This design has no mesh file to preview."));
      return;
    }
    if (mesh.kind !== "stl") {
      const thumbnail = mesh.thumbnail ?? design.thumbnail;
      if (!thumbnail) {
        replaceChildren(stage, el("p", { class: "viewer-message" }, "3MF preview is not available yet; download the file to view it."));
        return;
      }
      stage.classList.add("viewer-stage-image");
      replaceChildren(
        stage,
        thumbnailPicture(thumbnail, {
          alt: `Rendered preview of ${design.title}`,
          sizes: "(max-width: 900px) 100vw, 60vw",
          base: "large",
          loading: "eager",
          onFail: () => replaceChildren(stage, el("p", { class: "viewer-message" }, "The preview image could not be loaded; download the file to view it.")),
        }),
      );
      return;
    }
    const status = el("p", { class: "viewer-message viewer-overlay", role: "status" }, "Loading the 3D preview…");
    // The rendered thumbnail stands in until the 3D view is ready (and stays if WebGL fails).
    const thumbnail = mesh.thumbnail ?? design.thumbnail;
    const poster = thumbnail
      ? el("div", { class: "viewer-poster" }, thumbnailPicture(thumbnail, { alt: `Rendered preview of ${design.title}`, sizes: "(max-width: 900px) 100vw, 60vw", base: "large", loading: "eager" }))
      : null;
    replaceChildren(stage, poster, status);
    const bytes = getDesignFileBytes(design.id, mesh.id, abort.signal).then((b) => parseStlOffThread(b, abort.signal));
    // three.js is loaded only when a design page needs it.
    import("../viewer/model-viewer.ts")
      .then(({ createModelViewer }) => {
        if (abort.signal.aborted) return null;
        try {
          viewer = createModelViewer(`3D preview of ${design.title}. Drag or use the arrow keys to orbit, scroll to zoom.`);
        } catch {
          throw new Error("your browser could not start WebGL. The dimensions and files are still correct.");
        }
        stage.prepend(viewer.canvas);
        return Promise.all([viewer, bytes]);
      })
      .then((ready) => {
        if (!ready || abort.signal.aborted) return;
        const [shown, arrays] = ready;
        shown.show(arrays);
        status.remove();
        poster?.remove();
      })
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        status.classList.add("viewer-message-error");
        status.textContent = `The 3D preview failed: ${errorMessage(error)}`;
      });
  };

  load();
  return {
    title: "Design",
    element,
    dispose: () => {
      abort.abort();
      viewer?.dispose();
      print?.dispose();
    },
  };
}

function designView(design: Design, stage: HTMLElement, print: HTMLElement): HTMLElement[] {
  const mesh = primaryMesh(design);
  const license = explainLicense(design.license);
  const facts = el(
    "dl",
    { class: "facts" },
    el("dt", {}, "Size (X × Y × Z)"),
    el("dd", { "data-testid": "design-dimensions" }, mesh?.bbox ? formatDimensions(mesh.bbox) : "Unknown"),
    el("dt", {}, "Triangles"),
    el("dd", {}, mesh?.triangles !== null && mesh?.triangles !== undefined ? formatCount(mesh.triangles) : "Unknown"),
    el("dt", {}, "Published"),
    el("dd", {}, formatTimestamp(design.createdAt)),
  );
  const files = el(
    "ul",
    { class: "file-list", "data-testid": "design-files" },
    ...design.files.map((file) =>
      el(
        "li",
        {},
        el("a", { href: designFilePath(design.id, file.id), download: file.name }, file.name),
        el("span", { class: "file-meta" }, ` ${file.kind.toUpperCase()} · ${formatBytes(file.size)}`),
      ),
    ),
  );
  return [
    el(
      "header",
      { class: "design-header" },
      el("h1", { tabindex: -1 }, design.title),
      el("p", { class: "byline" }, `by ${design.authorName} `, licenseBadge(design.license)),
    ),
    el(
      "div",
      { class: "design-layout" },
      el("section", { class: "design-preview", "aria-label": "3D preview" }, stage),
      el(
        "div",
        { class: "design-details" },
        design.description ? el("p", { class: "description" }, design.description) : null,
        facts,
        print,
        el(
          "section",
          { class: "panel", "aria-labelledby": "license-heading" },
          el("h2", { id: "license-heading" }, "License"),
          el("p", { "data-testid": "license-meaning" }, el("strong", {}, license.name), ": ", license.summary),
          el("p", {}, el("a", { href: license.url, rel: "license noopener", target: "_blank" }, "Read the full license")),
        ),
        el("section", { class: "panel", "aria-labelledby": "files-heading" }, el("h2", { id: "files-heading" }, "Files"), files, downloadLinks(design)),
      ),
    ),
  ];
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
