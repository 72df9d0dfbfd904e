/**
 * `npm run bench:gcode`: the G-code analyzer on a ~50 MB file streamed from disk in 64 KB
 * chunks (MB/s and peak RSS, measured in a fresh plain-`node` child process running this file bundled
 * by esbuild — tsx's loader thread alone would add ~36 MB of RSS that production never has),
 * its print-time estimate against PrusaSlicer's own for each sliced model in models/ (the
 * committed G-code, and each model sliced fresh through the bridge's slicer adapter), and the
 * adapter's slicing wall time per model. Prints PASS/MISS against the targets (≥ 100 MB/s,
 * < 64 MB RSS), writes the figures to protocol/GCODE-BENCHMARKS.md and always exits 0.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { cpus, availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// The analysis module directly (not the whole @peerfab/protocol index, which pulls in zod), so
// the bundled child holds only what a worker running the analyzer would hold.
import { GcodeAnalyzer, analyzeGcode, type GcodeAnalysis } from "../../protocol/src/gcode-analysis/index.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MODELS = ["calibration-cube", "corner-bracket", "hex-coaster", "pencil-cup"];
const PROFILE = join(ROOT, "printer-bridge/profiles/virtual-mk1.ini");
const TARGET_BYTES = 50 * 1024 * 1024;
const CHUNK = 64 * 1024;
const TARGET_MB_S = 100;
const TARGET_RSS_MB = 64;
const MB = 1024 * 1024;

interface StreamFigures {
  bytes: number;
  seconds: number;
  peakRssMb: number;
  baselineRssMb: number;
  layers: number;
  commands: number;
}

/** Child mode: stream one file through the analyzer and report figures as JSON on stdout. */
async function analyzeFile(path: string): Promise<void> {
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const analyzer = new GcodeAnalyzer();
  const start = performance.now();
  // Two reused 64 KB buffers: the next read is under way while the current chunk is analyzed.
  // The analyzer takes the bytes as they are (it copies only an unfinished line and decodes
  // only comments), so streaming makes no per-chunk garbage.
  const buffers: Buffer[] = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
  const file = await open(path, "r");
  try {
    let pending = file.read(buffers[0] as Buffer, 0, CHUNK, null);
    for (let chunks = 0; ; chunks++) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) break;
      pending = file.read(buffers[(chunks + 1) & 1] as Buffer, 0, CHUNK, null);
      analyzer.push(buffer.subarray(0, bytesRead));
      // Sampled every 4th chunk (256 KB): memoryUsage() itself costs ~40 µs.
      if ((chunks & 3) === 0) {
        const rss = process.memoryUsage().rss;
        if (rss > peakRss) peakRss = rss;
      }
    }
  } finally {
    await file.close();
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const analysis = analyzer.finish();
  const seconds = (performance.now() - start) / 1000;
  const figures: StreamFigures = {
    bytes: statSync(path).size,
    seconds,
    peakRssMb: peakRss / MB,
    baselineRssMb: baselineRss / MB,
    layers: analysis.layers.count,
    commands: analysis.commandCount,
  };
  process.stdout.write(JSON.stringify(figures));
}

/** Repeats pencil-cup's layers, each copy raised above the last, until the file is ~50 MB. */
async function buildBigFile(path: string): Promise<void> {
  const text = readFileSync(join(ROOT, "models/pencil-cup.gcode"), "utf8");
  const bodyStart = text.indexOf(";LAYER_CHANGE");
  const bodyEnd = text.indexOf("; PeerFab Virtual MK1 end");
  const head = text.slice(0, bodyStart);
  const body = text.slice(bodyStart, bodyEnd);
  const tail = text.slice(bodyEnd);
  const height = 60;
  const out = createWriteStream(path);
  const write = (s: string) => new Promise<void>((resolve) => (out.write(s) ? resolve() : out.once("drain", resolve)));
  await write(head);
  let bytes = head.length + tail.length;
  for (let copy = 0; bytes + body.length <= TARGET_BYTES + body.length / 2; copy++) {
    const raised =
      copy === 0
        ? body
        : body.replace(/^(G1 [^;\n]*Z|;Z:)([\d.]+)/gm, (_, prefix: string, z: string) =>
            `${prefix}${(Number(z) + copy * height).toFixed(3).replace(/\.?0+$/, "")}`,
          );
    await write(raised);
    bytes += raised.length;
  }
  await write(tail);
  await new Promise<void>((resolve) => out.end(resolve));
}

/** This file as one plain-JavaScript module, so the child runs on bare `node` without tsx. */
async function bundleSelf(dir: string): Promise<string> {
  const { build } = await import("esbuild");
  const outfile = join(dir, "bench-gcode.mjs");
  await build({
    entryPoints: [fileURLToPath(import.meta.url)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // The slicer adapter runs only in the parent; the analysis child stays lean.
    external: ["esbuild", "../../printer-bridge/*"],
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

function runChild(script: string, path: string): Promise<StreamFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, "--analyze", path], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(JSON.parse(out) as StreamFigures) : reject(new Error(`analysis child exited ${code}`)),
    );
  });
}

function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return `${h > 0 ? `${h}h ` : ""}${m}m ${s}s`;
}

interface ModelFigures {
  name: string;
  sliceSeconds: number | null;
  committed: GcodeAnalysis;
  fresh: GcodeAnalysis | null;
}

const SLICE_RUNS = 3;

/**
 * Slices each model fresh with the bridge's adapter (PrusaSlicerCli: profile check, model size
 * check, slicing, reading back the G-code), one at a time, timing the whole call: the median of
 * {@link SLICE_RUNS} runs, after one warm-up slice (page cache, the cached profile check).
 */
async function sliceAndAnalyze(dir: string): Promise<ModelFigures[]> {
  const { findSlicer } = await import("../../printer-bridge/src/slicer/find-slicer.ts");
  const slicer = await findSlicer();
  if (!slicer) console.log("  PrusaSlicer not found (apt-get install prusa-slicer): no fresh slices");
  const figures: ModelFigures[] = [];
  for (const name of MODELS) {
    const committed = analyzeGcode(readFileSync(join(ROOT, `models/${name}.gcode`), "utf8"));
    if (!slicer) {
      figures.push({ name, sliceSeconds: null, committed, fresh: null });
      continue;
    }
    const slice = () =>
      slicer.slice({
        modelPath: join(ROOT, `models/${name}.stl`),
        profile: PROFILE,
        material: "PLA",
        quality: "normal",
        outputPath: join(dir, `${name}.gcode`),
      });
    try {
      if (figures.length === 0) await slice();
      const times: number[] = [];
      let result = null;
      for (let run = 0; run < SLICE_RUNS; run++) {
        const start = performance.now();
        result = await slice();
        times.push((performance.now() - start) / 1000);
      }
      times.sort((a, b) => a - b);
      const sliceSeconds = times[Math.floor(SLICE_RUNS / 2)] ?? null;
      figures.push({ name, sliceSeconds, committed, fresh: result ? analyzeGcode(readFileSync(result.gcodePath, "utf8")) : null });
    } catch (error) {
      console.log(`  ${name}: slicing failed: ${(error as Error).message}`);
      figures.push({ name, sliceSeconds: null, committed, fresh: null });
    }
  }
  return figures;
}

function percent(ratio: number | null): string {
  return ratio === null ? "n/a" : `${ratio >= 0 ? "+" : ""}${(ratio * 100).toFixed(2)} %`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "peerfab-bench-gcode-"));
  try {
    const big = join(dir, "big.gcode");
    await buildBigFile(big);
    const size = statSync(big).size;
    console.log(`G-code analyzer benchmark: ${(size / MB).toFixed(1)} MB file, ${CHUNK / 1024} KB chunks`);
    const script = await bundleSelf(dir);
    await runChild(script, big); // warm the page cache
    const runs: StreamFigures[] = [];
    for (let i = 0; i < 3; i++) runs.push(await runChild(script, big));
    runs.sort((a, b) => a.seconds - b.seconds);
    const median = runs[1] as StreamFigures;
    const mbPerS = median.bytes / MB / median.seconds;
    const peakRss = Math.max(...runs.map((r) => r.peakRssMb));
    const speedOk = mbPerS >= TARGET_MB_S;
    const rssOk = peakRss < TARGET_RSS_MB;
    console.log(`  analysis: ${mbPerS.toFixed(0)} MB/s (median of 3)  ${speedOk ? "PASS" : "MISS"} (target ≥ ${TARGET_MB_S})`);
    console.log(
      `  peak RSS: ${peakRss.toFixed(1)} MB (process at start: ${median.baselineRssMb.toFixed(1)} MB)  ${rssOk ? "PASS" : "MISS"} (target < ${TARGET_RSS_MB})`,
    );
    console.log(`  ${median.commands.toLocaleString("en")} commands, ${median.layers} layers`);

    console.log("Slicing with PrusaSlicer and print-time estimates:");
    const models = await sliceAndAnalyze(dir);
    const rows = models.map(({ name, sliceSeconds, committed, fresh }) => {
      const t = committed.printTime;
      const freshRatio = fresh?.printTime.differenceRatio ?? null;
      const freshSlicer = fresh?.printTime.slicerEstimateS ?? null;
      const row = {
        freshSlicer: freshSlicer === null ? "n/a" : formatDuration(freshSlicer),
        freshOurs: fresh ? formatDuration(fresh.printTime.estimatedS) : "n/a",
        name,
        slicer: formatDuration(t.slicerEstimateS ?? 0),
        ours: formatDuration(t.estimatedS),
        error: percent(t.differenceRatio),
        freshError: percent(freshRatio),
        slice: sliceSeconds === null ? "n/a" : `${sliceSeconds.toFixed(2)} s`,
      };
      console.log(
        `  ${name.padEnd(17)} committed: PrusaSlicer ${row.slicer.padStart(10)}  ours ${row.ours.padStart(10)}  error ${row.error.padStart(9)}  | fresh: PrusaSlicer ${row.freshSlicer.padStart(10)}  ours ${row.freshOurs.padStart(10)}  error ${row.freshError.padStart(9)}  slicing ${row.slice}`,
      );
      return row;
    });

    const cpu = cpus()[0]?.model ?? "unknown CPU";
    const machine = `${availableParallelism()} × ${cpu}, Node ${process.version}, ${process.platform}/${process.arch}`;
    const markdown = [
      "# G-code analysis benchmarks",
      "",
      "Measured by `npm run bench:gcode` (server/bench/gcode.ts) on " + machine + ".",
      "",
      `## Streaming analysis of a ${(size / MB).toFixed(1)} MB file`,
      "",
      "The file repeats the layers of `models/pencil-cup.gcode`, each copy raised above the last; it is",
      `streamed from disk in ${CHUNK / 1024} KB chunks through \`GcodeAnalyzer\` in a fresh plain-\`node\` child`,
      "process (the benchmark bundled with esbuild, as the analyzer would run in a worker or a browser).",
      "",
      "| figure | result | target | |",
      "|---|---|---|---|",
      `| analysis throughput (median of 3) | ${mbPerS.toFixed(0)} MB/s | ≥ ${TARGET_MB_S} MB/s | ${speedOk ? "PASS" : "MISS"} |`,
      `| peak RSS (whole Node process) | ${peakRss.toFixed(1)} MB | < ${TARGET_RSS_MB} MB | ${rssOk ? "PASS" : "MISS"} |`,
      `| RSS of the process before analysis | ${median.baselineRssMb.toFixed(1)} MB | | |`,
      "",
      "## Print time: motion model vs PrusaSlicer's normal-mode estimate",
      "",
      "Models sliced with PrusaSlicer for `printer-bridge/profiles/virtual-mk1.ini` (committed files in",
      "`models/`; \"fresh\" = sliced again during the benchmark through the bridge's slicer adapter,",
      "`PrusaSlicerCli`, PLA, normal quality). Slicing wall time is the whole adapter call (median of",
      `${SLICE_RUNS} after a warm-up): the cached profile check, the \`--info\` size check, slicing, and reading the`,
      "G-code back.",
      "",
      "| model | PrusaSlicer | analyzer | error | fresh: PrusaSlicer | fresh: analyzer | fresh: error | slicing wall time (fresh) |",
      "|---|---|---|---|---|---|---|---|",
      ...rows.map(
        (r) => `| ${r.name} | ${r.slicer} | ${r.ours} | ${r.error} | ${r.freshSlicer} | ${r.freshOurs} | ${r.freshError} | ${r.slice} |`,
      ),
      "",
    ].join("\n");
    writeFileSync(join(ROOT, "protocol/GCODE-BENCHMARKS.md"), markdown);
    console.log(`Machine: ${machine}`);
    console.log("Figures written to protocol/GCODE-BENCHMARKS.md");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--analyze" && process.argv[3]) await analyzeFile(process.argv[3]);
else await main();
