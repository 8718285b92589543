/**
 * `crossway run` and `crossway sweep` as library calls: load the study, make the jobs, execute them
 * (stored by content key, resumable), then write the tables, the grids and (when the render module
 * is available and maps are wanted) the maps and report.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Grid } from "../grid/grid.ts";
import { writeGeoTiff } from "../io/geotiff.ts";
import type { Evaluation } from "./evaluate.ts";
import { readGrid } from "./inputs.ts";
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
  /** Structures that open no cell: one line per message, naming the scenarios (also when interrupted). */
  warnings: string[];
}

/** Scenario names listed in full up to this many; a sweep can repeat one warning in hundreds. */
const LISTED = 6;

/**
 * The structure warnings stored with each scenario's result, as lines for stderr. Each (structure,
 * scenario) is reported once; the scenarios that share a message share its line, because an
 * existing structure that opens nothing would otherwise repeat in every scenario of a sweep.
 * results.json keeps every scenario's own list.
 */
export function structureWarnings(study: Study, jobs: Job[], get: (key: string) => StoredResult | undefined): string[] {
  const byMessage = new Map<string, string[]>();
  for (const j of jobs) {
    for (const w of get(j.key)?.evaluation.warnings ?? []) {
      const names = byMessage.get(w);
      if (names) names.push(j.name);
      else byMessage.set(w, [j.name]);
    }
  }
  return [...byMessage].map(([w, names]) => {
    const shown = names.slice(0, LISTED).map((n) => `'${n}'`).join(", ");
    const more = names.length > LISTED ? ` and ${names.length - LISTED} more (see results.json)` : "";
    return `${study.file}: ${w} (scenario${names.length > 1 ? "s" : ""} ${shown}${more})`;
  });
}

async function finish(study: Study, jobs: Job[], outDir: string, summary: ExecuteSummary, opts: RunOptions, kind: "run" | "sweep", gridFiles: string[] = []): Promise<RunOutcome> {
  const notes: string[] = [];
  if (summary.interrupted) {
    const store = new ResultStore(outDir);
    const warnings = structureWarnings(study, jobs, (key) => store.get<StoredResult>(key));
    return { study, jobs, summary, report: null, written: [], notes, warnings };
  }
  const failed = new Map(summary.failed.map((f) => [f.key, f.error]));
  const report = buildReport(study, jobs, outDir, failed);
  const warnings = structureWarnings(study, jobs, (key) => report.results.get(key));
  await writeTables(study, jobs, report, outDir, { profileScenarios: kind === "run" ? "all" : "ranked-top", command: opts.command ?? kind });
  const written = [...["results.csv", "results.json", "road_profile.csv", "road_profile.geojson"].map((f) => join(outDir, f)), ...gridFiles];
  if (opts.maps !== false) {
    const r = await renderIfAvailable(study, jobs, report, outDir);
    if (r) notes.push(r);
  }
  return { study, jobs, summary, report, written, notes, warnings };
}

/** Writes each scenario's GeoTIFFs as it is evaluated: resistance, cumulative current, and the
 *  current minus the baseline's (the baseline runs first; when it was done in an earlier run its
 *  current map is read back). Grid files are written before the result is stored, so a stored
 *  result implies its grids exist. */
function gridWriter(study: Study, outDir: string, written: string[]): (job: Job, ev: Evaluation) => Promise<void> {
  let baseCurrent: Float64Array | undefined;
  const grid = (data: Float64Array): Grid => ({ ...study.landscape.template, data: Float32Array.from(data, (v) => (Number.isFinite(v) ? v : NaN)) });
  return async (j, ev) => {
    const res = join(outDir, "grids", `${j.name}_resistance.tif`);
    const cur = join(outDir, "grids", `${j.name}_current.tif`);
    await writeGeoTiff(res, grid(ev.resistance!));
    await writeGeoTiff(cur, grid(ev.cumulativeCurrent!));
    written.push(res, cur);
    if (j.name === "baseline") {
      baseCurrent = ev.cumulativeCurrent;
      return;
    }
    if (!baseCurrent) {
      const p = join(outDir, "grids", "baseline_current.tif");
      if (!existsSync(p)) return;
      baseCurrent = Float64Array.from((await readGrid(p)).data);
    }
    const diff = new Float64Array(baseCurrent.length);
    for (let i = 0; i < diff.length; i++) diff[i] = ev.cumulativeCurrent![i] - baseCurrent[i];
    const p = join(outDir, "grids", `${j.name}_current_diff.tif`);
    await writeGeoTiff(p, grid(diff));
    written.push(p);
  };
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
  // The baseline runs first and alone, so every other scenario can be diffed against its current map.
  const gridFiles: string[] = [];
  const summary = await executeJobs(study, jobs, outDir, {
    workers: opts.workers ?? 2,
    firstAlone: true,
    quiet: opts.quiet,
    stopAfter: opts.stopAfter,
    label: "scenarios",
    keepGrids: true,
    onResult: gridWriter(study, outDir, gridFiles),
  });
  return finish(study, jobs, outDir, summary, opts, "run", gridFiles);
}

export async function runSweep(file: string, outDir: string, opts: RunOptions = {}): Promise<RunOutcome> {
  const path = resolve(file);
  const { sweep, scenarioFile, scenarioPath, items } = loadSweep(path);
  const study = await loadStudy(scenarioPath, scenarioFile);
  // Check every candidate's place on the road first, so an error names the sweep file and candidate.
  sweep.candidates.forEach((c, i) => study.locate(c, `candidates[${i}]`, path));
  const jobs: Job[] = [];
  for (const [i, it] of items.entries()) {
    jobs.push(await makeJob(study, it.name, it.baseline, it.add.length ? { name: it.name, add: it.add, remove: [], change: [], fences: [] } : null, [it.parameters], `candidates (sweep item ${i})`));
  }
  const summary = await executeJobs(study, jobs, outDir, { workers: opts.workers ?? 1, quiet: opts.quiet, stopAfter: opts.stopAfter, label: "sweep" });
  return finish(study, jobs, outDir, summary, opts, "sweep");
}

export { ResultStore, type StoredResult };
