/**
 * 3MF parser: a pure function from the bytes of a .3mf package to the build as one triangle soup
 * in millimetres, plus one entry per build item. Spec: https://3mf.io/specification/ (Core 1.3
 * and the Production extension 1.1, whose objects live in separate model parts referenced with
 * `p:path`, as PrusaSlicer, Bambu Studio and OrcaSlicer write them).
 *
 * Steps: stream the archive (zip-parts.ts: names checked, limits while inflating), parsing
 * `[Content_Types].xml`, `_rels/.rels` and every `*.model` part as it inflates (no XML string is
 * ever held whole; a model's `<vertices>`/`<triangles>` blocks through a byte scanner,
 * model-part-stream.ts); require the three OPC parts and the StartPart model; flatten the build.
 */
import { MeshError, tooManyTriangles } from "../mesh-error.ts";
import type { MeshLimits } from "../triangle-mesh.ts";
import { type FlatBuild, flattenBuild } from "./build-flattening.ts";
import { type ModelPart, modelPartReader } from "./model-part.ts";
import { CONTENT_TYPES_PART, contentTypesReader, PACKAGE_RELS_PART, partKey, type Relationships, relationshipsReader } from "./package-parts.ts";
import { readZipParts } from "./zip-parts.ts";

export type ThreeMfBuild = FlatBuild;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

export function parse3mf(bytes: Uint8Array, limits: MeshLimits): ThreeMfBuild {
  if (!isZip(bytes)) {
    throw new MeshError("not-3mf", "This file is not a ZIP archive, so it is not a 3MF file (3MF files are ZIP packages). Export the model as 3MF or STL again.");
  }
  const parts = new Map<string, ModelPart>();
  const relationships: Relationships = { startPart: null };
  let sawContentTypes = false;
  let sawRels = false;
  let rawTriangles = 0;
  const countTriangles = (added: number) => {
    rawTriangles += added;
    if (rawTriangles > limits.maxTriangles) throw tooManyTriangles(rawTriangles, limits.maxTriangles);
  };

  readZipParts(
    bytes,
    (name) => {
      const key = partKey(name);
      if (key === CONTENT_TYPES_PART) {
        sawContentTypes = true;
        return contentTypesReader();
      }
      if (key === PACKAGE_RELS_PART) {
        sawRels = true;
        return relationshipsReader(relationships);
      }
      if (key.endsWith(".model")) return modelPartReader(name, (part) => parts.set(part.key, part), countTriangles);
      return null;
    },
    limits,
  );

  if (!sawContentTypes) throw missing("'[Content_Types].xml' is missing, so this is not a valid 3MF package");
  if (!sawRels) throw missing("the package relationships '_rels/.rels' are missing, so the model part cannot be found");
  if (relationships.startPart === null) throw missing("'_rels/.rels' has no relationship of type 3D model pointing at the model part");
  const root = parts.get(relationships.startPart);
  if (!root) throw missing(`the model part '${relationships.startPart}' named in '_rels/.rels' is not in the archive`);
  return flattenBuild(parts, root, limits.maxTriangles);
}

function missing(what: string): MeshError {
  return new MeshError("missing-3mf-part", `3MF rejected: ${what}. Export the file again from your slicer or CAD program.`);
}
