/**
 * Circuit speed and memory, side by side with ../shared/bench/reference.py circuit (pyamg smoothed
 * aggregation + CG, Circuitscape 4's method) on the same GeoTIFFs in the same run: pairwise effective
 * resistances among 5 focal regions (10 pairs), 8 neighbours, tolerance 1e-6, plus (crossway only,
 * as Circuitscape does) the cumulative current map. Each tool runs in its own process, so each peak
 * RSS belongs to that tool alone.
 *
 *   node --import tsx bench/circuit.ts [--sizes 250,500,1000] [--no-reference] [--threads N]
 * (--threads: crossway's threads for the k-1 solves; default: the library's, 2 from 250 000 nodes)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readGrid } from "../src/io/index.ts";
import { writeGeoTiff } from "../src/io/geotiff.ts";
import { runPairwise } from "../src/circuit/pairwise.ts";
import { focalGrid, growthExponent, landscape, row } from "./landscape.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const REFERENCE = process.env.CROSSWAY_REFERENCE ?? join(HERE, "../../shared/bench/reference.py");

interface Measure {
  total_s: number;
  read_s?: number;
  solve_s?: number;
  peak_rss_mb: number;
  cpu_s?: number;
  resistances: [number, number, number][];
  error?: string;
}

/** The crossway side, run in a child process. */
async function child(resPath: string, focalPath: string): Promise<Measure> {
  const t0 = performance.now();
  const res = await readGrid(resPath);
  const focal = await readGrid(focalPath);
  const t1 = performance.now();
  const threads = process.env.CROSSWAY_THREADS ? Number(process.env.CROSSWAY_THREADS) : undefined;
  const out = runPairwise(res, focal, { neighbors: 8, tol: 1e-6, threads, solver: (process.env.CROSSWAY_SOLVER as "auto" | "amg" | "direct") ?? "auto" });
  const t2 = performance.now();
  const k = out.ids.length;
  const resistances: [number, number, number][] = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) resistances.push([out.ids[i], out.ids[j], out.resistances[i * k + j]]);
  return {
    total_s: (t2 - t0) / 1000,
    read_s: (t1 - t0) / 1000,
    solve_s: (t2 - t1) / 1000,
    peak_rss_mb: (process.resourceUsage().maxRSS * 1024) / 1048576,
    cpu_s: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    resistances,
  };
}

function crossway(resPath: string, focalPath: string, threads?: string): Measure {
  const out = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", resPath, focalPath], {
    encoding: "utf8",
    env: threads ? { ...process.env, CROSSWAY_THREADS: threads } : process.env,
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.trim().split("\n").pop()!);
}

function reference(resPath: string, focalPath: string): Measure {
  try {
    const out = JSON.parse(execFileSync("python3", [REFERENCE, "circuit", resPath, focalPath, "--solver", "amg", "--tol", "1e-6"], { encoding: "utf8", maxBuffer: 1 << 26 }));
    return { total_s: out.total_s, solve_s: out.setup_s + out.solve_s, peak_rss_mb: out.peak_rss_mb, resistances: out.resistances };
  } catch (err) {
    return { total_s: NaN, peak_rss_mb: NaN, resistances: [], error: String(err).split("\n").slice(0, 3).join(" | ") };
  }
}

function maxRelDiff(a: Measure, b: Measure): number {
  let m = 0;
  for (let i = 0; i < Math.min(a.resistances.length, b.resistances.length); i++) {
    const x = a.resistances[i][2];
    const y = b.resistances[i][2];
    m = Math.max(m, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)));
  }
  return m;
}

async function main(): Promise<void> {
  const arg = process.argv.indexOf("--sizes");
  const sizes = arg > 0 ? process.argv[arg + 1].split(",").map(Number) : [250, 500, 1000];
  const withRef = !process.argv.includes("--no-reference");
  const ti = process.argv.indexOf("--threads");
  const threads = ti > 0 ? process.argv[ti + 1] : undefined;
  const dir = mkdtempSync(join(tmpdir(), "crossway-bench-circuit-"));
  const W = [12, 10, 10, 10, 8, 9, 10, 8, 9, 9, 11];
  console.log("\ncircuit pairwise: 5 focal regions, 10 pairs, 8 neighbours, tol 1e-6, cumulative current map (crossway)");
  console.log(row(["size", "cells", "crossway s", "solve s", "cpu s", "ref s", "speed-up", "cw MB", "ref MB", "cw B/cell", "max rel diff"], W));
  const cells: number[] = [];
  const secs: number[] = [];
  try {
    for (const side of sizes) {
      const res = landscape(side, side);
      const focal = focalGrid(res, 5, Math.max(3, Math.round(side / 100)));
      const resPath = join(dir, `res${side}.tif`);
      const focalPath = join(dir, `focal${side}.tif`);
      // No predictor: reference.py reads with tifffile, which needs imagecodecs for it.
      await writeGeoTiff(resPath, res, { predictor: false });
      await writeGeoTiff(focalPath, focal, { predictor: false });
      const cw = crossway(resPath, focalPath, threads);
      const ref = withRef ? reference(resPath, focalPath) : undefined;
      cells.push(side * side);
      secs.push(cw.total_s);
      console.log(
        row(
          [
            `${side}x${side}`,
            side * side,
            cw.total_s.toFixed(2),
            (cw.solve_s ?? NaN).toFixed(2),
            (cw.cpu_s ?? NaN).toFixed(1),
            ref ? ref.total_s.toFixed(2) : "-",
            ref ? (ref.total_s / cw.total_s).toFixed(1) + "x" : "-",
            cw.peak_rss_mb.toFixed(0),
            ref ? ref.peak_rss_mb.toFixed(0) : "-",
            ((cw.peak_rss_mb * 1048576) / (side * side)).toFixed(0),
            ref && !ref.error ? maxRelDiff(cw, ref).toExponential(1) : "-",
          ],
          W,
        ),
      );
      if (ref?.error) console.log(`  reference failed: ${ref.error}`);
      rmSync(resPath);
      rmSync(focalPath);
    }
    if (cells.length >= 3) console.log(`  time grows as cells^${growthExponent(cells, secs).toFixed(2)} (1.00 = linear)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") {
  process.stdout.write(JSON.stringify(await child(process.argv[3], process.argv[4])) + "\n");
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
