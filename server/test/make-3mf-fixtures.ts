/**
 * Writes the crafted 3MF fixtures in repo-root `fixtures/3mf/` (committed; rerun after changing
 * this file): `npx tsx server/test/make-3mf-fixtures.ts`. The 3MF Consortium samples beside them
 * are copies (BSD-2, see LICENSE there). Good files: a 1-inch cube instanced through components;
 * a two-part Production package. Bad files: one defect each.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { strToU8, type Zippable, zipSync } from "fflate";

const out = fileURLToPath(new URL("../../fixtures/3mf/", import.meta.url));
const CORE = "http://schemas.microsoft.com/3dmanufacturing/core/2015/02";
const PRODUCTION = "http://schemas.microsoft.com/3dmanufacturing/production/2015/06";

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/>
</Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/>
</Relationships>`;

/** A closed, outward-wound unit cube as 3MF <mesh> (8 vertices, 12 triangles). */
function cubeMesh(size = 1, badIndex = false): string {
  const v = [
    [0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0],
    [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1],
  ];
  const t = [
    [0, 2, 1], [0, 3, 2], [4, 5, 6], [4, 6, 7], [0, 1, 5], [0, 5, 4],
    [1, 2, 6], [1, 6, 5], [2, 3, 7], [2, 7, 6], [3, 0, 4], [3, 4, 7],
  ];
  if (badIndex) t[5] = [0, 5, 8];
  return `<mesh><vertices>${v.map(([x, y, z]) => `<vertex x="${(x as number) * size}" y="${(y as number) * size}" z="${(z as number) * size}"/>`).join("")}</vertices>
<triangles>${t.map(([a, b, c]) => `<triangle v1="${a}" v2="${b}" v3="${c}"/>`).join("")}</triangles></mesh>`;
}

function model(body: string, unit = "millimeter", extra = ""): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<model unit="${unit}" xmlns="${CORE}"${extra}>\n${body}\n</model>`;
}

function pack(entries: Record<string, string | Uint8Array>): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, value] of Object.entries(entries)) zippable[name] = typeof value === "string" ? strToU8(value) : value;
  return zipSync(zippable, { level: 9 });
}

function standard(modelXml: string, more: Record<string, string | Uint8Array> = {}): Uint8Array {
  return pack({ "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "3D/3dmodel.model": modelXml, ...more });
}

const fixtures: Record<string, Uint8Array> = {
  // 1-inch cube (object 1), placed twice by object 2's components (second one 2 in along x), item moved up 1 in.
  "components-inch.3mf": standard(
    model(
      `<resources><object id="1" name="inch cube">${cubeMesh()}</object>
<object id="2" name="two cubes"><components><component objectid="1"/><component objectid="1" transform="1 0 0 0 1 0 0 0 1 2 0 0"/></components></object></resources>
<build><item objectid="2" transform="1 0 0 0 1 0 0 0 1 0 0 1"/></build>`,
      "inch",
    ),
  ),
  // Production extension: the root model only instances an object stored in another part (as Bambu Studio writes).
  "production-parts.3mf": standard(
    model(
      `<resources><object id="1" name="plate"><components><component p:path="/3D/Objects/object_1.model" objectid="7" transform="1 0 0 0 1 0 0 0 1 5 5 0"/></components></object></resources>
<build><item objectid="1"/></build>`,
      "millimeter",
      ` xmlns:p="${PRODUCTION}" requiredextensions="p"`,
    ),
    { "3D/Objects/object_1.model": model(`<resources><object id="7" name="20 mm cube">${cubeMesh(20)}</object></resources><build/>`) },
  ),
  "not-a-zip.3mf": strToU8("solid? no — this is a text file renamed to .3mf\n"),
  "missing-content-types.3mf": pack({ "_rels/.rels": RELS, "3D/3dmodel.model": model(`<resources><object id="1">${cubeMesh()}</object></resources><build><item objectid="1"/></build>`) }),
  "missing-rels.3mf": pack({ "[Content_Types].xml": CONTENT_TYPES, "3D/3dmodel.model": model(`<resources><object id="1">${cubeMesh()}</object></resources><build><item objectid="1"/></build>`) }),
  "missing-model.3mf": pack({ "[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "3D/other.model": model(`<resources/><build/>`) }),
  "malformed-xml.3mf": standard(model(`<resources><object id="1">${cubeMesh()}</resources><build><item objectid="1"/></build>`)),
  "doctype-entity.3mf": standard(
    `<?xml version="1.0"?>\n<!DOCTYPE model [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<model unit="millimeter" xmlns="${CORE}"><metadata name="x">&xxe;</metadata><resources/><build/></model>`,
  ),
  "escaping-entry.3mf": standard(model(`<resources><object id="1">${cubeMesh()}</object></resources><build><item objectid="1"/></build>`), { "../../evil.sh": "echo pwned\n" }),
  // 48 MB of spaces inside the model part compress about 1000:1.
  "zip-bomb.3mf": standard(model(`<resources><object id="1">${cubeMesh()}</object></resources><build><item objectid="1"/></build>`) + " ".repeat(48 * 1024 * 1024)),
  "vertex-index-out-of-range.3mf": standard(model(`<resources><object id="1">${cubeMesh(1, true)}</object></resources><build><item objectid="1"/></build>`)),
  "missing-object.3mf": standard(model(`<resources><object id="1">${cubeMesh()}</object></resources><build><item objectid="9"/></build>`)),
  "component-cycle.3mf": standard(
    model(
      `<resources><object id="1">${cubeMesh()}</object>
<object id="2"><components><component objectid="1"/><component objectid="3"/></components></object>
<object id="3"><components><component objectid="2"/></components></object></resources>
<build><item objectid="2"/></build>`,
    ),
  ),
};

for (const [name, bytes] of Object.entries(fixtures)) writeFileSync(`${out}${name}`, bytes);
console.log(`wrote ${Object.keys(fixtures).length} fixtures to ${out}`);
