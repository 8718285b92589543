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
