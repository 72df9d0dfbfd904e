/**
 * `#/designs/:id`: the 3D preview on a printer's build plate (does it fit?), facts with the
 * printability badge, tags, license, files with versions and downloads, remixes, the owner's
 * Edit form and the Print section.
 */
import type { BuildVolume, Design } from "@peerfab/protocol";
import { errorMessage, getDesign, signedInUserId } from "../api/client.ts";
import { primaryMesh } from "../designs/design-files.ts";
import { meshCheck } from "../designs/mesh-check.ts";
import { explainLicense } from "../format/license.ts";
import { boxSize, formatCount, formatDimensions, formatTimestamp } from "../format/units.ts";
import { routeHref } from "../routing/route.ts";
import { designEditForm } from "../ui/design-edit-form.ts";
import { designFilesPanel } from "../ui/design-files-panel.ts";
import { designViewer, type DesignViewer } from "../ui/design-viewer.ts";
import { el, replaceChildren } from "../ui/dom.ts";
import { licenseBadge } from "../ui/license-badge.ts";
import { makesPanel } from "../ui/makes-panel.ts";
import { errorNotice, loadingNotice } from "../ui/notice.ts";
import { platePanel, type PlatePanel } from "../ui/plate-panel.ts";
import { printSection, type PrintSection } from "../ui/print-section.ts";
import { remixPanel } from "../ui/remix-panel.ts";
import { DEFAULT_BUILD_VOLUME } from "../viewer/plate-fit.ts";
import type { Page } from "./page.ts";

export function designPage(designId: string): Page {
  let disposed = false;
  let viewer: DesignViewer | null = null;
  let plate: PlatePanel | null = null;
  let print: PrintSection | null = null;
  let canEdit = false;
  let design: Design | null = null;
  /** The build volume of the plate shown (the chosen printer's). */
  let volume: BuildVolume = DEFAULT_BUILD_VOLUME;
  const element = el("div", { class: "page page-design" }, loadingNotice("the design"));
  const header = el("header", { class: "design-header" });
  const details = el("div", { class: "design-details" });

  /** The hub answered with the design as it is now (after an edit or an added file). */
  const showSaved = (saved: Design) => {
    const mesh = primaryMesh(saved);
    // A new version of the model: show that one.
    if (viewer && mesh && mesh.id !== primaryMesh(design ?? saved)?.id) {
      const old = viewer;
      viewer = designViewer(saved, mesh, volume);
      old.element.replaceWith(viewer.element);
      old.dispose();
    }
    design = saved;
    document.title = `${saved.title} · PeerFab`;
    renderDetails(saved);
    header.querySelector("h1")?.focus();
  };

  /** Header and details; the preview is built once and survives edits. */
  const renderDetails = (shown: Design, editing = false) => {
    print?.dispose();
    print = printSection(shown);
    const edit = canEdit && !editing ? el("button", { type: "button", class: "button", "data-testid": "edit-button", onclick: () => renderDetails(shown, true) }, "Edit") : null;
    replaceChildren(
      header,
      el("div", { class: "design-title-row" }, el("h1", { tabindex: -1 }, shown.title), edit),
      el("p", { class: "byline" }, `by ${shown.authorName} `, licenseBadge(shown.license)),
      remixedFrom(shown),
      tagList(shown.tags ?? []),
    );
    replaceChildren(
      details,
      editing
        ? designEditForm(
            shown,
            showSaved,
            () => {
              renderDetails(shown);
              header.querySelector<HTMLElement>("[data-testid=edit-button]")?.focus();
            },
          )
        : null,
      shown.description && !editing ? el("p", { class: "description" }, shown.description) : null,
      facts(shown),
      print.element,
      licensePanel(shown),
      designFilesPanel(shown, canEdit ? showSaved : null),
      remixPanel(shown),
      makesPanel(shown),
    );
    if (editing) details.querySelector<HTMLInputElement>("input")?.focus();
  };

  const load = (): void => {
    replaceChildren(element, loadingNotice("the design"));
    getDesign(designId)
      .then((loaded) => {
        if (disposed) return;
        design = loaded;
        document.title = `${loaded.title} · PeerFab`;
        const mesh = primaryMesh(loaded);
        viewer = designViewer(loaded, mesh, volume);
        const size = mesh?.analysis?.size ?? (mesh?.bbox ? boxSize(mesh.bbox) : null);
        plate = platePanel(size, (next) => {
          volume = next;
          viewer?.setBuildVolume(next);
        });
        renderDetails(loaded);
        replaceChildren(
          element,
          header,
          el(
            "div",
            { class: "design-layout" },
            el("section", { class: "design-preview", "aria-label": "3D preview" }, viewer.element, plate.element),
            details,
          ),
        );
        header.querySelector("h1")?.focus();
        signedInUserId()
          .then((userId) => {
            if (disposed || !design) return;
            canEdit = userId === "single-user" || userId === design.authorId;
            if (canEdit && !details.querySelector("[data-testid=edit-form]")) renderDetails(design);
          })
          .catch(() => {
            // Unknown: no Edit button; the hub would refuse anyone but the owner anyway.
          });
      })
      .catch((error: unknown) => {
        if (disposed) return;
        replaceChildren(element, el("h1", { tabindex: -1 }, "Design"), errorNotice(errorMessage(error), load));
      });
  };

  load();
  return {
    title: "Design",
    element,
    dispose: () => {
      disposed = true;
      viewer?.dispose();
      plate?.dispose();
      print?.dispose();
    },
  };
}

function facts(design: Design): HTMLElement {
  const mesh = primaryMesh(design);
  const check = mesh ? meshCheck(mesh) : null;
  return el(
    "dl",
    { class: "facts" },
    el("dt", {}, "Size (X × Y × Z)"),
    el("dd", { "data-testid": "design-dimensions" }, mesh?.bbox ? formatDimensions(mesh.bbox) : "Unknown"),
    el("dt", {}, "Triangles"),
    el("dd", {}, mesh?.triangles !== null && mesh?.triangles !== undefined ? formatCount(mesh.triangles) : "Unknown"),
    check ? el("dt", {}, "Printability") : null,
    check
      ? el(
          "dd",
          { "data-testid": "mesh-check" },
          el("span", { class: `badge badge-check badge-check-${check.level}` }, check.label),
          el("span", { class: "check-detail" }, ` ${check.detail}`),
        )
      : null,
    el("dt", {}, "Published"),
    el("dd", {}, formatTimestamp(design.createdAt)),
    design.updatedAt && design.updatedAt !== design.createdAt ? el("dt", {}, "Updated") : null,
    design.updatedAt && design.updatedAt !== design.createdAt ? el("dd", {}, formatTimestamp(design.updatedAt)) : null,
  );
}

/** The design this one remixes, credited under the title (the whole chain is in the Remixes panel). */
function remixedFrom(design: Design): HTMLElement | null {
  const parent = design.remixOf?.[0];
  if (!parent) return null;
  return el(
    "p",
    { class: "byline remix-credit" },
    "Remix of ",
    el("a", { href: routeHref({ page: "design", designId: parent.id }) }, parent.title),
    ` by ${parent.authorName}`,
  );
}

function tagList(tags: readonly string[]): HTMLElement | null {
  if (tags.length === 0) return null;
  return el(
    "ul",
    { class: "tag-list", "aria-label": "Tags", "data-testid": "design-tags" },
    ...tags.map((tag) => el("li", {}, el("a", { class: "tag", href: routeHref({ page: "gallery", pageNumber: 1, tag }) }, tag))),
  );
}

function licensePanel(design: Design): HTMLElement {
  const license = explainLicense(design.license);
  return el(
    "section",
    { class: "panel", "aria-labelledby": "license-heading" },
    el("h2", { id: "license-heading" }, "License"),
    el("p", { "data-testid": "license-meaning" }, el("strong", {}, license.name), ": ", license.summary),
    el("p", {}, el("a", { href: license.url, rel: "license noopener", target: "_blank" }, "Read the full license")),
  );
}
