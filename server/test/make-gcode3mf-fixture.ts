/**
 * Writes `fixtures/print/cube-10mm.gcode.3mf` (committed; rerun after changing this file):
 * `npx tsx server/test/make-gcode3mf-fixture.ts`. A plate package laid out as Bambu Studio's
 * "Export plate sliced file" writes it: the G-code of `fixtures/print/cube-10mm.gcode` as
 * `Metadata/plate_1.gcode` with its MD5, a 128×128 plate picture (`plate_1.png`, plus the small
 * one), the OPC content types and relationships (3D model, thumbnail, Bambu cover thumbnails),
 * an empty 3D model part and `slice_info.config`.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { strToU8, zipSync } from "fflate";
import sharp from "sharp";

const folder = fileURLToPath(new URL("../../fixtures/print/", import.meta.url));
const gcode = readFileSync(`${folder}cube-10mm.gcode`);

/** A picture of an orange square on the plate: easy to recognise in the hub's re-encoded thumbnail. */
async function platePicture(edge: number): Promise<Uint8Array> {
  const rgba = Buffer.alloc(edge * edge * 4);
  for (let y = 0; y < edge; y++) {
    for (let x = 0; x < edge; x++) {
      const inside = x >= edge / 4 && x < (edge * 3) / 4 && y >= edge / 4 && y < (edge * 3) / 4;
      rgba.set(inside ? [0xe0, 0x7a, 0x3f, 255] : [0, 0, 0, 0], (y * edge + x) * 4);
    }
  }
  return new Uint8Array(await sharp(rgba, { raw: { width: edge, height: edge, channels: 4 } }).png().toBuffer());
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
 <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
 <Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/>
 <Default Extension="png" ContentType="image/png"/>
 <Default Extension="gcode" ContentType="text/x.gcode"/>
</Types>`;

const RELS = `<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
 <Relationship Target="/3D/3dmodel.model" Id="rel-1" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/>
 <Relationship Target="/Metadata/plate_1.png" Id="rel-2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"/>
 <Relationship Target="/Metadata/plate_1.png" Id="rel-4" Type="http://schemas.bambulab.com/package/2021/cover-thumbnail-middle"/>
 <Relationship Target="/Metadata/plate_1_small.png" Id="rel-5" Type="http://schemas.bambulab.com/package/2021/cover-thumbnail-small"/>
</Relationships>`;

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<model unit="millimeter" xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">
 <metadata name="Application">BambuStudio-01.08.04.51</metadata>
 <metadata name="Title">cube-10mm</metadata>
 <resources/>
 <build/>
</model>`;

const SLICE_INFO = `<?xml version="1.0" encoding="UTF-8"?>
<config>
  <header>
    <header_item key="X-BBL-Client-Type" value="slicer"/>
    <header_item key="X-BBL-Client-Version" value="01.08.04.51"/>
  </header>
  <plate>
    <metadata key="index" value="1"/>
    <metadata key="nozzle_diameters" value="0.4"/>
    <filament id="1" type="PLA" color="#E07A3F"/>
  </plate>
</config>`;

const mtime = new Date("2025-01-01T00:00:00Z");
const zip = zipSync(
  {
    "[Content_Types].xml": [strToU8(CONTENT_TYPES), { mtime }],
    "_rels/.rels": [strToU8(RELS), { mtime }],
    "3D/3dmodel.model": [strToU8(MODEL), { mtime }],
    "Metadata/plate_1.gcode": [new Uint8Array(gcode), { mtime }],
    "Metadata/plate_1.gcode.md5": [strToU8(createHash("md5").update(gcode).digest("hex").toUpperCase()), { mtime }],
    "Metadata/plate_1.png": [await platePicture(128), { mtime, level: 0 }],
    "Metadata/plate_1_small.png": [await platePicture(32), { mtime, level: 0 }],
    "Metadata/slice_info.config": [strToU8(SLICE_INFO), { mtime }],
  },
  { level: 6 },
);
writeFileSync(`${folder}cube-10mm.gcode.3mf`, zip);
console.log(`wrote ${folder}cube-10mm.gcode.3mf (${zip.length} bytes)`);
