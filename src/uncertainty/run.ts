/**
 * Uncertainty in the decision: N parameter sets drawn at random (uniformly, seeded) from ranges the
 * user gives for the sweep parameters (road_resistance, effectiveness_scale, habitat_c, rmax), every
 * scenario of the file evaluated under each (a scenario's own parameters still win), ranked per draw
 * with the file's objective exactly as results.csv ranks, and summarised per scenario: the probability
 * that it ranks first and the 5 %, 50 % and 95 % quantiles of its rank. So a decision-maker sees whether
 * the best scenario is robustly best or a coin toss. Results are stored by key like any scenario, so an
 * interrupted pass resumes; the road-band model serves the draws that change only the road.
 */
import { join } from "node:path";
import { executeJobs } from "../scenario/execute.ts";
import { buildReport } from "../scenario/report.ts";
import { type Job, makeJob, type Study } from "../scenario/study.ts";
import { SWEEP_PARAMETERS } from "../scenario/sweep.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { CrosswayError } from "../util/errors.ts";
import { rng } from "../validate/scores.ts";

export type Ranges = Partial<Record<(typeof SWEEP_PARAMETERS)[number], [number, number]>>;

export interface RankSummary {
  scenario: string;
  p_first: number;
  rank_p05: number;
  rank_median: number;
  rank_p95: number;
  mean_rank: number;
}

/** "road_resistance=500:2000,effectiveness_scale=0.5:1.5" -> ranges, with errors that name the parameter. */
export function parseRanges(text: string): Ranges {
  const out: Ranges = {};
  for (const part of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z_]+)=([^:]+):(.+)$/.exec(part);
    if (!m) throw new CrosswayError(`--vary: expected name=min:max, got '${part}'`);
    const [, name, a, b] = m;
    if (!(SWEEP_PARAMETERS as readonly string[]).includes(name)) {
      const near = SWEEP_PARAMETERS.find((p) => p.startsWith(name.slice(0, 4)));
      throw new CrosswayError(
        `--vary: unknown parameter '${name}'${near ? ` (did you mean ${near}?)` : ""}; expected one of ${SWEEP_PARAMETERS.join(", ")}`,
      );
    }
    const lo = Number(a);
    const hi = Number(b);
    if (!(lo > 0 && hi > 0)) throw new CrosswayError(`--vary: ${name}: the range must be two positive numbers, got '${a}:${b}'`);
    if (lo > hi) throw new CrosswayError(`--vary: ${name}: min ${lo} is greater than max ${hi}`);
    out[name as keyof Ranges] = [lo, hi];
  }
  if (Object.keys(out).length === 0) throw new CrosswayError("--vary: give at least one parameter range");
  return out;
}

/** The q-quantile of sorted values (nearest rank). */
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

export function summarizeRanks(ranksByScenario: Map<string, number[]>): RankSummary[] {
  return [...ranksByScenario].map(([scenario, ranks]) => {
    const sorted = [...ranks].sort((a, b) => a - b);
    return {
      scenario,
      p_first: ranks.filter((r) => r === 1).length / ranks.length,
      rank_p05: quantile(sorted, 0.05),
      rank_median: quantile(sorted, 0.5),
      rank_p95: quantile(sorted, 0.95),
      mean_rank: ranks.reduce((a, b) => a + b, 0) / ranks.length,
    };
  });
}

export async function runUncertainty(
  study: Study,
  outDir: string,
  opts: { draws: number; ranges: Ranges; seed?: number; workers?: number; quiet?: boolean },
): Promise<{ summary: RankSummary[]; files: string[]; draws: Record<string, number>[] }> {
  const random = rng(opts.seed ?? 1);
  const draws: Record<string, number>[] = [];
  for (let k = 0; k < opts.draws; k++) {
    const d: Record<string, number> = {};
    for (const [name, [lo, hi]] of Object.entries(opts.ranges)) d[name] = lo + (hi - lo) * random();
    draws.push(d);
  }
  const perDraw: Job[][] = [];
  for (const d of draws) {
    const jobs = [await makeJob(study, "baseline", "baseline", null, [d], "uncertainty (baseline)")];
    for (const [i, s] of study.config.scenarios.entries())
      jobs.push(await makeJob(study, s.name, "baseline", s, [d, s.parameters], `scenarios[${i}]`));
    perDraw.push(jobs);
  }
  const all = perDraw.flat();
  const summaryRun = await executeJobs(study, all, outDir, { workers: opts.workers ?? 2, quiet: opts.quiet, label: "uncertainty" });
  if (summaryRun.interrupted)
    throw new CrosswayError("interrupted while evaluating the parameter draws; run the same command again to resume");
  const failed = new Map(summaryRun.failed.map((f) => [f.key, f.error]));
  const ranks = new Map<string, number[]>();
  const lines = ["draw,parameters,scenario,rank,delta_effective_resistance_pct,delta_success_pct"];
  perDraw.forEach((jobs, k) => {
    const report = buildReport(study, jobs, outDir, failed);
    for (const r of report.rows) {
      if (!ranks.has(r.scenario)) ranks.set(r.scenario, []);
      ranks.get(r.scenario)!.push(r.rank);
      const p = Object.entries(draws[k])
        .map(([n, v]) => `${n}=${v.toPrecision(6)}`)
        .join(" ");
      lines.push(
        [
          k + 1,
          p,
          r.scenario,
          r.rank,
          r.delta_effective_resistance_pct,
          Number.isFinite(r.delta_success_pct) ? r.delta_success_pct : "",
        ].join(","),
      );
    }
  });
  const summary = summarizeRanks(ranks).sort((a, b) => b.p_first - a.p_first || a.mean_rank - b.mean_rank);
  const csv = [
    "scenario,p_first,rank_p05,rank_median,rank_p95,mean_rank",
    ...summary.map((s) => [s.scenario, s.p_first, s.rank_p05, s.rank_median, s.rank_p95, s.mean_rank].join(",")),
  ];
  const files = [join(outDir, "uncertainty.csv"), join(outDir, "uncertainty_draws.csv")];
  await writeFileAtomic(files[0], `${csv.join("\n")}\n`);
  await writeFileAtomic(files[1], `${lines.join("\n")}\n`);
  return { summary, files, draws };
}
