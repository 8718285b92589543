/**
 * Grids for a finished sweep's maps. A sweep stores only tables (it may hold thousands of
 * scenarios), so the rows its report maps - the top scenarios and the baselines they are compared
 * with - are evaluated again, this time keeping the per-cell grids, and written under DIR/grids as
 * `crossway run` writes them. The re-evaluation stores its results in a scratch folder that is
 * thrown away: the sweep's own store, and so results.csv and resuming, stay exactly as they were.
 * Evaluation is deterministic, so each re-evaluated result must equal the stored one; a difference
 * means the stored results came from other code or inputs and is an error.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CrosswayError } from "../util/errors.ts";
import type { Evaluation } from "./evaluate.ts";
import { executeJobs } from "./execute.ts";
import { maxRelativeDifference } from "../incremental/compare.ts";
import { gridWriter } from "./grids.ts";
import type { Report, ReportRow } from "./report.ts";
import type { Job, Study } from "./study.ts";

export interface SweepMapsOutcome {
  written: string[];
  /** Ctrl-C during the re-evaluation: no report maps (the sweep's tables are complete). */
  interrupted: boolean;
  seconds: number;
}

/**
 * Stored and re-evaluated effective resistances must be identical (JSON stores non-finite as null).
 * A result stored from the road-band model (--solve incremental) is checked against the full solve
 * over every metric instead, within what the full solver guarantees: 100 x its tolerance (relative
 * residual), at least 1e-8. Returns that difference (0 for results solved in full).
 */
function checkSame(stored: Evaluation | undefined, fresh: Evaluation, outDir: string, tolerance: number): number {
  const fail = (what: string): never => {
    throw new Error(
      `${what}; the stored results in ${join(outDir, "scenarios")} were made by other code or inputs (delete that folder to recompute them)`,
    );
  };
  if (!stored) return fail("no stored result");
  if (stored.solve?.method === "incremental") {
    const d = maxRelativeDifference(stored, fresh);
    const bound = Math.max(1e-8, 100 * tolerance);
    if (!(d <= bound))
      fail(`the road-band result differs from the full solve by ${d.toExponential(2)} (relative; allowed ${bound.toExponential(0)})`);
    return d;
  }
  if (stored.pairs.length !== fresh.pairs.length)
    return fail(`${fresh.pairs.length} core pairs, but the stored result has ${stored.pairs.length}`);
  fresh.pairs.forEach((p, i) => {
    const s = stored.pairs[i];
    const sr = s.effective_resistance as number | null;
    const same = s.a === p.a && s.b === p.b && (sr === null ? !Number.isFinite(p.effective_resistance) : sr === p.effective_resistance);
    if (!same)
      fail(
        `effective resistance ${p.effective_resistance} for cores ${p.a}-${p.b}, but the stored result has ${sr} for cores ${s.a}-${s.b}`,
      );
  });
  return 0;
}

/**
 * Re-evaluate `rows` (the report's top scenarios) and their baselines with grids, baselines first so
 * each difference map is taken against the row's own baseline. Returns the files written.
 */
export async function writeSweepMapGrids(
  study: Study,
  jobs: Job[],
  report: Report,
  rows: ReportRow[],
  outDir: string,
  opts: { quiet?: boolean } = {},
): Promise<SweepMapsOutcome> {
  const t0 = performance.now();
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const pick = (names: string[]) => [...new Set(names)].flatMap((n) => byName.get(n) ?? []);
  const baselines = pick(rows.map((r) => r.baseline));
  const scenarios = pick(rows.map((r) => r.scenario)).filter((j) => j.baseline !== j.name);
  const written: string[] = [];
  if (scenarios.length === 0) return { written, interrupted: false, seconds: 0 };
  if (!opts.quiet) {
    process.stderr.write(
      `maps: evaluating ${baselines.length} baseline${baselines.length > 1 ? "s" : ""} and the ${scenarios.length} best scenario${scenarios.length > 1 ? "s" : ""} again, keeping their grids\n`,
    );
  }

  const write = gridWriter(study, outDir, written);
  const group = [...baselines, ...scenarios];
  // executeJobs runs one job per key; names that share a key (a parameter baseline equal to the
  // file's baseline, say) all get their grids from that one evaluation.
  let incremental = 0;
  let worst = 0;
  const onResult = async (job: Job, ev: Evaluation) => {
    const stored = report.results.get(job.key)?.evaluation;
    worst = Math.max(worst, checkSame(stored, ev, outDir, study.config.analysis.tolerance));
    if (stored?.solve?.method === "incremental") incremental++;
    for (const j of group) if (j.key === job.key) await write(j, ev);
  };
  const scratch = mkdtempSync(join(tmpdir(), "crossway-sweep-maps-"));
  try {
    // In the main thread, one scenario at a time in list order (baselines first, so the difference
    // maps can be taken), each on the engine's own solver threads: for these few scenarios that beats
    // a worker pool (demo sweep on 2 cores: 22.9 s against 28.1 s on 2 workers).
    const s = await executeJobs(study, group, scratch, { workers: 0, quiet: opts.quiet, label: "maps", keepGrids: true, onResult });
    if (s.failed.length)
      throw new CrosswayError(s.failed.map((f) => `re-evaluating scenario '${f.name}' for the maps: ${f.error}`).join("\n"));
    if (s.interrupted) return { written, interrupted: true, seconds: (performance.now() - t0) / 1000 };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const seconds = (performance.now() - t0) / 1000;
  if (!opts.quiet) {
    process.stderr.write(`maps: grids of ${baselines.length + scenarios.length} scenarios written in ${seconds.toFixed(1)} s\n`);
    if (incremental > 0)
      process.stderr.write(
        `maps: the ${incremental} of them solved on the road band agree with their full solves to ${worst.toExponential(1)} (largest relative difference, every metric)\n`,
      );
  }
  return { written, interrupted: false, seconds };
}
