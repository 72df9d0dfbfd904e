/**
 * One 3MF model part (`3D/3dmodel.model`, or an object part of the Production extension), read as
 * it streams in. 3MF Core spec: https://github.com/3MFConsortium/spec_core (chapter 4, "Model").
 *
 * Supported: `<model unit>`; `<resources>` with `<object id name type>` holding either
 * `<mesh><vertices><vertex x y z/>…</vertices><triangles><triangle v1 v2 v3/>…</triangles></mesh>`
 * or `<components><component objectid transform [p:path]/>…</components>`; `<build><item
 * objectid transform [p:path]/>`. Materials, colours and beam lattices are ignored. Checked here:
 * numbers are finite, triangle indices name an existing vertex of their mesh, object ids are
 * unique. References between objects are resolved later (build-flattening.ts). The handlers
 * below read every element the general XML reader sees; the bulk of `<vertex>` and `<triangle>`
 * elements is read to the same effect by the fast path (model-part-stream.ts).
 */
import { MeshError } from "../mesh-error.ts";
import { partKey } from "./package-parts.ts";
import { addTriangle, addVertex, type ModelObject } from "./model-object.ts";
import { ModelPartStream } from "./model-part-stream.ts";
import { XmlPartReader } from "./xml-reader.ts";
import type { PartSink } from "./zip-parts.ts";

export const PRODUCTION_NAMESPACE = "http://schemas.microsoft.com/3dmanufacturing/production/2015/06";

/** Affine transform in 3MF's row-vector form: m00 m01 m02 m10 m11 m12 m20 m21 m22 m30 m31 m32. */
export type Transform = Float64Array;
export const IDENTITY: Transform = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0);

/** A reference to an object: in `part` (a part key) or, when null, the referring part. */
export interface ObjectReference {
  objectId: string;
  part: string | null;
  transform: Transform;
}

export interface ModelPart {
  key: string;
  /** Millimetres per model unit. */
  mmPerUnit: number;
  objects: Map<string, ModelObject>;
  items: ObjectReference[];
}

const UNITS: Record<string, number> = { micron: 0.001, millimeter: 1, centimeter: 10, inch: 25.4, foot: 304.8, meter: 1000 };

/** `countTriangles` is told each mesh's triangle count as soon as a mesh ends (for the global limit). */
export function modelPartReader(name: string, onPart: (part: ModelPart) => void, countTriangles: (added: number) => void): PartSink {
  const part: ModelPart = { key: partKey(name), mmPerUnit: 1, objects: new Map(), items: [] };
  let productionPrefix: string | null = null;
  let object: ModelObject | null = null;
  let inBuild = false;

  const invalid = (what: string) =>
    new MeshError("invalid-3mf", `3MF rejected: in part '${name}', ${what}. Repair the model or export it again from your slicer or CAD program.`);
  const number = (attributes: Record<string, string>, key: string, element: string): number => {
    const text = attributes[key];
    const value = text === undefined ? NaN : Number(text);
    if (text === undefined || text.trim() === "" || !Number.isFinite(value)) {
      throw invalid(`a <${element}> of object ${object?.id ?? "?"} has ${key}="${text ?? ""}", which is not a finite number`);
    }
    return value;
  };
  const reference = (attributes: Record<string, string>, element: string): ObjectReference => {
    const objectId = attributes.objectid;
    if (!objectId) throw invalid(`a <${element}> has no objectid`);
    const path = productionPrefix === null ? undefined : attributes[`${productionPrefix}:path`];
    return { objectId, part: path ? partKey(path) : null, transform: parseTransform(attributes.transform, element) };
  };
  const parseTransform = (text: string | undefined, element: string): Transform => {
    if (text === undefined) return IDENTITY;
    const values = text.trim().split(/\s+/).map(Number);
    if (values.length !== 12 || values.some((v) => !Number.isFinite(v))) {
      throw invalid(`a <${element}> has transform="${text.slice(0, 80)}"; a transform is 12 finite numbers`);
    }
    return Float64Array.from(values);
  };

  const xml = new XmlPartReader(name, {
    open(element, attributes) {
      switch (element) {
        case "vertex": {
          if (!object) throw invalid("a <vertex> is outside an <object>");
          addVertex(object, number(attributes, "x", "vertex"), number(attributes, "y", "vertex"), number(attributes, "z", "vertex"));
          break;
        }
        case "triangle": {
          if (!object) throw invalid("a <triangle> is outside an <object>");
          const owner = object;
          const vertexIndex = (key: "v1" | "v2" | "v3"): number => {
            const text = attributes[key];
            const index = text === undefined ? NaN : Number(text);
            if (!Number.isInteger(index) || index < 0 || index >= owner.vertexCount) {
              throw invalid(
                `triangle ${owner.triangleCount + 1} of object ${owner.id} has ${key}="${text ?? ""}", but the object's vertices are numbered 0 to ${owner.vertexCount - 1}`,
              );
            }
            return index;
          };
          addTriangle(object, vertexIndex("v1"), vertexIndex("v2"), vertexIndex("v3"));
          break;
        }
        case "object": {
          const id = attributes.id;
          if (!id) throw invalid("an <object> has no id");
          if (part.objects.has(id)) throw invalid(`two objects have id ${id}`);
          object = { id, name: attributes.name ?? null, vertices: new Float32Array(48), vertexCount: 0, triangles: new Uint32Array(48), triangleCount: 0, components: [] };
          part.objects.set(id, object);
          break;
        }
        case "component":
          if (!object) throw invalid("a <component> is outside an <object>");
          object.components.push(reference(attributes, "component"));
          break;
        case "item":
          if (inBuild) part.items.push(reference(attributes, "item"));
          break;
        case "build":
          inBuild = true;
          break;
        case "model": {
          const unit = attributes.unit ?? "millimeter";
          const mm = UNITS[unit];
          if (mm === undefined) throw invalid(`the model's unit is '${unit}'; 3MF allows ${Object.keys(UNITS).join(", ")}`);
          part.mmPerUnit = mm;
          for (const [key, value] of Object.entries(attributes)) {
            if (key.startsWith("xmlns:") && value === PRODUCTION_NAMESPACE) productionPrefix = key.slice(6);
          }
          break;
        }
      }
    },
    close(element) {
      if (element === "object" && object) {
        object.vertices = object.vertices.slice(0, object.vertexCount * 3);
        object.triangles = object.triangles.slice(0, object.triangleCount * 3);
        countTriangles(object.triangleCount);
        object = null;
      } else if (element === "build") {
        inBuild = false;
      }
    },
  });
  // The <vertices>/<triangles> blocks of an object are read by the fast path (model-part-stream.ts).
  return new ModelPartStream(xml, () => object, () => onPart(part));
}
