/**
 * Least-cost speed and memory, side by side with scikit-image (../shared/bench/reference.py leastcost,
 * MCP_Geometric) on the same files in the same run:
 *   1. 2000 x 2000 cells, 5 focal regions, all pairwise least-cost distances (early-stopping searches,
 *      on one thread and on 2 worker threads), plus the full analysis the `leastcost` command runs (5 complete searches, paths, corridors).
 *   2. 10 million cells, cost distance from one source cell, with back-links: time and memory per cell
 *      beyond the input grid, for both heap variants (lazy insertion and decrease-key).
 *   3. With --sizes: a scaling table, the problem of 1. (pairwise distances, one thread) at each size
 *      beside scikit-image, and the fitted growth of time with cells for both tools. --standard runs
 *      1. and 2. after it as well (that is what `npm run bench -- --scale` does).
 * Each measurement runs in its own process so peak RSS belongs to it alone.
 *   node --import tsx bench/leastcost.ts [--quick]      (--quick: 500 x 500 and 1 M cells)
 *   node --import tsx bench/leastcost.ts --sizes 250,500,1000,2000,3000 [--standard]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeGeoTiff } from "../src/io/geotiff.ts";
import type { Grid } from "../src/grid/grid.ts";
import { readGrid } from "../src/io/index.ts";
import { focalGrid, growthExponent, landscape, row } from "./landscape.ts";
import { costDistance, focalRegions, leastCostAnalysis, pairwiseDistances, pairwiseDistancesParallel } from "../src/leastcost/index.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const REFERENCE = process.env.CROSSWAY_REFERENCE ?? join(HERE, "../../shared/bench/reference.py");

interface ChildResult {
  label: string;
  /** Wall-clock seconds, end to end. */
  seconds: number;
  /** CPU seconds (user + system) of the measured work (ours: process.cpuUsage around it; the reference:
   *  its process from /usr/bin/time minus Python's start-up and imports). Robust to a busy machine. */
  cpu?: number;
  readSeconds?: number;
  peakMb: number;
  bytesPerCell?: number;
  distances?: [number, number, number][];
  note?: string;
}

const mb = (bytes: number) => bytes / 1048576;
/** The reference reads GeoTIFFs with tifffile, which needs the (absent) imagecodecs package for the
 *  floating-point predictor crossway uses by default: write the shared inputs without it. */
const writeInput = (path: string, grid: Grid) => writeGeoTiff(path, grid, { predictor: false });
const cpuSince = (c0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1e6;
};

/** One measurement, in a child process (see `child` below). */
async function child(kind: string, a: string, b: string): Promise<ChildResult> {
  if (kind === "single") {
    // Input generated in-process; memory "beyond the input" = peak RSS minus RSS once the input exists.
    const side = Number(a);
    const res = landscape(side, side);
    const center = (side >> 1) * side + (side >> 1);
    res.data[center] = 1;
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const cd = costDistance(res, [center], { neighbors: 8, heap: b as "lazy" | "indexed" });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSince(c0);
    const peak = process.resourceUsage().maxRSS * 1024;
    let reached = 0;
    for (const v of cd.dist) if (v < Infinity) reached++;
    return {
      label: `cost distance ${side}x${side}, one source, ${b} heap`,
      seconds,
      cpu,
      peakMb: mb(peak),
      bytesPerCell: (peak - before) / (side * side),
      note: `${reached} cells reached`,
    };
  }
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await readGrid(a, { float64: true });
  const focal = await readGrid(b);
  const readSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const regions = focalRegions(focal, res);
  const distances: [number, number, number][] = [];
  const k = regions.ids.length;
  let distance: Float64Array;
  if (kind === "pairwise") distance = pairwiseDistances(res, regions, { neighbors: 8 }).distance;
  else if (kind === "pairwise2") distance = (await pairwiseDistancesParallel(res, regions, { neighbors: 8, threads: 2 })).distance;
  else distance = leastCostAnalysis(res, focal, { neighbors: 8 }).distance;
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) distances.push([regions.ids[i], regions.ids[j], distance[i * k + j]]);
  const seconds = (performance.now() - t1) / 1000;
  return {
    label: {
      pairwise: "crossway pairwise distances (early stop)",
      pairwise2: "crossway pairwise distances, 2 worker threads",
      full: "crossway full analysis (paths, corridors)",
    }[kind]!,
    seconds: seconds + readSeconds,
    readSeconds,
    cpu: cpuSince(c0),
    peakMb: mb(process.resourceUsage().maxRSS * 1024),
    distances,
  };
}

/** Run a command under GNU time; returns its stdout and CPU seconds (user + system). */
function timed(cmd: string, args: string[]): { stdout: string; cpu: number } {
  const r = spawnSync("/usr/bin/time", ["-f", "CROSSWAY_TIME %U %S", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  const m = /CROSSWAY_TIME ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { stdout: r.stdout, cpu: m ? Number(m[1]) + Number(m[2]) : NaN };
}

function spawnSelf(kind: string, a: string, b: string): ChildResult {
  const { stdout } = timed(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), "--child", kind, a, b]);
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

/** CPU that Python spends starting and importing what reference.py imports: subtracted from its CPU time. */
let startupCpu: number | undefined;
function pythonStartupCpu(): number {
  startupCpu ??= timed("python3", [
    "-c",
    "import argparse, json, math, resource, sys, time, numpy, scipy.sparse, scipy.sparse.linalg, scipy.sparse.csgraph, tifffile; from skimage.graph import MCP_Geometric",
  ]).cpu;
  return startupCpu;
}

function reference(res: string, focal: string): ChildResult & { error?: string } {
  const label = "scikit-image MCP_Geometric (reference.py)";
  try {
    const run = timed("python3", [REFERENCE, "leastcost", res, focal]);
    const stdout = run.stdout;
    const cpu = run.cpu - pythonStartupCpu();
    const out = JSON.parse(stdout.replace(/\bInfinity\b/g, "null"));
    return { label, seconds: out.total_s, cpu, peakMb: out.peak_rss_mb, distances: out.distances };
  } catch (err) {
    const lines = String(err).trim().split("\n");
    return { label, seconds: NaN, peakMb: NaN, error: `${lines[0].slice(0, 120)} ... ${lines[lines.length - 1]}` };
  }
}

function maxRelDiff(a?: [number, number, number][], b?: [number, number, number][]): string {
  if (!a || !b) return "-";
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i][2];
    const y = b[i][2] ?? Infinity;
    if (x === Infinity && y === Infinity) continue;
    m = Math.max(m, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)));
  }
  return m.toExponential(1);
}

/** The focal regions of every least-cost case: 5 squares of side max(4, side/100) cells. */
const focalFor = (res: Grid, side: number) => focalGrid(res, 5, Math.max(4, side / 100));

/** Sections 1 and 2 of the header, the fixed sizes. */
async function standard(dir: string, quick: boolean): Promise<void> {
  const side = quick ? 500 : 2000;
  const big = quick ? 1000 : 3163; // 3163^2 = 10.0 M cells
  const res = landscape(side, side);
  const focal = focalFor(res, side);
  const resPath = join(dir, "res.tif");
  const focalPath = join(dir, "focal.tif");
  await writeInput(resPath, res);
  await writeInput(focalPath, focal);

  const W = [56, 9, 9, 9, 9, 12];
  console.log(`\nleast-cost: ${side} x ${side} = ${((side * side) / 1e6).toFixed(1)} M cells, 5 focal regions, 10 pairs, 8 neighbours`);
  console.log(row(["", "wall s", "cpu s", "read s", "peak MB", "max rel diff"], W));
  const ref = reference(resPath, focalPath);
  const pw = spawnSelf("pairwise", resPath, focalPath);
  const pw2 = spawnSelf("pairwise2", resPath, focalPath);
  const full = spawnSelf("full", resPath, focalPath);
  for (const r of [ref, pw, pw2, full]) {
    console.log(
      row(
        [
          r.label,
          r.seconds.toFixed(2),
          r.cpu?.toFixed(2) ?? "-",
          r.readSeconds?.toFixed(2) ?? "-",
          r.peakMb.toFixed(0),
          r === ref ? "" : maxRelDiff(r.distances, ref.distances),
        ],
        W,
      ),
    );
  }
  if ("error" in ref && ref.error) console.log(`  reference failed: ${ref.error}`);
  console.log(
    `  speed-up, pairwise distances vs scikit-image: ${(ref.seconds / pw.seconds).toFixed(1)}x wall, ${(ref.cpu! / pw.cpu!).toFixed(1)}x CPU, end to end (goal >= 2x); with 2 threads ${(ref.seconds / pw2.seconds).toFixed(1)}x wall`,
  );
  console.log(
    `  (cpu s: read + compute; the reference's is its process minus ${pythonStartupCpu().toFixed(2)} s of Python start-up and imports. On a busy machine trust cpu s over wall s)`,
  );

  console.log(
    `\ncost distance from one source: ${big} x ${big} = ${((big * big) / 1e6).toFixed(1)} M cells, 8 neighbours, with back-links`,
  );
  const W2 = [56, 9, 9, 9, 14];
  console.log(row(["", "wall s", "cpu s", "peak MB", "B/cell extra"], W2));
  for (const heap of ["lazy", "indexed"]) {
    const r = spawnSelf("single", String(big), heap);
    console.log(row([r.label, r.seconds.toFixed(2), r.cpu!.toFixed(2), r.peakMb.toFixed(0), r.bytesPerCell!.toFixed(1)], W2));
  }
  // The same grid for scikit-image, one focal cell in the centre.
  const bigRes = landscape(big, big);
  const bigFocal = { ...bigRes, data: new Float32Array(big * big), nodata: 0 };
  bigFocal.data[(big >> 1) * big + (big >> 1)] = 1;
  bigRes.data[(big >> 1) * big + (big >> 1)] = 1;
  await writeInput(join(dir, "big.tif"), bigRes);
  await writeInput(join(dir, "bigfocal.tif"), bigFocal);
  const bigRef = reference(join(dir, "big.tif"), join(dir, "bigfocal.tif"));
  console.log(
    row([bigRef.label + ", incl. read", bigRef.seconds.toFixed(2), bigRef.cpu?.toFixed(2) ?? "-", bigRef.peakMb.toFixed(0), "-"], W2),
  );
  console.log("  goals: under 10 s, under 40 bytes per cell beyond the input grid");
}

/** Fitted exponent of time against cells over the finite points, or "-" with fewer than two. */
function exponent(cells: number[], secs: (number | undefined)[]): string {
  const xs: number[] = [];
  const ys: number[] = [];
  secs.forEach((t, i) => {
    if (t !== undefined && Number.isFinite(t) && t > 0) {
      xs.push(cells[i]);
      ys.push(t);
    }
  });
  return xs.length >= 2 ? growthExponent(xs, ys).toFixed(2) : "-";
}

/** Section 3: the 2000 x 2000 pairwise problem of section 1 at each size, crossway on one thread (the
 *  reference is single-threaded too), both reading the same GeoTIFFs, each tool in its own process. */
async function scaling(dir: string, sizes: number[]): Promise<void> {
  console.log("\nleast-cost scaling: 5 focal regions, all 10 pairwise distances, 8 neighbours; crossway one thread, early stop;");
  console.log("reference: scikit-image MCP_Geometric (reference.py leastcost). Times include reading the GeoTIFFs.");
  const W = [11, 9, 8, 8, 7, 8, 8, 8, 8, 8, 8, 12];
  console.log(
    row(["size", "cells", "cw s", "cw cpu", "cw MB", "B/cell", "ref s", "ref cpu", "ref MB", "speed-up", "mem ratio", "max rel diff"], W),
  );
  const cells: number[] = [];
  const cw: { wall: number; cpu?: number }[] = [];
  const ref: { wall: number; cpu?: number }[] = [];
  for (const side of sizes) {
    const n = side * side;
    const res = landscape(side, side);
    const focal = focalFor(res, side);
    const resPath = join(dir, `res${side}.tif`);
    const focalPath = join(dir, `focal${side}.tif`);
    await writeInput(resPath, res);
    await writeInput(focalPath, focal);
    const r = reference(resPath, focalPath);
    const c = spawnSelf("pairwise", resPath, focalPath);
    rmSync(resPath);
    rmSync(focalPath);
    cells.push(n);
    cw.push({ wall: c.seconds, cpu: c.cpu });
    ref.push({ wall: r.seconds, cpu: r.cpu });
    console.log(
      row(
        [
          `${side}x${side}`,
          n,
          c.seconds.toFixed(2),
          c.cpu?.toFixed(2) ?? "-",
          c.peakMb.toFixed(0),
          ((c.peakMb * 1048576) / n).toFixed(0),
          r.seconds.toFixed(2),
          r.cpu?.toFixed(2) ?? "-",
          r.peakMb.toFixed(0),
          (r.seconds / c.seconds).toFixed(1) + "x",
          (r.peakMb / c.peakMb).toFixed(1) + "x",
          maxRelDiff(c.distances, r.distances),
        ],
        W,
      ),
    );
    if (r.error) console.log(`  reference failed: ${r.error}`);
  }
  console.log(`  (cw = crossway; MB = MiB of peak RSS, B/cell = peak RSS / cells, runtime included; speed-up = ref s / cw s;`);
  console.log(
    `   mem ratio = ref MB / cw MB; ref cpu = its process minus ${pythonStartupCpu().toFixed(2)} s of Python start-up and imports)`,
  );
  if (cells.length < 2) return;
  const fit = (from: number) => {
    const keep = cells.map((n) => n >= from);
    const pick = <T>(xs: T[]) => xs.filter((_, i) => keep[i]);
    const c = pick(cells);
    const w = pick(cw);
    const r = pick(ref);
    console.log(
      `  time grows as cells^p (1.00 = linear), least-squares fit of log time on log cells, ${c.length} sizes from ${Math.sqrt(c[0])}^2:`,
    );
    console.log(
      `    crossway      p = ${exponent(
        c,
        w.map((m) => m.wall),
      )} (wall), ${exponent(
        c,
        w.map((m) => m.cpu),
      )} (cpu)`,
    );
    console.log(
      `    scikit-image  p = ${exponent(
        c,
        r.map((m) => m.wall),
      )} (wall), ${exponent(
        c,
        r.map((m) => m.cpu),
      )} (cpu)`,
    );
  };
  fit(0);
  // Below ~1 M cells both tools' times are mostly fixed costs (JIT warm-up, reading, allocation), which
  // flattens the fit: the exponent over the large grids alone is the one that says how the search scales.
  const large = cells.filter((n) => n >= 1e6).length;
  if (large >= 2 && large < cells.length) fit(1e6);
}

async function main(): Promise<void> {
  const si = process.argv.indexOf("--sizes");
  const sizes = si > 0 ? (process.argv[si + 1] ?? "").split(",").map(Number) : [];
  if (si > 0 && (sizes.length === 0 || sizes.some((s) => !Number.isInteger(s) || s < 50))) {
    throw new Error(
      `--sizes: expected a comma-separated list of grid sides of at least 50 cells, e.g. 250,500,1000; got "${process.argv[si + 1] ?? ""}"`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "crossway-bench-leastcost-"));
  try {
    if (sizes.length > 0) await scaling(dir, sizes);
    if (sizes.length === 0 || process.argv.includes("--standard")) await standard(dir, process.argv.includes("--quick"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") {
  const r = await child(process.argv[3], process.argv[4], process.argv[5]);
  process.stdout.write(JSON.stringify(r) + "\n");
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
