/**
 * `npm run bench:mesh`: parse + full analysis of a 1,000,000-triangle binary STL (a finely
 * tessellated torus, so welding and the watertight check do real work), three.js STLLoader.parse
 * on the same bytes as the peer baseline (parse only), and three.js's way to a welded mesh with a
 * bounding box (mesh-peers.ts) as the peer of our parse + analysis; the thumbnail render and
 * encode; the same mesh as 3MF, and three.js's 3MFLoader against our 3MF parser on a smaller 3MF
 * (see mesh-peers.ts for why). Each figure is the median of 5 runs after one warm-up; a figure
 * and its peer run in turn. It measures; it does not assert (exit code 0).
 */
import { cpus } from "node:os";
import { availableParallelism, loadavg } from "node:os";
import { strToU8, zipSync } from "fflate";
import { STLLoader } from "three/examples/jsm/loaders/STLLoader.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyseMesh } from "../src/mesh/analysis.ts";
import { DEFAULT_ANALYSIS_MEMORY_BYTES } from "../src/mesh/streamed/memory-plan.ts";
import { analyseStreamed } from "../src/mesh/streamed/streamed-analysis.ts";
import { StreamedWork } from "../src/mesh/streamed/streamed-work.ts";
import { TempArea } from "../src/mesh/streamed/temp-area.ts";
import { BinaryStlTriangles } from "../src/mesh/streamed/triangle-source.ts";
import { parseStl } from "../src/mesh/stl.ts";
import { ParityDisjointSets } from "../src/mesh/disjoint-sets.ts";
import { takeEdgeCensus } from "../src/mesh/edge-topology.ts";
import { accumulateSurface, emptySurfaceTotals } from "../src/mesh/surface-totals.ts";
import { weldVertices } from "../src/mesh/vertex-weld.ts";
import { parse3mf } from "@peerfab/protocol/formats/3mf";
import { DEFAULT_MESH_LIMITS } from "@peerfab/protocol/formats/mesh";
import { encodeThumbnails, RENDER_EDGE } from "../src/thumbnails/image-encoder.ts";
import { renderThumbnail } from "../src/thumbnails/rasterizer.ts";
import { threeMfLoaded, threeStlWelded } from "./mesh-peers.ts";
import { type IndexedMesh, torus, toBinaryStl } from "./torus.ts";

const RUNS = 5;

/**
 * A full garbage collection before each timed run (outside its time, when node runs with
 * --expose-gc as `npm run bench:mesh` does), so that garbage one contender leaves — three.js's
 * mergeVertices leaves hundreds of MB — is not collected on the next one's clock.
 */
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

function timed(run: () => void): number {
  collectGarbage();
  const start = performance.now();
  run();
  return performance.now() - start;
}

function median(run: () => void): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(timed(run));
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)] as number;
}

/**
 * Medians of several contenders run in turn (a, b, c, a, b, c, …) after one warm-up each, so
 * that load from other processes falls on all of them alike.
 */
function interleavedMedians<K extends string>(contenders: Record<K, () => void>, runs = RUNS): Record<K, number> {
  const entries = Object.entries(contenders) as [K, () => void][];
  for (const [, run] of entries) run();
  const times = new Map<K, number[]>(entries.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of entries) times.get(name)?.push(timed(run));
  }
  return Object.fromEntries(entries.map(([name]) => [name, (times.get(name) ?? []).sort((a, b) => a - b)[Math.floor(runs / 2)] as number])) as Record<K, number>;
}

function to3mf(mesh: IndexedMesh): Uint8Array {
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<model unit="millimeter" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">\n<resources><object id="1" name="torus" type="model"><mesh><vertices>\n'];
  const v = mesh.vertices;
  for (let i = 0; i < v.length; i += 3) parts.push(`<vertex x="${v[i]}" y="${v[i + 1]}" z="${v[i + 2]}"/>\n`);
  parts.push("</vertices><triangles>\n");
  const t = mesh.triangles;
  for (let i = 0; i < t.length; i += 3) parts.push(`<triangle v1="${t[i]}" v2="${t[i + 1]}" v3="${t[i + 2]}"/>\n`);
  parts.push('</triangles></mesh></object></resources><build><item objectid="1"/></build></model>\n');
  return zipSync(
    {
      "[Content_Types].xml": strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>'),
      "_rels/.rels": strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Target="/3D/3dmodel.model" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/></Relationships>'),
      "3D/3dmodel.model": strToU8(parts.join("")),
    },
    { level: 6 },
  );
}

const mb = (bytes: number) => bytes / (1024 * 1024);
const ms = (n: number) => `${n.toFixed(0)} ms`;
const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");

const indexed = torus(1000, 500);
const stl = toBinaryStl(indexed);
const threeMf = to3mf(indexed);
/** For three.js's 3MFLoader, which in Node needs linkedom's DOM (mesh-peers.ts): 20,000 triangles. */
const smallIndexed = torus(100, 100);
const smallThreeMf = to3mf(smallIndexed);
const loadBefore = loadavg()[0] as number;

const loader = new STLLoader();
const { parseOnly, stlLoader } = interleavedMedians({ parseOnly: () => parseStl(stl), stlLoader: () => loader.parse(stl.buffer as ArrayBuffer) });
const { full, stlWelded } = interleavedMedians({ full: () => analyseMesh(parseStl(stl)), stlWelded: () => threeStlWelded(stl) });
// Where the analysis's time goes, stage by stage, on the parsed mesh (each stage's own inputs
// prepared outside its clock): each is a sizeable fraction of STLLoader's whole parse.
const parsed = parseStl(stl);
const parsedWeld = weldVertices(parsed.positions, 0, parsed.triangles);
const stages = {
  surface: median(() => accumulateSurface(parsed.positions, parsed.triangles, emptySurfaceTotals())),
  weld: median(() => weldVertices(parsed.positions, 0, parsed.triangles)),
  census: median(() => takeEdgeCensus(parsedWeld.indices, parsed.triangles, parsedWeld.vertexCount, new ParityDisjointSets(parsed.triangles))),
};
const threeMfParse = median(() => parse3mf(threeMf, DEFAULT_MESH_LIMITS));
const threeMfFull = median(() => {
  const build = parse3mf(threeMf, DEFAULT_MESH_LIMITS);
  analyseMesh(build.mesh, build.parts);
});
const thumbnailRender = median(() => renderThumbnail(parsed.positions, parsed.triangles, { width: RENDER_EDGE, height: RENDER_EDGE }));
const rendered = renderThumbnail(parsed.positions, parsed.triangles, { width: RENDER_EDGE, height: RENDER_EDGE });
const encodeTimes: number[] = [];
for (let i = 0; i <= RUNS; i++) {
  const start = performance.now();
  await encodeThumbnails(rendered, RENDER_EDGE, RENDER_EDGE);
  if (i > 0) encodeTimes.push(performance.now() - start);
}
const thumbnailEncode = encodeTimes.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
const analysis = analyseMesh(parsed);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
// The same file analysed out of core from disk within the default budget (what the hub does from
// 200,000 triangles); after the peak RSS, which it does not raise. Median of 5 after a warm-up.
const streamedArea = new TempArea(mkdtempSync(join(tmpdir(), "peerfab-bench-mesh-")));
const stlPath = join(streamedArea.dir, "torus.stl");
writeFileSync(stlPath, stl);
const streamedTimes: number[] = [];
for (let i = 0; i <= RUNS; i++) {
  const work = new StreamedWork(analysis.triangles, DEFAULT_ANALYSIS_MEMORY_BYTES, streamedArea);
  collectGarbage();
  const start = performance.now();
  analyseStreamed(new BinaryStlTriangles(stlPath, analysis.triangles), null, work);
  if (i > 0) streamedTimes.push(performance.now() - start);
  await work.release();
}
streamedArea.remove();
const streamedFull = streamedTimes.sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
// After the peak RSS: linkedom's DOM is big.
const { smallThreeMfParse, threeMfLoader } = interleavedMedians({
  smallThreeMfParse: () => parse3mf(smallThreeMf, DEFAULT_MESH_LIMITS),
  threeMfLoader: () => threeMfLoaded(smallThreeMf),
});

console.log(`PeerFab mesh benchmark — ${availableParallelism()} cores, ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`);
console.log(`load average (1 min) ${loadBefore.toFixed(2)} at the start, ${(loadavg()[0] as number).toFixed(2)} at the end`);
console.log(`mesh: torus, ${analysis.triangles.toLocaleString("en")} triangles, ${analysis.vertices.toLocaleString("en")} vertices, watertight ${analysis.watertight}, manifold ${analysis.manifold}`);
console.log(`binary STL ${mb(stl.length).toFixed(1)} MB, 3MF ${mb(threeMf.length).toFixed(1)} MB`);
console.log("");
console.log(`STL parse only (ours)                 ${ms(parseOnly).padStart(8)}  ${(mb(stl.length) / (parseOnly / 1000)).toFixed(0)} MB/s`);
console.log(`STL parse + full analysis (ours)      ${ms(full).padStart(8)}  ${(mb(stl.length) / (full / 1000)).toFixed(0)} MB/s`);
console.log(`  of which, stage by stage (medians of their own): surface totals ${ms(stages.surface)}, weld ${ms(stages.weld)}, edge census ${ms(stages.census)}`);
console.log(`three.js STLLoader.parse (parse only) ${ms(stlLoader).padStart(8)}  ${(mb(stl.length) / (stlLoader / 1000)).toFixed(0)} MB/s`);
console.log(`ratio ours parse only / STLLoader     ${(parseOnly / stlLoader).toFixed(2)}`);
console.log(`ratio ours full analysis / STLLoader  ${(full / stlLoader).toFixed(2)}`);
console.log(`three.js STLLoader + mergeVertices + computeBoundingBox ${ms(stlWelded).padStart(8)}`);
console.log(`ratio ours parse only / that           ${(parseOnly / stlWelded).toFixed(2)}`);
console.log(`ratio ours full analysis / that        ${(full / stlWelded).toFixed(2)}  (welded, bbox, and volume, shells, watertight… on top)`);
console.log(`3MF parse (unzip + XML + build)       ${ms(threeMfParse).padStart(8)}  ${(mb(threeMf.length) / (threeMfParse / 1000)).toFixed(0)} MB/s of 3MF`);
console.log(`3MF parse + full analysis             ${ms(threeMfFull).padStart(8)}`);
console.log(`STL streamed analysis from disk (${DEFAULT_ANALYSIS_MEMORY_BYTES / 1024 / 1024} MB budget) ${ms(streamedFull).padStart(8)}  ${(streamedFull / full).toFixed(2)}× the in-memory parse + analysis`);
console.log(`3MF of ${(smallIndexed.triangles.length / 3).toLocaleString("en")} triangles (${mb(smallThreeMf.length).toFixed(2)} MB): ours ${smallThreeMfParse.toFixed(1)} ms, three.js 3MFLoader.parse (linkedom DOMParser) ${ms(threeMfLoader)}`);
console.log(`ratio ours 3MF parse / 3MFLoader      ${(smallThreeMfParse / threeMfLoader).toFixed(3)}`);
console.log(`thumbnail render (${RENDER_EDGE}² raster)       ${ms(thumbnailRender).padStart(8)}`);
console.log(`thumbnail encode (PNG+WebP, 256+640)  ${ms(thumbnailEncode).padStart(8)}`);
console.log(`peak RSS                              ${peakRssMb.toFixed(0).padStart(5)} MB`);
console.log("");
console.log(`target: full analysis of the 1 M-triangle STL under 500 ms  ${verdict(full < 500)} (${ms(full)})`);
console.log(`target: full analysis no slower than STLLoader's bare parse ${verdict(full <= stlLoader)} (${(full / stlLoader).toFixed(2)}×)`);
console.log(`        (parse alone vs STLLoader's parse                   ${verdict(parseOnly <= stlLoader)} (${(parseOnly / stlLoader).toFixed(2)}×))`);
