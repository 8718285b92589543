/**
 * `crossway run` and `crossway sweep` as library calls: load the study, make the jobs, execute them
 * (stored by content key, resumable), then write the tables, the grids and (when the render module
 * is available and maps are wanted) the maps and report. A run writes every scenario's grids as it
 * goes; a sweep writes only those its report maps, once it has finished (sweep-maps.ts).
 */
import { join, resolve } from "node:path";
import type { ScenarioReportArgs } from "../render/scenario-report.ts";
import { executeJobs, type ExecuteSummary, type StoredResult } from "./execute.ts";
import { gridWriter } from "./grids.ts";
import { loadScenarioFile } from "./load.ts";
import { buildReport, type Report, type ReportRow, writeTables } from "./report.ts";
import { ResultStore } from "./store.ts";
import { type Job, loadStudy, makeJob, scenarioJobs, type Study } from "./study.ts";
import { loadSweep } from "./sweep.ts";
import { writeSweepMapGrids } from "./sweep-maps.ts";

export interface RunOptions {
  maps?: boolean;
  workers?: number;
  quiet?: boolean;
  stopAfter?: number;
  command?: string;
  /** Runs a sweep's jobs in place of executeJobs (the queue's coordinator: src/queue/coordinator.ts). */
  executor?: typeof executeJobs;
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
    const render = await loadRenderer();
    if (kind === "run") await render.renderScenarioReport({ study, jobs, report, outDir });
    else {
      // A sweep kept no grids: evaluate the rows the report maps again, with grids, then draw.
      const maps = await writeSweepMapGrids(study, jobs, report, render.topScenarios(report.rows), outDir, { quiet: opts.quiet });
      written.push(...maps.written);
      if (maps.interrupted) notes.push("maps skipped: interrupted while evaluating the top scenarios again for their maps (the tables are complete); run the same command again to draw them");
      else await render.renderScenarioReport({ study, jobs, report, outDir });
    }
  }
  return { study, jobs, summary, report, written, notes, warnings };
}

interface Renderer {
  renderScenarioReport(args: ScenarioReportArgs): Promise<string>;
  topScenarios(rows: readonly ReportRow[], top?: number): ReportRow[];
}

/** The render module, imported only when maps are wanted (it loads the canvas and fonts). */
async function loadRenderer(): Promise<Renderer> {
  return import("../render/scenario-report.ts");
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
  const summary = await (opts.executor ?? executeJobs)(study, jobs, outDir, { workers: opts.workers ?? 1, quiet: opts.quiet, stopAfter: opts.stopAfter, label: "sweep" });
  return finish(study, jobs, outDir, summary, opts, "sweep");
}

export { ResultStore, type StoredResult };
