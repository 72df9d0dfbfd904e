import type { Design } from "@peerfab/protocol";
import { primaryMesh } from "../designs/design-files.ts";
import { formatCount, formatDimensions } from "../format/units.ts";
import { routeHref } from "../routing/route.ts";
import { el } from "./dom.ts";
import { licenseBadge } from "./license-badge.ts";
import { thumbnailPicture } from "./thumbnail-picture.ts";

/** One gallery card: a link to the design page with its key facts. */
export function designCard(design: Design): HTMLAnchorElement {
  const mesh = primaryMesh(design);
  const hasGcode = design.files.some((f) => f.kind === "gcode");
  return el(
    "a",
    { class: "design-card", "data-testid": "design-card", href: routeHref({ page: "design", designId: design.id }) },
    cardArt(design),
    el("span", { class: "design-card-title" }, design.title),
    el("span", { class: "design-card-author" }, `by ${design.authorName}`),
    design.tags && design.tags.length > 0 ? el("span", { class: "design-card-tags", "data-testid": "design-card-tags" }, design.tags.slice(0, 5).join(" · ")) : null,
    el(
      "span",
      { class: "design-card-facts" },
      el("span", { "data-testid": "design-dimensions" }, mesh?.bbox ? formatDimensions(mesh.bbox) : "Size unknown"),
      el(
        "span",
        { "data-testid": "design-triangles" },
        mesh?.triangles !== null && mesh?.triangles !== undefined ? `${formatCount(mesh.triangles)} triangles` : "",
      ),
    ),
    el(
      "span",
      { class: "design-card-badges" },
      licenseBadge(design.license),
      hasGcode ? el("span", { class: "badge badge-ready" }, "Ready to print") : null,
    ),
  );
}

/** The rendered thumbnail, or the file-kind placeholder when there is none (or it fails to load). */
function cardArt(design: Design): HTMLElement {
  const mesh = primaryMesh(design);
  const placeholder = (): HTMLElement => el("span", { class: "design-card-art", "aria-hidden": "true" }, mesh ? mesh.kind.toUpperCase() : "—");
  if (!design.thumbnail) return placeholder();
  const art = el("span", { class: "design-card-art design-card-art-image" });
  art.append(
    thumbnailPicture(design.thumbnail, {
      alt: `Preview of ${design.title}`,
      // Cards are at least 220 px wide in a grid; one column on phones.
      sizes: "(max-width: 600px) calc(100vw - 3rem), 240px",
      base: "small",
      onFail: () => art.replaceWith(placeholder()),
    }),
  );
  return art;
}
