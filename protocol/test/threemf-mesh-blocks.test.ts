/**
 * A 3MF model part reads the same however its XML is written and however the inflater cuts it
 * into chunks: the common layout (`<vertex x=".." y=".." z=".."/>` lines, read by the byte
 * scanner) and every other well-formed way of writing the same mesh — prefixed names, other
 * quotes and attribute orders, CRLF, comments, entities, extra attributes (read in part or
 * whole by the general XML reader) — give identical objects, and malformed or invalid input gets
 * the same error, with the same line and column, as when the general reader reads every byte.
 */
import { describe, expect, it } from "vitest";
import { MeshError } from "../src/formats/mesh.ts";
import { type ModelPart, modelPartReader } from "../src/formats/threemf/model-part.ts";

interface ReadObject {
  id: string;
  name: string | null;
  vertexBits: number[];
  triangles: number[];
}

/** Reads `xml` as the model part '3D/3dmodel.model', handed over in pieces of `chunk` bytes. */
function readPart(xml: string, chunk = Infinity): ReadObject[] | string {
  const bytes = new TextEncoder().encode(xml);
  let part: ModelPart | null = null;
  try {
    const sink = modelPartReader("3D/3dmodel.model", (read) => (part = read), () => {});
    for (let at = 0; at < bytes.length; at += chunk) sink.write(bytes.subarray(at, Math.min(bytes.length, at + chunk)));
    sink.end();
  } catch (error) {
    if (error instanceof MeshError) return `${error.code}: ${error.message}`;
    throw error;
  }
  const objects = [...(part as ModelPart | null)!.objects.values()];
  return objects.map((o) => ({ id: o.id, name: o.name, vertexBits: [...new Uint32Array(o.vertices.buffer, o.vertices.byteOffset, o.vertices.length)], triangles: [...o.triangles] }));
}

/** A small mesh with coordinates of every kind: float32s printed in full, integers, negatives, -0. */
const vertices: number[][] = Array.from({ length: 40 }, (_, i) => [Math.fround(Math.sin(i) * 37.1), i % 5 === 0 ? i : Math.fround(-i / 7), Math.fround(Math.cos(i * 1.7) * 1e-3)]);
(vertices[4] as number[])[1] = -0;
/** As an exporter writes it (String(-0) would drop the sign). */
const num = (value: number | undefined) => (Object.is(value, -0) ? "-0" : String(value));
const triangles: number[][] = Array.from({ length: 60 }, (_, t) => [t % 40, (t * 7 + 1) % 40, (t * 13 + 2) % 40]);

interface Layout {
  vertex(v: number[], i: number): string;
  triangle(t: number[], i: number): string;
  /** Start of the part up to the first vertex, and between the blocks, and the end. */
  head?: string;
  between?: string;
  tail?: string;
  prefix?: string;
  newline?: string;
}

function model(layout: Layout): string {
  const p = layout.prefix ?? "";
  const nl = layout.newline ?? "\n";
  const xmlns = p ? ` xmlns:${p.slice(0, -1)}="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"` : "";
  return [
    `<?xml version="1.0" encoding="UTF-8"?>${nl}<${p}model unit="millimeter" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"${xmlns}>${nl}`,
    `<${p}resources><${p}object id="1" name="bracket" type="model"><${p}mesh>${layout.head ?? `${nl}<${p}vertices>${nl}`}`,
    vertices.map((v, i) => layout.vertex(v, i)).join(nl),
    layout.between ?? `${nl}</${p}vertices>${nl}<${p}triangles>${nl}`,
    triangles.map((t, i) => layout.triangle(t, i)).join(nl),
    layout.tail ?? `${nl}</${p}triangles>${nl}</${p}mesh></${p}object></${p}resources>${nl}<${p}build><${p}item objectid="1"/></${p}build></${p}model>${nl}`,
  ].join("");
}

const plain: Layout = {
  vertex: ([x, y, z]) => `  <vertex x="${num(x)}" y="${num(y)}" z="${num(z)}"/>`,
  triangle: ([a, b, c]) => `  <triangle v1="${a}" v2="${b}" v3="${c}"/>`,
};

const expected: ReadObject[] = [
  {
    id: "1",
    name: "bracket",
    vertexBits: [...new Uint32Array(Float32Array.from(vertices.flat()).buffer)],
    triangles: triangles.flat(),
  },
];

const layouts: Record<string, Layout> = {
  "prefixed element names (general reader only)": {
    prefix: "m:",
    vertex: ([x, y, z]) => `<m:vertex x="${num(x)}" y="${num(y)}" z="${num(z)}"/>`,
    triangle: ([a, b, c]) => `<m:triangle v1="${a}" v2="${b}" v3="${c}"/>`,
  },
  "single quotes, other attribute orders, tabs and line breaks inside tags": {
    vertex: ([x, y, z], i) => (i % 2 ? `<vertex\tz='${num(z)}'  x="${num(x)}"\n y = '${num(y)}' />` : `<vertex y="${num(y)}" z="${num(z)}" x="${num(x)}"/>`),
    triangle: ([a, b, c], i) => (i % 2 ? `<triangle v3='${c}'\r\n v1="${a}" v2="${b}"/>` : `<triangle  v2="${b}" v1="${a}" v3="${c}" />`),
  },
  "CRLF line ends": { ...plain, newline: "\r\n" },
  "material and paint attributes on triangles": {
    vertex: plain.vertex,
    triangle: ([a, b, c], i) => `<triangle v1="${a}" v2="${b}" v3="${c}" pid="1" p1="${i % 3}" slic3rpe:mmu_segmentation="4${"0C".repeat(i % 4)}"/>`,
  },
  "numbers written otherwise": {
    vertex: ([x, y, z], i) => `<vertex x="${i % 3 ? (x as number).toExponential() : num(x)}" y="${i % 4 ? `+${y}`.replace("+-", "-") : num(y)}" z="${(z as number).toPrecision(17)}"/>`,
    triangle: ([a, b, c], i) => `<triangle v1="${i % 5 ? a : `${a}.0`}" v2="${i % 7 ? b : `00${b}`}" v3="${c}"/>`,
  },
  "a comment, an entity and CDATA among the elements": {
    vertex: (v, i) => (i === 17 ? `<!-- seam -->${plain.vertex(v, i)}` : i === 25 ? plain.vertex(v, i).replace('x="', 'x="&#32;') : plain.vertex(v, i)),
    triangle: (t, i) => (i === 30 ? `<![CDATA[ ]]>${plain.triangle(t, i)}` : plain.triangle(t, i)),
  },
  "look-alike blocks inside comments": {
    ...plain,
    head: '\n<!-- <vertices> <vertex x="9" y="9" z="9"/> --><vertices>\n',
    between: '\n</vertices><triangles a=">"><!-- <triangles > <triangle v1="0" v2="0" v3="0"/> -->\n',
  },
};

describe("reading a model part's mesh", () => {
  it("reads the common layout", () => {
    expect(readPart(model(plain))).toEqual(expected);
  });

  it.each(Object.keys(layouts))("reads the same mesh from %s", (name) => {
    expect(readPart(model(layouts[name] as Layout))).toEqual(expected);
  });

  it.each([1, 2, 3, 7, 16, 61, 500])("reads the same mesh when the bytes arrive %i at a time", (chunk) => {
    expect(readPart(model(plain), chunk)).toEqual(expected);
    const varied = layouts["single quotes, other attribute orders, tabs and line breaks inside tags"] as Layout;
    expect(readPart(model(varied), chunk)).toEqual(expected);
  });

  // Each case: the same fault written in the common layout and with the block handed to the
  // general reader from its first element on (a comment padded to the same width).
  const faults: Record<string, (layout: Layout) => Layout> = {
    "a triangle naming a vertex that does not exist": (l) => ({ ...l, triangle: (t, i) => l.triangle(i === 44 ? [t[0] as number, 40, t[2] as number] : t, i) }),
    "a coordinate that is not finite": (l) => ({ ...l, vertex: (v, i) => l.vertex(i === 33 ? [v[0] as number, Infinity, v[2] as number] : v, i).replace("Infinity", "1e400") }),
    "an element left open deep in the block": (l) => ({ ...l, vertex: (v, i) => (i === 38 ? l.vertex(v, i).replace("/>", ">") : l.vertex(v, i)) }),
    "a mismatched end tag after the block": (l) => ({ ...l, between: "\n</vertex>\n<triangles>\n" }),
    "a part cut off inside the block": (l) => ({ ...l, tail: "\n  <triangle v1=" }),
  };
  const generalFromTheStart = (l: Layout): Layout => ({ ...l, head: "\n<vertices><!---->\n", between: "\n</vertices>\n<triangles><!---->\n" });
  const fastFromTheStart = (l: Layout): Layout => ({ ...l, head: "\n<vertices>       \n", between: "\n</vertices>\n<triangles>       \n" });

  it.each(Object.keys(faults))("refuses %s with the general reader's error, line and column", (name) => {
    const fault = faults[name] as (layout: Layout) => Layout;
    const general = readPart(model(fault(generalFromTheStart(plain))));
    expect(general).toEqual(expect.any(String));
    expect(readPart(model(fault(fastFromTheStart(plain))))).toBe(general);
    expect(readPart(model(fault(fastFromTheStart(plain))), 5)).toBe(general);
  });
});
