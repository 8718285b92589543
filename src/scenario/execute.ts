/**
 * Run jobs, in worker threads or inline, writing each finished scenario atomically to the result
 * store under its content key. Jobs whose key is already stored are skipped (resume); jobs with the
 * same key run once. A failing job records its error (DIR/failed/<key>.json) and the others go on.
 * SIGINT: stop handing out work, let the running scenarios finish and be stored, return
 * `interrupted`; a second SIGINT abandons the running ones (nothing of theirs is written).
 */
import { join } from "node:path";
import { rmSync } from "node:fs";
import { createPool } from "../parallel/pool.ts";
import { moduleUrl } from "../util/module-url.ts";
import { createProgress } from "../parallel/progress.ts";
import type { ScenarioTask } from "./worker.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { type Evaluation, evaluateScenario } from "./evaluate.ts";
import type { ResolvedScenario } from "./resolve.ts";
import { packLandscape, unpackLandscape } from "./shared-landscape.ts";
import { workersThatFit } from "./memory-fit.ts";
import { ResultStore } from "./store.ts";
import { evaluateIncremental } from "../incremental/evaluate.ts";
import { bandModelFor, hasCachedModel } from "../incremental/for-study.ts";
import { maxRelativeDifference } from "../incremental/compare.ts";
import type { Job, Study } from "./study.ts";

export interface StoredResult {
  key: string;
  scenario: ResolvedScenario;
  evaluation: Evaluation;
  seconds: number;
}

export interface ExecuteOptions {
  /** Worker threads; 0 runs in the main thread. */
  workers: number;
  /** Stop (as if interrupted) once this many scenarios have finished in this run: for tests. */
  stopAfter?: number;
  quiet?: boolean;
  label?: string;
  /** Keep per-cell grids in the evaluation (workers send them back) and hand them to onResult before storing. */
  keepGrids?: boolean;
  /** Finish the first job before starting the others (a run's baseline, whose grids the others diff against). */
  firstAlone?: boolean;
  /** Called for each newly evaluated job before its result is stored (e.g. to write its grids). */
  onResult?: (job: Job, evaluation: Evaluation) => Promise<void>;
  /**
   * Solver threads per scenario. Default: the circuit engine's own (2 on large grids) when one scenario
   * runs at a time, 1 when scenarios run side by side (so the cores are not oversubscribed).
   */
  threads?: number;
  /** Bytes the run may use (default: what this machine has available): sizes the pool (memory-fit.ts). */
  memoryLimit?: number;
  /**
   * full: every scenario solved on the whole landscape. incremental: on the road-band model
   * (src/incremental), built once from the first job's surface (or read from DIR/cache), falling back
   * to full (with the reason recorded) for a scenario that changes anything off the road; with grids
   * (keepGrids, `crossway run`) each scenario is also solved in full for its grids, and the largest
   * difference between the two is recorded (solve.full_check). auto (the default): incremental when
   * no grids are wanted and the model is cached or at least AUTO_INCREMENTAL_MIN scenarios are to be
   * evaluated (the model costs about as much as five full scenarios on the demo), full otherwise.
   */
  solve?: SolveMode;
  /** Keys to evaluate again although stored (a run whose grids for a job's name are missing or another scenario's). */
  rerun?: ReadonlySet<string>;
  /**
   * Evaluate only what the road-band model can (a queue sweep's coordinator does these itself: they
   * take milliseconds, less than a trip through the queue) and leave the rest, unstored, to the queue.
   */
  incrementalOnly?: boolean;
}

export type SolveMode = "auto" | "full" | "incremental";
export const AUTO_INCREMENTAL_MIN = 12;

export interface ExecuteSummary {
  total: number;
  skipped: number;
  done: number;
  failed: { name: string; key: string; error: string }[];
  interrupted: boolean;
  seconds: number;
}

export async function executeJobs(study: Study, jobs: Job[], outDir: string, opts: ExecuteOptions): Promise<ExecuteSummary> {
  const t0 = performance.now();
  const store = new ResultStore(outDir);
  const unique = new Map<string, Job>();
  for (const j of jobs) if (!unique.has(j.key)) unique.set(j.key, j);
  const todo = [...unique.values()].filter((j) => !store.has(j.key) || opts.rerun?.has(j.key));
  const summary: ExecuteSummary = {
    total: unique.size,
    skipped: unique.size - todo.length,
    done: 0,
    failed: [],
    interrupted: false,
    seconds: 0,
  };
  if (todo.length === 0) return { ...summary, seconds: (performance.now() - t0) / 1000 };

  const analysis = study.config.analysis;
  const fit = workersThatFit(study, Math.min(opts.workers, todo.length), opts.memoryLimit);
  if (fit.note && !opts.quiet) process.stderr.write(`crossway: note: ${fit.note}\n`);
  const pool =
    fit.workers > 0
      ? createPool<ScenarioTask, Evaluation>(moduleUrl("./worker.ts", import.meta.url), fit.workers, {
          landscape: packLandscape(study.landscape, study.lands, study.centreline),
        })
      : null;
  const inlineViews = new Map<string, ReturnType<typeof unpackLandscape>>();
  const mode = opts.solve ?? "auto";
  const cacheDir = join(outDir, "cache");
  const incremental =
    mode === "incremental" ||
    (mode === "auto" && !opts.keepGrids && (todo.length >= AUTO_INCREMENTAL_MIN || hasCachedModel(cacheDir, study, jobs[0])))
      ? bandModelFor(study, jobs[0], { quiet: opts.quiet, cacheDir, memoryLimit: opts.memoryLimit })
      : null;
  // A scenario running alone may use the circuit engine's own solver threads; scenarios running side
  // by side on the pool get one each, so the cores are not oversubscribed.
  if (opts.incrementalOnly && !incremental?.model) return { ...summary, skipped: unique.size, seconds: (performance.now() - t0) / 1000 };
  const evaluate = async (job: Job, threads: number | undefined): Promise<Evaluation | null> => {
    let fallback: string | undefined;
    if (incremental) {
      if (incremental.model) {
        const ls = job.landKey === jobs[0].landKey ? study.landscape : { ...study.landscape, land: study.lands.get(job.landKey)! };
        await new Promise((r) => setImmediate(r));
        const res = evaluateIncremental(incremental.model, ls, job.scenario, analysis);
        if (res.ok && !opts.keepGrids) return res.evaluation;
        if (res.ok) {
          // Grids need voltages everywhere: solve in full for them, keep the incremental tables, and
          // record how far the two agree (the full solve's own accuracy is its tolerance).
          const full = await evaluateFull(job, threads);
          const diff = maxRelativeDifference(res.evaluation, full);
          return {
            ...res.evaluation,
            resistance: full.resistance,
            cumulativeCurrent: full.cumulativeCurrent,
            mortalityGrid: full.mortalityGrid,
            solve: { ...res.evaluation.solve!, full_check: Number.isFinite(diff) ? diff : -1 },
          };
        }
        fallback = res.reason;
      } else fallback = incremental.refused;
    }
    if (opts.incrementalOnly) return null;
    const ev = await evaluateFull(job, threads);
    return fallback ? { ...ev, solve: { method: "full", fallback } } : ev;
  };
  const evaluateFull = async (job: Job, threads: number | undefined): Promise<Evaluation> => {
    if (pool) return pool.run({ landKey: job.landKey, scenario: job.scenario, analysis, keepGrids: opts.keepGrids, threads });
    let ls = inlineViews.get(job.landKey);
    if (!ls) {
      ls = {
        ...study.landscape,
        land: study.lands.get(job.landKey)!,
        template: { ...study.landscape.template, data: study.lands.get(job.landKey)! },
      };
      inlineViews.set(job.landKey, ls);
    }
    // Yield to the event loop between inline scenarios so a SIGINT gets handled.
    await new Promise((r) => setImmediate(r));
    return evaluateScenario(ls, job.scenario, analysis, { keepGrids: opts.keepGrids, threads });
  };

  const progress = createProgress(opts.label ?? "scenarios", todo.length, { quiet: opts.quiet });
  let stopping = false;
  let abandonedFlag = false;
  let abandon: (() => void) | null = null;
  const abandoned = new Promise<void>((r) => (abandon = r));
  const onSigint = () => {
    if (!stopping) {
      stopping = true;
      summary.interrupted = true;
      if (!opts.quiet) process.stderr.write("\ninterrupted: finishing the running scenarios (Ctrl-C again to abandon them)\n");
    } else {
      abandon?.();
    }
  };
  process.on("SIGINT", onSigint);
  let next = 0;
  const lanes = pool ? pool.threads : 1;
  const lane = async (limit: number) => {
    while (!stopping && next < limit) {
      const job = todo[next++];
      const start = performance.now();
      try {
        const evaluation = await evaluate(job, opts.threads ?? (limit === 1 || lanes === 1 ? undefined : 1));
        if (abandonedFlag) return;
        if (evaluation === null) {
          summary.skipped++; // left to the queue
          continue;
        }
        if (opts.onResult) await opts.onResult(job, evaluation);
        const { resistance: _r, cumulativeCurrent: _c, mortalityGrid: _m, ...tables } = evaluation;
        const rec: StoredResult = { key: job.key, scenario: job.scenario, evaluation: tables, seconds: (performance.now() - start) / 1000 };
        await store.put(job.key, rec);
        rmSync(join(outDir, "failed", `${job.key}.json`), { force: true });
        summary.done++;
        progress.tick();
      } catch (err) {
        if (abandonedFlag) return;
        const error = err instanceof Error ? err.message : String(err);
        summary.failed.push({ name: job.name, key: job.key, error });
        await writeFileAtomic(
          join(outDir, "failed", `${job.key}.json`),
          `${JSON.stringify({ key: job.key, name: job.name, scenario: job.scenario, error, stack: err instanceof Error ? err.stack : undefined }, null, 1)}\n`,
        );
        progress.tick(true);
      }
      if (opts.stopAfter !== undefined && summary.done + summary.failed.length >= opts.stopAfter && !stopping) {
        stopping = true;
        summary.interrupted = true;
      }
    }
  };
  try {
    const all = (async () => {
      // The first job alone (one lane that stops after it), then every lane.
      if (opts.firstAlone && todo[0] === jobs[0]) await lane(1);
      await Promise.all(Array.from({ length: lanes }, () => lane(todo.length)));
    })();
    const which = await Promise.race([all.then(() => "done" as const), abandoned.then(() => "abandon" as const)]);
    if (which === "abandon") {
      abandonedFlag = true;
      await pool?.destroy();
    }
  } finally {
    process.off("SIGINT", onSigint);
    progress.stop();
    if (!abandonedFlag) await pool?.close();
  }
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}
