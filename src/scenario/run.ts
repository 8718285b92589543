/**
 * `crossway run` and `crossway sweep` as library calls: load the study, make the jobs, execute them
 * (stored by content key, resumable), then write the tables, the grids and (when the render module
 * is available and maps are wanted) the maps and report. A run writes every scenario's grids as it
 * goes; a sweep writes only those its report maps, once it has finished (sweep-maps.ts).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ScenarioReportModel } from "../render/scenario-model.ts";
import { openOutputFolder, type OutputFolder } from "../util/output-folder.ts";
import { executeJobs, type ExecuteSummary, type SolveMode, type StoredResult } from "./execute.ts";
import { type RankSummary, type Ranges, runUncertainty } from "../uncertainty/run.ts";
import { gridWriter } from "./grids.ts";
import { loadScenarioFile } from "./load.ts";
import { buildReport, type Report, type ReportRow, writeTables } from "./report.ts";
import { buildReportModel } from "./report-model.ts";
import { studyCautions } from "./cautions.ts";
import { ResultStore } from "./store.ts";
import { type Job, loadStudy, makeJob, scenarioJobs, type Study } from "./study.ts";
import { loadSweep } from "./sweep.ts";
import { writeSweepMapGrids } from "./sweep-maps.ts";
import { overlaps } from "./overlaps.ts";

export interface RunOptions {
  maps?: boolean;
  workers?: number;
  quiet?: boolean;
  stopAfter?: number;
  command?: string;
  /** Runs a sweep's jobs in place of executeJobs (the queue's coordinator: src/queue/coordinator.ts). */
  executor?: typeof executeJobs;
  /** `crossway run --uncertainty N --vary ...`: rank every scenario under N parameter draws (src/uncertainty). */
  uncertainty?: { draws: number; ranges: Ranges; seed?: number };
  /** How scenarios are solved (execute.ts SolveMode; a run writes every scenario's grids, so auto is full there). */
  solve?: SolveMode;
}

export interface RunOutcome {
  study: Study;
  jobs: Job[];
  summary: ExecuteSummary;
  /** Null when interrupted (no tables are written from a partial run). */
  report: Report | null;
  written: string[];
  notes: string[];
  /** Structures that open no cell or overlap: one line per message, naming the scenarios (also when interrupted). */
  warnings: string[];
  /** Every output was written (not interrupted, maps not skipped): files of an earlier run not written now were removed. */
  complete: boolean;
  /** Structures and cores near the grid's edge (edge.ts), one line each, naming the file. */
  cautions: string[];
  /** Wall time of the whole command: loading, scenarios, tables, a sweep's map re-evaluation and the maps. */
  seconds: number;
  /** With opts.uncertainty: per scenario, the probability of ranking first and its rank quantiles over the draws. */
  uncertainty?: RankSummary[];
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
    // Overlaps are known from the scenario alone; they name both structures, which "opens no cell" does not.
    for (const w of [...(get(j.key)?.evaluation.warnings ?? []), ...overlaps(j.scenario.structures).map((o) => o.message)]) {
      const names = byMessage.get(w);
      if (names) names.push(j.name);
      else byMessage.set(w, [j.name]);
    }
  }
  return [...byMessage].map(([w, names]) => {
    const shown = names
      .slice(0, LISTED)
      .map((n) => `'${n}'`)
      .join(", ");
    const more = names.length > LISTED ? ` and ${names.length - LISTED} more (see results.json)` : "";
    return `${study.file}: ${w} (scenario${names.length > 1 ? "s" : ""} ${shown}${more})`;
  });
}

async function finish(
  study: Study,
  jobs: Job[],
  outDir: string,
  summary: ExecuteSummary,
  opts: RunOptions,
  kind: "run" | "sweep",
  t0: number,
  gridFiles: string[] = [],
  uncertainty?: RankSummary[],
): Promise<RunOutcome> {
  const notes: string[] = [];
  const seconds = () => (performance.now() - t0) / 1000;
  let complete = true;
  if (summary.interrupted) {
    const store = new ResultStore(outDir);
    const warnings = structureWarnings(study, jobs, (key) => store.get<StoredResult>(key));
    return { study, jobs, summary, report: null, written: [], notes, warnings, cautions: [], seconds: seconds(), complete: false };
  }
  const failed = new Map(summary.failed.map((f) => [f.key, f.error]));
  const report = buildReport(study, jobs, outDir, failed);
  const cautions = studyCautions(study, jobs);
  const warnings = structureWarnings(study, jobs, (key) => report.results.get(key));
  await writeTables(study, jobs, report, outDir, {
    profileScenarios: kind === "run" ? "all" : "ranked-top",
    command: opts.command ?? kind,
    cautions,
  });
  const written = [
    ...["results.csv", "results.json", "road_profile.csv", "road_profile.geojson"].map((f) => join(outDir, f)),
    ...gridFiles,
  ];
  if (opts.maps !== false) {
    const render = await loadRenderer();
    const model = async () => {
      const m = await buildReportModel(study, jobs, report, outDir, cautions);
      if (uncertainty && opts.uncertainty)
        m.uncertainty = { summary: uncertainty, draws: opts.uncertainty.draws, ranges: opts.uncertainty.ranges };
      return m;
    };
    if (kind === "run") await render.renderScenarioReport(await model());
    else {
      // A sweep kept no grids: evaluate the rows the report maps again, with grids, then draw.
      const maps = await writeSweepMapGrids(study, jobs, report, render.topScenarios(report.rows), outDir, { quiet: opts.quiet });
      written.push(...maps.written);
      if (maps.interrupted) complete = false;
      if (maps.interrupted)
        notes.push(
          "maps skipped: interrupted while evaluating the top scenarios again for their maps (the tables are complete); run the same command again to draw them",
        );
      else await render.renderScenarioReport(await model());
    }
  }
  return {
    study,
    jobs,
    summary,
    report,
    written,
    notes,
    warnings,
    cautions: cautions.map((c) => `${study.file}: ${c}`),
    seconds: seconds(),
    complete,
  };
}

interface Renderer {
  renderScenarioReport(model: ScenarioReportModel): Promise<string>;
  topScenarios(rows: readonly ReportRow[], top?: number): ReportRow[];
}

/** The render module, imported only when maps are wanted (it loads the canvas and fonts). */
async function loadRenderer(): Promise<Renderer> {
  return import("../render/scenario-report.ts");
}

/** Folders of DIR that belong to the result store: kept across runs and never listed in the manifest. */
const STORE_DIRS = ["scenarios", "failed", "cache"];

/**
 * Check and lock the output folder before anything is computed, run `body`, then record what was
 * written in the folder's manifest (removing an earlier run's files this one no longer produces).
 */
type Owned = { owners?: Record<string, string>; kept?: string[] };

async function inOutputFolder(
  outDir: string,
  command: string,
  body: (folder: OutputFolder) => Promise<RunOutcome & Owned>,
): Promise<RunOutcome> {
  const folder = openOutputFolder(outDir, { option: "--out", command, keep: STORE_DIRS });
  let outcome: RunOutcome & Owned;
  try {
    outcome = await body(folder);
  } catch (err) {
    folder.close({ complete: false });
    throw err;
  }
  const { owners, kept, ...rest } = outcome;
  rest.notes.push(...folder.close({ complete: outcome.complete, owners, kept }));
  return rest;
}

/** The grid files `crossway run` writes for a job (grids.ts), relative to the output folder. */
function gridFilesOf(j: Job): string[] {
  const files = [`grids/${j.name}_resistance.tif`, `grids/${j.name}_current.tif`];
  if (j.baseline !== j.name) files.push(`grids/${j.name}_current_diff.tif`);
  return files;
}

export async function runScenarios(file: string, outDir: string, opts: RunOptions = {}): Promise<RunOutcome> {
  const t0 = performance.now();
  return inOutputFolder(outDir, opts.command ?? `run ${file}`, async (folder) => {
    const path = resolve(file);
    const study = await loadStudy(path, loadScenarioFile(path));
    const jobs = await scenarioJobs(study);
    // Results are stored by content, not by name, so a renamed scenario reuses its stored result; its
    // grids (named by scenario) must then be written again under the new name, or the report would
    // have no maps for it. The manifest records which scenario (content key, and its baseline's) each
    // name's grids were made for; a stored job whose grids are missing or another's is evaluated again.
    const keyOf = new Map(jobs.map((j) => [j.name, j.key]));
    const owner = (j: Job) => `${j.key} ${keyOf.get(j.baseline) ?? ""}`;
    const previous = folder.previous?.owners;
    const store = new ResultStore(outDir);
    const first = new Map<string, Job>();
    for (const j of jobs) if (!first.has(j.key)) first.set(j.key, j);
    const gridsValid = (j: Job) =>
      gridFilesOf(j).every((f) => existsSync(join(outDir, f))) && (previous === undefined || previous[j.name] === owner(j));
    const validBefore = new Set([...first.values()].filter((j) => store.has(j.key) && gridsValid(j)).map((j) => j.name));
    const rerun = new Set([...first.values()].filter((j) => store.has(j.key) && !validBefore.has(j.name)).map((j) => j.key));
    // The baseline runs first and alone, so every other scenario can be diffed against its current map.
    const gridFiles: string[] = [];
    const summary = await executeJobs(study, jobs, outDir, {
      workers: opts.workers ?? 2,
      firstAlone: true,
      quiet: opts.quiet,
      stopAfter: opts.stopAfter,
      label: "scenarios",
      keepGrids: true,
      solve: opts.solve,
      rerun,
      onResult: gridWriter(study, outDir, gridFiles),
    });
    const writtenNow = new Set(gridFiles);
    const owners: Record<string, string> = {};
    for (const j of first.values()) {
      const fresh = gridFilesOf(j).every((f) => writtenNow.has(join(outDir, f)));
      if (fresh || validBefore.has(j.name)) owners[j.name] = owner(j);
    }
    const kept = [...first.values()].filter((j) => validBefore.has(j.name)).flatMap(gridFilesOf);
    let uncertainty: RankSummary[] | undefined;
    if (opts.uncertainty && !summary.interrupted) {
      const u = await runUncertainty(study, outDir, { ...opts.uncertainty, workers: opts.workers, quiet: opts.quiet });
      uncertainty = u.summary;
    }
    return { ...(await finish(study, jobs, outDir, summary, opts, "run", t0, gridFiles, uncertainty)), owners, kept, uncertainty };
  });
}

export async function runSweep(file: string, outDir: string, opts: RunOptions = {}): Promise<RunOutcome> {
  const t0 = performance.now();
  return inOutputFolder(outDir, opts.command ?? `sweep ${file}`, async () => {
    const path = resolve(file);
    const { sweep, scenarioFile, scenarioPath, items } = loadSweep(path);
    const study = await loadStudy(scenarioPath, scenarioFile);
    // Check every candidate's place on the road first, so an error names the sweep file and candidate.
    sweep.candidates.forEach((c, i) => study.locate(c, `candidates[${i}]`, path));
    const jobs: Job[] = [];
    for (const [i, it] of items.entries()) {
      jobs.push(
        await makeJob(
          study,
          it.name,
          it.baseline,
          it.add.length ? { name: it.name, add: it.add, remove: [], change: [], fences: [] } : null,
          [it.parameters],
          `candidates (sweep item ${i})`,
        ),
      );
    }
    const execOpts = { workers: opts.workers ?? 1, quiet: opts.quiet, stopAfter: opts.stopAfter, label: "sweep", solve: opts.solve };
    let summary: ExecuteSummary;
    if (opts.executor && opts.solve !== "full") {
      // A queue sweep: what the road-band model can evaluate is done here (the same numbers a local
      // sweep gets), the rest goes to the workers, which solve in full.
      const here = await executeJobs(study, jobs, outDir, { ...execOpts, workers: 0, incrementalOnly: true, label: "sweep (road band)" });
      if (here.interrupted) summary = here;
      else {
        const queued = await opts.executor(study, jobs, outDir, execOpts);
        // the queue sees the results stored here as done before it started
        summary = {
          ...queued,
          done: queued.done + here.done,
          skipped: queued.skipped - here.done,
          failed: [...here.failed, ...queued.failed],
          seconds: here.seconds + queued.seconds,
        };
      }
    } else {
      summary = await (opts.executor ?? executeJobs)(study, jobs, outDir, execOpts);
    }
    return finish(study, jobs, outDir, summary, opts, "sweep", t0);
  });
}

export { ResultStore, type StoredResult };
