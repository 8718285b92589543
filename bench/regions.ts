/**
 * Pairwise among focal regions given by a Circuitscape point file (repeated ids: a "polygon" point
 * file, Circuitscape shorts only the pair's own two regions), side by side with
 * ../shared/bench/reference.py circuit (pyamg SA + CG, which shorts every region at once: the job
 * Circuitscape users compare against, on the same files). 5 square regions (default 3 x 3 cells),
 * 10 pairs, 8 neighbours, tolerance 1e-6, resistances only. crossway runs `crossway circuitscape`'s
 * code (runCircuitscapeIni, compiled) in a process of its own (bench/regions-child.mjs):
 *   tied      the default (pair-regions.ts: one hierarchy, one tied CG per pair)
 *   per-pair  a graph and a solver per pair (regionPairs: "per-pair", the previous path): the
 *             resistances must agree with it (max rel diff column)
 *
 *   node --import tsx bench/regions.ts [--sizes 1000] [--side 3] [--landscape smooth,rough,mosaic,roads] [--no-reference] [--no-per-pair] [--tol 1e-6]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeGeoTiff } from "../src/io/geotiff.ts";
import { focalGrid, row } from "./landscape.ts";
import { LANDSCAPES, type LandscapeKind } from "./hard-landscapes.ts";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const REFERENCE = process.env.CROSSWAY_REFERENCE ?? join(HERE, "../../shared/bench/reference.py");
const CHILD = join(HERE, "regions-child.mjs");
const COUNTER = join(HERE, "reference-iterations.py");

interface Measure {
  total_s: number;
  peak_rss_mb: number;
  cpu_s?: number;
  resistances: [number, number, number][];
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

function crossway(ini: string, tol: string, mode: "auto" | "per-pair"): Measure {
  const env = { ...process.env, MALLOC_MMAP_THRESHOLD_: "131072" };
  const out = execFileSync(process.execPath, [CHILD, ini, tol, mode], { encoding: "utf8", env, maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split("\n").pop()!);
}

function reference(resPath: string, focalPath: string, tol: string): Measure {
  const out = JSON.parse(
    execFileSync("python3", [COUNTER, REFERENCE, "circuit", resPath, focalPath, "--solver", "amg", "--tol", tol], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    }),
  );
  return { total_s: out.total_s, peak_rss_mb: out.peak_rss_mb, cpu_s: out.cpu_s, resistances: out.resistances };
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

function ini(dir: string, res: string, focal: string): string {
  const path = join(dir, "pairwise.ini");
  const lines = [
    "[Circuitscape mode]",
    "data_type = raster",
    "scenario = pairwise",
    "[Habitat raster or graph]",
    `habitat_file = ${res}`,
    "habitat_map_is_resistances = True",
    "[Connection scheme for raster habitat data]",
    "connect_four_neighbors_only = False",
    "connect_using_avg_resistances = False",
    "[Options for pairwise and one-to-all and all-to-one modes]",
    `point_file = ${focal}`,
    "use_included_pairs = False",
    "[Short circuit regions (aka polygons)]",
    "use_polygons = False",
    "[Output options]",
    `output_file = ${join(dir, "out", "bench.out")}`,
    "write_cur_maps = False",
    "write_volt_maps = False",
  ];
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

async function main(): Promise<void> {
  const sizes = arg("--sizes", "1000").split(",").map(Number);
  const side = Number(arg("--side", "3"));
  const tol = arg("--tol", "1e-6");
  const kinds = arg("--landscape", "smooth").split(",") as LandscapeKind[];
  const withRef = !process.argv.includes("--no-reference");
  const withPerPair = !process.argv.includes("--no-per-pair");
  execFileSync("npm", ["run", "build", "--silent"], { cwd: join(HERE, ".."), stdio: "inherit" });
  const dir = mkdtempSync(join(tmpdir(), "crossway-bench-regions-"));
  const W = [8, 9, 8, 7, 7, 7, 10, 8, 8, 7, 9, 9, 11, 8];
  console.log(
    `\npairwise, point-file regions (${side} x ${side}, 5 ids, 10 pairs), 8 neighbours, tol ${tol}, resistances only (MB = MiB of peak RSS)`,
  );
  console.log(
    row(
      [
        "kind",
        "cells",
        "tied s",
        "cpu s",
        "MB",
        "B/cell",
        "per-pair s",
        "ref s",
        "ref cpu",
        "ref MB",
        "speed-up",
        "cpu ratio",
        "vs per-pair",
        "vs ref",
      ],
      W,
    ),
  );
  try {
    for (const kind of kinds) {
      for (const n of sizes) {
        const res = LANDSCAPES[kind](n, n);
        const focal = focalGrid(res, 5, side);
        const resPath = join(dir, "res.tif");
        const focalPath = join(dir, "focal.tif");
        await writeGeoTiff(resPath, res, { predictor: false });
        await writeGeoTiff(focalPath, focal, { predictor: false });
        const path = ini(dir, resPath, focalPath);
        const tied = crossway(path, tol, "auto");
        const per = withPerPair ? crossway(path, tol, "per-pair") : undefined;
        const ref = withRef ? reference(resPath, focalPath, tol) : undefined;
        console.log(
          row(
            [
              kind,
              n * n,
              tied.total_s.toFixed(2),
              (tied.cpu_s ?? NaN).toFixed(1),
              tied.peak_rss_mb.toFixed(0),
              ((tied.peak_rss_mb * 1048576) / (n * n)).toFixed(0),
              per ? per.total_s.toFixed(2) : "-",
              ref ? ref.total_s.toFixed(2) : "-",
              ref ? (ref.cpu_s ?? NaN).toFixed(1) : "-",
              ref ? ref.peak_rss_mb.toFixed(0) : "-",
              ref ? (ref.total_s / tied.total_s).toFixed(1) + "x" : "-",
              ref ? ((ref.cpu_s ?? NaN) / (tied.cpu_s ?? NaN)).toFixed(1) + "x" : "-",
              per ? maxRelDiff(tied, per).toExponential(1) : "-",
              // the reference shorts every region at once, Circuitscape only the pair's two: not the same numbers
              ref ? maxRelDiff(tied, ref).toExponential(1) : "-",
            ],
            W,
          ),
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
