/**
 * Per-scenario GeoTIFFs under DIR/grids: <name>_resistance.tif, <name>_current.tif and, for a
 * scenario compared with a baseline, <name>_current_diff.tif (its current minus its own baseline's,
 * nodata on the core cells); with a mortality block also <name>_mortality.tif (q per cell, Float64, NaN
 * off the graph: with the resistance and cores grids it defines the absorbing walk, scenarios/METRICS.md)
 * and <name>_road_deaths.tif (expected road deaths per cell per walker, Float64, NaN off the road: the
 * road-kill risk map; its sum over the road is the scenario's road deaths summed over the pairs).
 * `crossway run` writes them for every scenario as it is evaluated; a sweep for the rows its report
 * maps (sweep-maps.ts).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Grid } from "../grid/grid.ts";
import { writeGeoTiff } from "../io/geotiff.ts";
import type { Evaluation } from "./evaluate.ts";
import { readGrid } from "./inputs.ts";
import type { Job, Study } from "./study.ts";

/**
 * A writer for executeJobs' onResult. A baseline's current is kept in memory for the scenarios
 * compared with it, so baselines must come first (a run runs its baseline alone first); when a
 * baseline was evaluated in an earlier run its current map is read back from DIR/grids. Grid files
 * are written before the result is stored, so a stored result implies its grids exist.
 */
export function gridWriter(study: Study, outDir: string, written: string[]): (job: Job, ev: Evaluation) => Promise<void> {
  // Keyed by baseline name: a sweep with a parameter grid has one baseline per parameter set.
  const baseCurrent = new Map<string, Float64Array>();
  const grid = (data: Float64Array): Grid => ({
    ...study.landscape.template,
    data: Float32Array.from(data, (v) => (Number.isFinite(v) ? v : NaN)),
  });
  return async (j, ev) => {
    const res = join(outDir, "grids", `${j.name}_resistance.tif`);
    const cur = join(outDir, "grids", `${j.name}_current.tif`);
    await writeGeoTiff(res, grid(ev.resistance!));
    await writeGeoTiff(cur, grid(ev.cumulativeCurrent!));
    written.push(res, cur);
    if (ev.mortalityGrid) {
      const mort = join(outDir, "grids", `${j.name}_mortality.tif`);
      await writeGeoTiff(mort, { ...study.landscape.template, data: ev.mortalityGrid });
      written.push(mort);
    }
    if (ev.roadDeathsGrid) {
      const deaths = join(outDir, "grids", `${j.name}_road_deaths.tif`);
      await writeGeoTiff(deaths, { ...study.landscape.template, data: ev.roadDeathsGrid });
      written.push(deaths);
    }
    if (j.baseline === j.name) {
      baseCurrent.set(j.name, ev.cumulativeCurrent!);
      return;
    }
    let base = baseCurrent.get(j.baseline);
    if (!base) {
      const p = join(outDir, "grids", `${j.baseline}_current.tif`);
      if (!existsSync(p)) return;
      base = Float64Array.from((await readGrid(p)).data);
      baseCurrent.set(j.baseline, base);
    }
    // Core cells are nodata in the difference: they are short-circuited focal nodes, all of a pair's
    // current enters and leaves there, so their change dwarfs the landscape's and would take the
    // whole colour stretch in QGIS or `crossway map` (the report masks them the same way).
    const focal = study.landscape.focal.data;
    const diff = new Float64Array(base.length);
    for (let i = 0; i < diff.length; i++) diff[i] = focal[i] > 0 ? NaN : ev.cumulativeCurrent![i] - base[i];
    const p = join(outDir, "grids", `${j.name}_current_diff.tif`);
    await writeGeoTiff(p, grid(diff));
    written.push(p);
  };
}
