/**
 * Uncertainty in the decision: N parameter sets drawn at random (uniformly, seeded) from ranges the
 * user gives (road_resistance, effectiveness_scale, habitat_c, rmax, effectiveness.<type>,
 * landcover.<class>), or from the intervals of a `crossway calibrate` run (its calibration.csv), every
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
import { existsSync, readFileSync } from "node:fs";
import { didYouMean, knownParameters, parameterLayers } from "../calibrate/params.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { CrosswayError } from "../util/errors.ts";
import { rng } from "../validate/scores.ts";

/** Per parameter: [min, max], drawn uniformly, or [min, max, "log"], drawn uniformly in log. */
export type Ranges = Record<string, [number, number] | [number, number, "log" | "linear"]>;

/** Names a draw may set: every calibration parameter but the mortality block's (one model per study). */
function varyable(name: string): boolean {
  if (/^landcover\.-?[0-9]+$/.test(name)) return true;
  return knownParameters([]).some((k) => k.name === name && k.kind !== "mortality");
}
const VARYABLE = knownParameters([])
  .filter((k) => k.kind !== "mortality")
  .map((k) => k.name);

/**
 * The 95 % (or other) intervals of a `crossway calibrate` run's calibration.csv as ranges, on each
 * parameter's own scale; an interval open at an end runs to the range searched there.
 */
export function rangesFromCalibration(file: string): Ranges {
  const lines = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const head = lines[0].split(",");
  const col = (n: string) => head.indexOf(n);
  for (const n of ["parameter", "lower", "upper", "scale"])
    if (col(n) < 0) throw new CrosswayError(`--vary: ${file} is not a calibration.csv of crossway calibrate (no '${n}' column)`);
  const out: Ranges = {};
  for (const line of lines.slice(1)) {
    const f = line.split(",");
    const name = f[col("parameter")];
    const [a, b] = [f[col("lower")], f[col("upper")]];
    const lo = Number(a);
    const hi = Number(b);
    if (!a || !b || !Number.isFinite(lo) || !Number.isFinite(hi))
      throw new CrosswayError(`--vary: ${file}: ${name} has no interval (was it run with --no-intervals?)`);
    if (!varyable(name))
      throw new CrosswayError(`--vary: ${file}: ${name} cannot vary between draws (the mortality model is one per study)`);
    out[name] = [lo, hi, f[col("scale")] === "log" ? "log" : "linear"];
  }
  if (Object.keys(out).length === 0) throw new CrosswayError(`--vary: ${file} lists no parameter`);
  return out;
}

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
  if (/\.csv$/i.test(text.trim())) {
    if (!existsSync(text.trim())) throw new CrosswayError(`--vary: no such file '${text.trim()}'`);
    return rangesFromCalibration(text.trim());
  }
  const out: Ranges = {};
  for (const part of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z_]+(?:\.[a-z0-9_-]+)?)=([^:]+):(.+)$/.exec(part);
    if (!m) throw new CrosswayError(`--vary: expected name=min:max, got '${part}'`);
    const [, name, a, b] = m;
    if (!varyable(name)) {
      const near = didYouMean(name, VARYABLE);
      throw new CrosswayError(
        `--vary: unknown parameter '${name}'${near ? ` (did you mean ${near}?)` : ""}; expected one of ${VARYABLE.join(", ")}, landcover.<class>`,
      );
    }
    const lo = Number(a);
    const hi = Number(b);
    if (!(lo > 0 && hi > 0)) throw new CrosswayError(`--vary: ${name}: the range must be two positive numbers, got '${a}:${b}'`);
    if (lo > hi) throw new CrosswayError(`--vary: ${name}: min ${lo} is greater than max ${hi}`);
    out[name] = [lo, hi];
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
    for (const [name, [lo, hi, scale]] of Object.entries(opts.ranges))
      d[name] = scale === "log" ? Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * random()) : lo + (hi - lo) * random();
    draws.push(d);
  }
  const perDraw: Job[][] = [];
  for (const d of draws) {
    const layer = parameterLayers(Object.entries(d)).parameters;
    const jobs = [await makeJob(study, "baseline", "baseline", null, [layer], "uncertainty (baseline)")];
    for (const [i, s] of study.config.scenarios.entries())
      jobs.push(await makeJob(study, s.name, "baseline", s, [layer, s.parameters], `scenarios[${i}]`));
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
