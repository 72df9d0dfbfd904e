/**
 * The Open Packaging Conventions parts a 3MF must have: `[Content_Types].xml` and the package
 * relationships `_rels/.rels`, whose StartPart relationship names the root model part.
 * Part names are compared case-insensitively without the leading slash, as OPC defines them.
 */
import { MeshError } from "../mesh-error.ts";
import { xmlPartReader } from "./xml-reader.ts";
import type { PartSink } from "./zip-parts.ts";

export const CONTENT_TYPES_PART = "[content_types].xml";
export const PACKAGE_RELS_PART = "_rels/.rels";
export const START_PART_TYPE = "http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel";

/** The key a part is found by: no leading slash, percent-decoded, lower case. */
export function partKey(name: string): string {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // Not percent-encoded: keep as is.
  }
  return decoded.replace(/^\/+/, "").toLowerCase();
}

/** Checks `[Content_Types].xml` is a well-formed `<Types>` document. */
export function contentTypesReader(): PartSink {
  let root: string | null = null;
  return xmlPartReader(
    "[Content_Types].xml",
    {
      open(name) {
        root ??= name;
      },
    },
    () => {
      if (root !== "Types") {
        throw new MeshError("missing-3mf-part", `3MF rejected: '[Content_Types].xml' has root <${root}> instead of <Types>. Export the file again.`);
      }
    },
  );
}

export interface Relationships {
  /** Part key of the StartPart target, or null when there is none. */
  startPart: string | null;
}

export function relationshipsReader(into: Relationships): PartSink {
  return xmlPartReader("_rels/.rels", {
    open(name, attributes) {
      if (name !== "Relationship" || attributes.Type !== START_PART_TYPE || into.startPart !== null) return;
      const target = attributes.Target;
      if (target) into.startPart = partKey(target);
    },
  });
}
