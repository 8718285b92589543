import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { Grid } from "../grid/grid.ts";
import { DEFAULT_NODATA } from "../grid/grid.ts";
import { gridFormat, readGrid, writeGrid } from "../io/index.ts";
import { writeGeoJson } from "../io/geojson.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { CrosswayError } from "../util/errors.ts";
import { type LeastCostAnalysis, leastCostAnalysis } from "./analysis.ts";
import type { Neighbors } from "./neighbors.ts";
import { formatCostDistances, formatLinkagesCsv, pathsFeatureCollection } from "./outputs.ts";

export interface LeastCostJob {
  resistance: string;
  focal: string;
  /** Output prefix: files are PREFIX_costdistances.out, PREFIX_paths.geojson, PREFIX_corridors.tif|.asc, PREFIX_linkages.csv. */
  out: string;
  neighbors?: Neighbors;
  corridorCutoff?: number;
}

export interface LeastCostRun {
  analysis: LeastCostAnalysis;
  written: string[];
}

/**
 * The `crossway leastcost` job: read the grids, run the analysis, then write every output. Nothing is
 * written until the analysis has succeeded, and each file is written atomically, so bad input leaves no
 * partial output. Resistances are read as Float64 so decimal values in .asc files keep their exact value.
 */
export async function runLeastCost(job: LeastCostJob): Promise<LeastCostRun> {
  const res = await readGrid(job.resistance, { float64: true });
  const focal = await readGrid(job.focal);
  requireTwoRegions(focal, job.focal);
  const analysis = leastCostAnalysis(res, focal, {
    neighbors: job.neighbors,
    corridorCutoff: job.corridorCutoff,
    names: { resistance: job.resistance, focal: job.focal },
  });
  const ascii = gridFormat(job.resistance) === "ascii";
  const files = {
    table: `${job.out}_costdistances.out`,
    paths: `${job.out}_paths.geojson`,
    corridors: `${job.out}_corridors.${ascii ? "asc" : "tif"}`,
    linkages: `${job.out}_linkages.csv`,
  };
  await mkdir(dirname(files.table), { recursive: true });
  await writeFileAtomic(files.table, formatCostDistances(analysis.regions.ids, analysis.distance));
  await writeFileAtomic(files.linkages, formatLinkagesCsv(analysis.linkages));
  // GeoJSON can only name a CRS by EPSG code; a CRS known only by a proj4 string is left unnamed.
  const crs = res.crs?.epsg !== undefined ? res.crs : null;
  await writeGeoJson(files.paths, pathsFeatureCollection(res, analysis.linkages), crs);
  await writeGrid(files.corridors, corridorGrid(res, analysis.corridors));
  return { analysis, written: Object.values(files) };
}

/**
 * Every output is about pairs of regions (distances, paths, corridors): with one region they would all
 * be empty, and a run that "succeeds" with empty files hides a wrong focal grid. So one region is an
 * error, found before any cost distance is computed. (No region at all is focalRegions' error.)
 */
function requireTwoRegions(focal: Grid, file: string): void {
  const d = focal.data;
  let first = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (!(v > 0)) continue; // 0, nodata (NaN) and bad ids are left to focalRegions' checks
    if (first === 0) first = v;
    else if (v !== first) return;
  }
  if (first !== 0) {
    throw new CrosswayError(
      `has only one focal region (id ${first}); least-cost distances, paths and corridors join pairs of regions, so at least two are needed (nothing was written)`,
      { file, field: "--focal" },
    );
  }
}

function corridorGrid(like: Grid, corridors: Float64Array): Grid {
  return {
    width: like.width,
    height: like.height,
    data: Float32Array.from(corridors),
    transform: [...like.transform],
    crs: like.crs,
    nodata: DEFAULT_NODATA,
  };
}

/** Parse the --neighbors option value. */
export function parseNeighbors(v: string): Neighbors {
  const n = Number(v);
  if (n === 4 || n === 8 || n === 16) return n;
  throw new CrosswayError(`expected 4, 8 or 16, got "${v}"`, { field: "--neighbors" });
}

/** Parse the --corridor-cutoff option value (cost units, >= 0). */
export function parseCutoff(v: string): number {
  const c = Number(v);
  if (v.trim() !== "" && Number.isFinite(c) && c >= 0) return c;
  throw new CrosswayError(`expected a number >= 0 (cost units: resistance x map units), got "${v}"`, { field: "--corridor-cutoff" });
}
