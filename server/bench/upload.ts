/**
 * `npm run bench:upload`: the hub's memory while it receives and analyses a 200 MB upload. A
 * generated 4,000,000-triangle binary STL (200,000,084 bytes) is streamed over HTTP as multipart
 * to a real hub running in a child process, whose resident set size (RSS, from /proc, which
 * includes its analysis worker threads) is sampled every 5 ms and whose kernel high-water mark
 * (VmHWM) is reset at each phase boundary, so no peak between samples is missed:
 * - upload phase: from the first byte until the staged temp file in `<dataDir>/tmp` holds all of
 *   it (busboy → temp file, hashed while it streams);
 * - analysis phase: from then until the 201 answer (streaming STL read, full analysis,
 *   thumbnails and the compact preview mesh, all in one worker, then the blob commit and rows).
 * The analysis phase is also split where its work block is freed (RSS drops by 30 MB or more at
 * once; the peak mark is reset there too): the analysis before, thumbnails and preview after.
 * The baseline is the hub's RSS after a warm-up upload (so the worker threads exist). Prints each
 * phase's peak growth against the 64 MB, as a ratio (≤ 1.00 passes), and always exits 0.
 * The hub runs with the environment's PEERFAB_ANALYSIS_MEMORY_MB (default 48): meshes whose
 * analysis would need more are analysed out of core (server/src/mesh/streamed/).
 * Child mode (`upload.ts --hub <dataDir>`): starts the hub and prints its URL and token as JSON.
 */
import { spawn } from "node:child_process";
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { request } from "node:http";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { torus, toBinaryStl } from "./torus.ts";

const LIMIT_MB = 64;
const MB = 1024 * 1024;
const SAMPLE_MS = 5;
/** An RSS drop this large between samples is the streamed analysis's block being freed (48 MB by default). */
const BLOCK_FREED_MB = 30;

if (process.argv[2] === "--hub") {
  await runHub(process.argv[3] as string);
} else {
  await measure();
}

/** Child: the hub, as `npm start` runs it (2 analysis workers, default limits). */
async function runHub(dataDir: string): Promise<void> {
  const { startHub } = await import("../src/index.ts");
  const { readEnvironment } = await import("../src/environment.ts");
  const { analysisMemoryBytes } = readEnvironment();
  const hub = await startHub({ port: 0, host: "127.0.0.1", dataDir, webDir: null, seedDir: null, rateLimits: { uploadsPer10Minutes: 1000 }, analysisMemoryBytes });
  console.log(JSON.stringify({ url: hub.url, token: hub.bridgeToken }));
  process.on("SIGTERM", () => void hub.close().then(() => process.exit(0)));
}

/** Streams a binary STL of a 2000 × 1000 torus (4 M triangles) to `path` without holding it. */
async function writeTorusStl(path: string): Promise<number> {
  const mesh = torus(2000, 1000);
  const count = mesh.triangles.length / 3;
  const file = await open(path, "w");
  const header = new Uint8Array(84);
  header.set(new TextEncoder().encode("PeerFab bench:upload torus"));
  new DataView(header.buffer).setUint32(80, count, true);
  await file.write(header);
  const batch = 20_000;
  const chunk = new Uint8Array(batch * 50);
  const view = new DataView(chunk.buffer);
  for (let first = 0; first < count; first += batch) {
    const n = Math.min(batch, count - first);
    chunk.fill(0);
    for (let t = 0; t < n; t++) {
      let o = t * 50 + 12;
      for (let k = 0; k < 3; k++) {
        const v = (mesh.triangles[(first + t) * 3 + k] as number) * 3;
        for (let axis = 0; axis < 3; axis++, o += 4) view.setFloat32(o, mesh.vertices[v + axis] as number, true);
      }
    }
    await file.write(chunk.subarray(0, n * 50));
  }
  await file.close();
  return count;
}

interface Status {
  rssMb: number;
  hwmMb: number;
}

function status(pid: number): Status {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
}

/** Resets the kernel's peak-RSS mark of `pid` to its current RSS (Linux ≥ 4.0). */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

interface UploadTimes {
  answeredAt: number;
  status: number;
  answer: string;
}

/** Size of the largest file in the hub's temp area (the upload being staged), 0 when none. */
function stagedBytes(dataDir: string): number {
  let largest = 0;
  for (const name of readdirSync(join(dataDir, "tmp"))) {
    try {
      largest = Math.max(largest, statSync(join(dataDir, "tmp", name)).size);
    } catch {
      // Renamed into the blob store between listing and stat.
    }
  }
  return largest;
}

/** POSTs `path` as the multipart field `file`. */
function uploadFile(url: string, token: string, path: string, size: number, name: string): Promise<UploadTimes> {
  const boundary = "----peerfab-bench-upload";
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: model/stl\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/designs`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "content-length": String(head.length + size + tail.length),
      },
    });
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ answeredAt: performance.now(), status: res.statusCode ?? 0, answer: Buffer.concat(chunks).toString("utf8") }));
    });
    req.write(head);
    const body = createReadStream(path, { highWaterMark: 256 * 1024 });
    body.on("error", reject);
    body.on("end", () => req.end(tail));
    body.pipe(req, { end: false });
  });
}

async function measure(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "peerfab-bench-upload-"));
  const dataDir = join(work, "data");
  const stlPath = join(work, "torus-4m.stl");
  const smallPath = join(work, "torus-small.stl");
  const mediumPath = join(work, "torus-medium.stl");
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--hub", dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const triangles = await writeTorusStl(stlPath);
    const size = 84 + triangles * 50;
    const small = toBinaryStl(torus(50, 20));
    writeFileSync(smallPath, small);
    // 600,000 triangles: over the preview threshold and the analysis budget, so the warm-up runs the streamed path and loads the preview encoder.
    const medium = toBinaryStl(torus(600, 500));
    writeFileSync(mediumPath, medium);

    const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
      child.stdout.once("data", (line: Buffer) => resolve(JSON.parse(line.toString("utf8")) as { url: string; token: string }));
      child.once("exit", (code) => reject(new Error(`the hub exited (${code}) before it listened`)));
    });
    const pid = child.pid as number;

    // Warm-up: the worker threads start and every code path of a big upload is compiled and
    // loaded (the preview encoder loads on the first big mesh); then let the heap settle.
    const beforeWarmUp = status(pid).rssMb;
    for (let i = 0; i < 2; i++) await uploadFile(url, token, smallPath, small.length, `warm-up-${i}.stl`);
    await uploadFile(url, token, mediumPath, medium.length, "warm-up-medium.stl");
    await new Promise((r) => setTimeout(r, 1500));
    const baseline = status(pid).rssMb;

    const samples: { at: number; rssMb: number }[] = [];
    const canResetPeak = resetPeak(pid);
    let uploadHwm = NaN;
    let stagedAt = NaN;
    // The analysis phase's two humps: the analysis (its block), then, once the block is freed
    // (RSS drops by BLOCK_FREED_MB at once), the thumbnails and the preview.
    let analysisHumpMb = -Infinity;
    let blockFreedAt = NaN;
    let analysisHumpHwm = NaN;
    const sampler = setInterval(() => {
      const now = performance.now();
      const { rssMb } = status(pid);
      samples.push({ at: now, rssMb });
      if (Number.isNaN(stagedAt)) {
        if (stagedBytes(dataDir) >= size) {
          stagedAt = now;
          uploadHwm = status(pid).hwmMb;
          resetPeak(pid);
        }
      } else if (Number.isNaN(blockFreedAt)) {
        if (rssMb <= analysisHumpMb - BLOCK_FREED_MB) {
          blockFreedAt = now;
          analysisHumpHwm = status(pid).hwmMb;
          resetPeak(pid);
        }
        analysisHumpMb = Math.max(analysisHumpMb, rssMb);
      }
    }, SAMPLE_MS);
    const startedAt = performance.now();
    const times = await uploadFile(url, token, stlPath, size, "torus-4m.stl");
    const analysisHwm = status(pid).hwmMb;
    clearInterval(sampler);
    samples.push({ at: performance.now(), rssMb: status(pid).rssMb });
    if (times.status !== 201) throw new Error(`the upload answered ${times.status}: ${times.answer}`);
    if (Number.isNaN(stagedAt)) throw new Error("never saw the staged upload complete in the hub's tmp/ folder");

    const peak = (from: number, to: number) => Math.max(...samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.rssMb));
    const uploadPeak = Math.max(peak(startedAt, stagedAt), canResetPeak ? uploadHwm : 0);
    const analysisPeak = Math.max(peak(stagedAt, times.answeredAt), canResetPeak ? analysisHwm : 0);
    // Split at the block's release: before it the analysis, after it thumbnails and preview.
    const humps = Number.isNaN(blockFreedAt)
      ? null
      : {
          analysis: Math.max(peak(stagedAt, blockFreedAt), canResetPeak ? analysisHumpHwm : 0) - baseline,
          pictures: Math.max(peak(blockFreedAt, times.answeredAt), canResetPeak ? analysisHwm : 0) - baseline,
        };
    const uploadGrowth = uploadPeak - baseline;
    const analysisGrowth = analysisPeak - baseline;
    const uploadSeconds = (stagedAt - startedAt) / 1000;
    const analysisSeconds = (times.answeredAt - stagedAt) / 1000;
    const created = JSON.parse(times.answer) as { triangles: number; design: { files: { preview?: { triangles: number } | null }[] } };

    console.log(`PeerFab upload memory benchmark — ${availableParallelism()} cores, ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}`);
    console.log(`upload: binary STL, ${triangles.toLocaleString("en")} triangles, ${size.toLocaleString("en")} bytes (${(size / MB).toFixed(1)} MiB), multipart over HTTP to a hub in a child process`);
    console.log(`peaks from ${SAMPLE_MS} ms RSS samples${canResetPeak ? " and the kernel's VmHWM, reset at each phase boundary" : " (VmHWM reset not permitted here)"}`);
    console.log(`analysis memory budget (PEERFAB_ANALYSIS_MEMORY_MB) ${process.env.PEERFAB_ANALYSIS_MEMORY_MB || "48 (default)"} MB; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    console.log("");
    console.log(`hub RSS before the warm-up uploads          ${beforeWarmUp.toFixed(0).padStart(6)} MB (2 small STLs, one of 600,000 triangles)`);
    console.log(`hub RSS before the upload (after warm-up)   ${baseline.toFixed(0).padStart(6)} MB`);
    console.log(`upload phase:   ${uploadSeconds.toFixed(2)} s (${(size / MB / uploadSeconds).toFixed(0)} MiB/s), peak RSS ${uploadPeak.toFixed(0)} MB, growth ${uploadGrowth.toFixed(1)} MB`);
    console.log(`analysis phase: ${analysisSeconds.toFixed(2)} s, peak RSS ${analysisPeak.toFixed(0)} MB, growth ${analysisGrowth.toFixed(1)} MB (${((analysisGrowth * MB) / triangles).toFixed(0)} bytes per triangle)`);
    console.log(
      humps
        ? `  of which: the analysis (until its block is freed) +${humps.analysis.toFixed(1)} MB; then thumbnails and preview +${humps.pictures.toFixed(1)} MB`
        : `  (no drop of ${BLOCK_FREED_MB} MB seen: the analysis block's release was not detected, so the phase is not split)`,
    );
    console.log(`answer: ${created.triangles.toLocaleString("en")} triangles, preview ${created.design.files[0]?.preview?.triangles.toLocaleString("en") ?? "none"} triangles`);
    console.log(`hub RSS after the answer                    ${status(pid).rssMb.toFixed(0).padStart(6)} MB`);
    console.log("");
    const ratio = (growth: number) => `${(growth / LIMIT_MB).toFixed(2)} × the limit`;
    console.log(`target: upload phase grows the hub by at most ${LIMIT_MB} MB    ${uploadGrowth <= LIMIT_MB ? "PASS" : "MISS"} (${uploadGrowth.toFixed(1)} MB = ${ratio(uploadGrowth)})`);
    console.log(`        analysis phase, same limit                   ${analysisGrowth <= LIMIT_MB ? "PASS" : "MISS"} (${analysisGrowth.toFixed(1)} MB = ${ratio(analysisGrowth)}; the mesh itself is ${((triangles * 36) / MB).toFixed(0)} MB of float32 positions)`);
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(work, { recursive: true, force: true });
  }
}
