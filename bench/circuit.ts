/**
 * Circuit speed and memory, side by side with ../shared/bench/reference.py circuit (pyamg smoothed
 * aggregation + CG, Circuitscape 4's method) on the same GeoTIFFs in the same run: pairwise effective
 * resistances among 5 focal regions (10 pairs), 8 neighbours, tolerance 1e-6. crossway runs twice:
 * resistances only (the reference's job, and a Circuitscape .ini that asks for no map), then with the
 * cumulative current map as well (what Circuitscape's write_cur_maps adds). Each run is its own
 * process (bench/circuit-child.mjs: the compiled library, with the allocator setting of bin/crossway.js),
 * so each peak RSS belongs to that tool alone.
 *
 *   node --import tsx bench/circuit.ts [--sizes 250,500,1000] [--no-reference] [--threads N] [--no-currents]
 *                                      [--landscape smooth,rough,mosaic,roads]
 * (--threads: crossway's threads for the k-1 solves; default: the library's, 2 from 250 000 nodes;
 * --landscape: bench/hard-landscapes.ts, default smooth. The reference runs through
 * bench/reference-iterations.py, which counts pyamg's CG iterations: "iter" is crossway's / pyamg's
 * mean CG iterations per solve - crossway's 4 column solves at tol x 1e-2, pyamg's 10 pair solves at tol.)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeGeoTiff } from "../src/io/geotiff.ts";
import { focalGrid, growthExponent, row } from "./landscape.ts";
import { LANDSCAPES, type LandscapeKind } from "./hard-landscapes.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const REFERENCE = process.env.CROSSWAY_REFERENCE ?? join(HERE, "../../shared/bench/reference.py");
const COUNTER = join(HERE, "reference-iterations.py");

interface Measure {
  total_s: number;
  read_s?: number;
  solve_s?: number;
  peak_rss_mb: number;
  cpu_s?: number;
  iterations?: number[];
  resistances: [number, number, number][];
  error?: string;
}

const CHILD = join(HERE, "circuit-child.mjs");

/** The crossway side: the compiled library (npm run build) in a process of its own. */
function crossway(resPath: string, focalPath: string, currents: boolean, threads?: string): Measure {
  const env: NodeJS.ProcessEnv = { ...process.env, CROSSWAY_CURRENTS: currents ? "1" : "0", MALLOC_MMAP_THRESHOLD_: "131072" };
  if (threads) env.CROSSWAY_THREADS = threads;
  const out = execFileSync(process.execPath, [CHILD, resPath, focalPath], { encoding: "utf8", env, maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split("\n").pop()!);
}

function reference(resPath: string, focalPath: string): Measure {
  try {
    const out = JSON.parse(
      execFileSync("python3", [COUNTER, REFERENCE, "circuit", resPath, focalPath, "--solver", "amg", "--tol", "1e-6"], {
        encoding: "utf8",
        maxBuffer: 1 << 26,
      }),
    );
    return {
      total_s: out.total_s,
      solve_s: out.setup_s + out.solve_s,
      peak_rss_mb: out.peak_rss_mb,
      resistances: out.resistances,
      iterations: out.iterations,
      cpu_s: out.cpu_s,
    };
  } catch (err) {
    return { total_s: NaN, peak_rss_mb: NaN, resistances: [], error: String(err).split("\n").slice(0, 3).join(" | ") };
  }
}

function mean(xs: number[] | undefined): string {
  return xs && xs.length > 0 ? (xs.reduce((s, v) => s + v, 0) / xs.length).toFixed(1) : "-";
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
  const withCurrents = !process.argv.includes("--no-currents");
  const ti = process.argv.indexOf("--threads");
  const threads = ti > 0 ? process.argv[ti + 1] : undefined;
  const li = process.argv.indexOf("--landscape");
  const kinds = (li > 0 ? process.argv[li + 1] : "smooth").split(",") as LandscapeKind[];
  execFileSync("npm", ["run", "build", "--silent"], { cwd: join(HERE, ".."), stdio: "inherit" });
  const dir = mkdtempSync(join(tmpdir(), "crossway-bench-circuit-"));
  const W = [13, 9, 9, 7, 8, 9, 9, 8, 8, 9, 8, 8, 9, 8, 9, 11];
  console.log(`\ncircuit pairwise: 5 focal regions, 10 pairs, 8 neighbours, tol 1e-6; crossway threads: ${threads ?? "default"}`);
  console.log("  (res: resistances only, as the reference; +map: with the cumulative current map; MB = MiB of peak RSS)");
  console.log(
    row(
      [
        "size",
        "cells",
        "res s",
        "cpu s",
        "res MB",
        "B/cell",
        "+map s",
        "+map MB",
        "B/cell",
        "ref s",
        "ref cpu",
        "ref MB",
        "speed-up",
        "mem ratio",
        "max rel diff",
        "iter",
      ],
      W,
    ),
  );
  const cells: number[] = [];
  const secs: number[] = [];
  try {
    for (const kind of kinds) {
      for (const side of sizes) {
        const res = LANDSCAPES[kind](side, side);
        const focal = focalGrid(res, 5, Math.max(3, Math.round(side / 100)));
        const resPath = join(dir, `res${side}.tif`);
        const focalPath = join(dir, `focal${side}.tif`);
        // No predictor: reference.py reads with tifffile, which needs imagecodecs for it.
        await writeGeoTiff(resPath, res, { predictor: false });
        await writeGeoTiff(focalPath, focal, { predictor: false });
        const cw = crossway(resPath, focalPath, false, threads);
        const cm = withCurrents ? crossway(resPath, focalPath, true, threads) : undefined;
        const ref = withRef ? reference(resPath, focalPath) : undefined;
        cells.push(side * side);
        secs.push(cw.total_s);
        const perCell = (m: Measure) => ((m.peak_rss_mb * 1048576) / (side * side)).toFixed(0);
        console.log(
          row(
            [
              kinds.length > 1 || kind !== "smooth" ? `${kind} ${side}` : `${side}x${side}`,
              side * side,
              cw.total_s.toFixed(2),
              (cw.cpu_s ?? NaN).toFixed(1),
              cw.peak_rss_mb.toFixed(0),
              perCell(cw),
              cm ? cm.total_s.toFixed(2) : "-",
              cm ? cm.peak_rss_mb.toFixed(0) : "-",
              cm ? perCell(cm) : "-",
              ref ? ref.total_s.toFixed(2) : "-",
              ref ? (ref.cpu_s ?? NaN).toFixed(1) : "-",
              ref ? ref.peak_rss_mb.toFixed(0) : "-",
              ref ? (ref.total_s / cw.total_s).toFixed(1) + "x" : "-",
              ref ? (ref.peak_rss_mb / cw.peak_rss_mb).toFixed(1) + "x" : "-",
              ref && !ref.error ? maxRelDiff(cw, ref).toExponential(1) : "-",
              `${mean(cw.iterations)}/${ref ? mean(ref.iterations) : "-"}`,
            ],
            W,
          ),
        );
        if (cm && maxRelDiff(cw, cm) > 0)
          console.log(`  note: the two crossway runs differ by ${maxRelDiff(cw, cm).toExponential(1)} (expected 0)`);
        if (ref?.error) console.log(`  reference failed: ${ref.error}`);
        rmSync(resPath);
        rmSync(focalPath);
      }
    }
    if (cells.length >= 3) console.log(`  time grows as cells^${growthExponent(cells, secs).toFixed(2)} (1.00 = linear)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
