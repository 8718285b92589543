/**
 * `crossway run` and `crossway sweep` as library calls: load the study, make the jobs, execute them
 * (stored by content key, resumable), then write the tables, the grids and (when the render module
 * is available and maps are wanted) the maps and report.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Grid } from "../grid/grid.ts";
import { writeGeoTiff } from "../io/geotiff.ts";
import { evaluateScenario } from "./evaluate.ts";
import { executeJobs, type ExecuteSummary, type StoredResult } from "./execute.ts";
import { loadScenarioFile } from "./load.ts";
import { buildReport, type Report, writeTables } from "./report.ts";
import { ResultStore } from "./store.ts";
import { type Job, loadStudy, makeJob, scenarioJobs, type Study } from "./study.ts";
import { loadSweep } from "./sweep.ts";

export interface RunOptions {
  maps?: boolean;
  workers?: number;
  quiet?: boolean;
  stopAfter?: number;
  /** Write per-scenario GeoTIFF grids (run: yes; sweep: no). */
  grids?: boolean;
  command?: string;
}

export interface RunOutcome {
  study: Study;
  jobs: Job[];
  summary: ExecuteSummary;
  /** Null when interrupted (no tables are written from a partial run). */
  report: Report | null;
  written: string[];
  notes: string[];
}

async function finish(study: Study, jobs: Job[], outDir: string, summary: ExecuteSummary, opts: RunOptions, kind: "run" | "sweep"): Promise<RunOutcome> {
  const notes: string[] = [];
  if (summary.interrupted) return { study, jobs, summary, report: null, written: [], notes };
  const failed = new Map(summary.failed.map((f) => [f.key, f.error]));
  const report = buildReport(study, jobs, outDir, failed);
  await writeTables(study, jobs, report, outDir, { profileScenarios: kind === "run" ? "all" : "ranked-top", command: opts.command ?? kind });
  const written = ["results.csv", "results.json", "road_profile.csv", "road_profile.geojson"].map((f) => join(outDir, f));
  if (opts.grids) written.push(...(await writeGrids(study, jobs, report, outDir)));
  if (opts.maps !== false) {
    const r = await renderIfAvailable(study, jobs, report, outDir);
    if (r) notes.push(r);
  }
  return { study, jobs, summary, report, written, notes };
}

/** GeoTIFFs per scenario: resistance, cumulative current, and current minus the baseline's. Re-solves
 *  each scenario in the main thread (the store keeps tables, not grids) - a run is a handful of them. */
async function writeGrids(study: Study, jobs: Job[], report: Report, outDir: string): Promise<string[]> {
  const written: string[] = [];
  const ok = new Set(report.rows.filter((r) => r.status === "ok").map((r) => r.scenario));
  let baseCurrent: Float64Array | undefined;
  const ordered = [...jobs].sort((a, b) => (a.name === "baseline" ? -1 : b.name === "baseline" ? 1 : 0));
  for (const j of ordered) {
    if (!ok.has(j.name)) continue;
    const land = study.lands.get(j.landKey)!;
    const ls = { ...study.landscape, land, template: { ...study.landscape.template, data: land } };
    const ev = evaluateScenario(ls, j.scenario, { ...study.config.analysis, least_cost: false }, { keepGrids: true });
    const grid = (data: Float64Array): Grid => ({ ...study.landscape.template, data: Float32Array.from(data, (v) => (Number.isFinite(v) ? v : NaN)) });
    const res = join(outDir, "grids", `${j.name}_resistance.tif`);
    const cur = join(outDir, "grids", `${j.name}_current.tif`);
    await writeGeoTiff(res, grid(ev.resistance!));
    await writeGeoTiff(cur, grid(ev.cumulativeCurrent!));
    written.push(res, cur);
    if (j.name === "baseline") baseCurrent = ev.cumulativeCurrent;
    else if (baseCurrent) {
      const diff = new Float64Array(baseCurrent.length);
      for (let i = 0; i < diff.length; i++) diff[i] = ev.cumulativeCurrent![i] - baseCurrent[i];
      const p = join(outDir, "grids", `${j.name}_current_diff.tif`);
      await writeGeoTiff(p, grid(diff));
      written.push(p);
    }
  }
  return written;
}

/** Maps and report through src/render when it exports a scenario report; otherwise say so. */
async function renderIfAvailable(study: Study, jobs: Job[], report: Report, outDir: string): Promise<string | null> {
  const path = new URL("../render/scenario-report.ts", import.meta.url);
  if (!existsSync(path)) return "maps skipped: the render module (src/render/scenario-report.ts) is not available yet";
  const mod = (await import(path.href)) as { renderScenarioReport?: (args: unknown) => Promise<unknown> };
  if (typeof mod.renderScenarioReport !== "function") return "maps skipped: src/render/scenario-report.ts has no renderScenarioReport";
  await mod.renderScenarioReport({ study, jobs, report, outDir });
  return null;
}

export async function runScenarios(file: string, outDir: string, opts: RunOptions = {}): Promise<RunOutcome> {
  const path = resolve(file);
  const study = await loadStudy(path, loadScenarioFile(path));
  const jobs = await scenarioJobs(study);
  const summary = await executeJobs(study, jobs, outDir, { workers: opts.workers ?? 0, quiet: opts.quiet, stopAfter: opts.stopAfter, label: "scenarios" });
  return finish(study, jobs, outDir, summary, { grids: true, ...opts }, "run");
}

export async function runSweep(file: string, outDir: string, opts: RunOptions = {}): Promise<RunOutcome> {
  const path = resolve(file);
  const { scenarioFile, scenarioPath, items } = loadSweep(path);
  const study = await loadStudy(scenarioPath, scenarioFile);
  const jobs: Job[] = [];
  for (const [i, it] of items.entries()) {
    jobs.push(await makeJob(study, it.name, it.baseline, it.add.length ? { name: it.name, add: it.add, remove: [], change: [], fences: [] } : null, [it.parameters], `candidates (sweep item ${i})`));
  }
  const summary = await executeJobs(study, jobs, outDir, { workers: opts.workers ?? 1, quiet: opts.quiet, stopAfter: opts.stopAfter, label: "sweep" });
  return finish(study, jobs, outDir, summary, { grids: false, ...opts }, "sweep");
}

export { ResultStore, type StoredResult };
