/**
 * What `crossway site` writes: candidates.csv and .geojson (every candidate's exact deltas, ranked),
 * plan.csv (the plan step by step), and scenarios.yaml, a scenario file `crossway run` accepts with the
 * best single candidates and every prefix of the plan as scenarios (the landscape's paths rewritten
 * relative to the output folder).
 */
import { join } from "node:path";
import { stringify } from "yaml";
import { pointAt } from "../geometry/polyline.ts";
import type { Study } from "../scenario/study.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { relocatedScenario } from "../scenario/relocate.ts";
import { type Candidate, structureOf } from "./candidates.ts";
import type { FenceStep, PlanStep } from "./plan.ts";
import type { Scored } from "./scorer.ts";

export interface CandidateResult {
  candidate: Candidate;
  scored: Scored;
  gain: number;
  rank: number;
  /** First-order estimate of the change of effective resistance from the baseline alone (estimate.ts), percent. */
  firstOrderDeltaErPct: number;
  /** Linkage Mapper's Barrier Mapper improvement score of a circle spanning the road at the candidate (largest over the pairs). */
  barrierMapperScore: number;
}

const num = (x: number) => (Number.isNaN(x) ? "" : Number.isFinite(x) ? String(x) : x > 0 ? "inf" : "-inf");
const METRICS = [
  "effective_resistance",
  "delta_effective_resistance_pct",
  "success_probability",
  "delta_success_pct",
  "road_deaths",
  "delta_road_deaths_pct",
  "least_cost_distance",
  "delta_least_cost_pct",
  "crossing_current_share",
] as const;

export async function writeCandidates(outDir: string, study: Study, results: CandidateResult[]): Promise<string[]> {
  const header = [
    "rank",
    "id",
    "type",
    "chainage_m",
    "width_m",
    "cost_musd",
    "gain_pct",
    "gain_pct_per_cost",
    ...METRICS,
    "first_order_delta_er_pct",
    "barrier_mapper_score",
    "solve",
  ];
  const lines = [header.join(",")];
  for (const r of results) {
    const c = r.candidate;
    lines.push(
      [
        r.rank,
        c.id,
        c.type,
        c.chainage_m,
        c.width_m,
        c.cost_musd,
        num(r.gain),
        num(r.gain / c.cost_musd),
        ...METRICS.map((m) => num(r.scored.row[m])),
        num(r.firstOrderDeltaErPct),
        num(r.barrierMapperScore),
        r.scored.method,
      ].join(","),
    );
  }
  const crs = study.landscape.template.crs;
  const fc = {
    type: "FeatureCollection",
    ...(crs?.epsg ? { crs: { type: "name", properties: { name: `urn:ogc:def:crs:EPSG::${crs.epsg}` } } } : {}),
    features: results.map((r) => {
      const p = pointAt(study.landscape.line, r.candidate.chainage_m);
      const props: Record<string, unknown> = {
        ...r.candidate,
        rank: r.rank,
        gain_pct: Number.isFinite(r.gain) ? r.gain : null,
        first_order_delta_er_pct: Number.isFinite(r.firstOrderDeltaErPct) ? r.firstOrderDeltaErPct : null,
        barrier_mapper_score: Number.isFinite(r.barrierMapperScore) ? r.barrierMapperScore : null,
      };
      for (const m of METRICS) props[m] = Number.isFinite(r.scored.row[m]) ? r.scored.row[m] : null;
      return { type: "Feature", properties: props, geometry: { type: "Point", coordinates: [p.x, p.y] } };
    }),
  };
  const files = [join(outDir, "candidates.csv"), join(outDir, "candidates.geojson")];
  await writeFileAtomic(files[0], `${lines.join("\n")}\n`);
  await writeFileAtomic(files[1], `${JSON.stringify(fc)}\n`);
  return files;
}

export async function writePlan(
  outDir: string,
  steps: PlanStep[],
  rows: Scored[],
  how: string,
  fences: FenceStep[] = [],
  fenceRows: Scored[] = [],
): Promise<string> {
  const header = [
    "step",
    "id",
    "type",
    "chainage_m",
    "to_m",
    "cost_musd",
    "cumulative_cost_musd",
    "gain_pct",
    "marginal_gain_pct",
    ...METRICS,
    "how",
  ];
  const lines = [header.join(",")];
  steps.forEach((s, k) => {
    const c = s.candidate;
    lines.push(
      [
        k + 1,
        c.id,
        c.type,
        c.chainage_m,
        "",
        c.cost_musd,
        s.cost,
        num(s.gain),
        num(s.marginal),
        ...METRICS.map((m) => num(rows[k].row[m])),
        how,
      ].join(","),
    );
  });
  fences.forEach((f, k) => {
    lines.push(
      [
        steps.length + k + 1,
        f.fence.id,
        "fence",
        f.fence.from_m,
        f.fence.to_m,
        f.fence.cost_musd,
        f.cost,
        num(f.gain),
        num(f.marginal),
        ...METRICS.map((m) => num(fenceRows[k].row[m])),
        "greedy fences after the structures",
      ].join(","),
    );
  });
  const file = join(outDir, "plan.csv");
  await writeFileAtomic(file, `${lines.join("\n")}\n`);
  return file;
}

/** A scenario file for `crossway run`: the study's own, its scenarios replaced by `sets`. */
export async function writeScenarioFile(
  outDir: string,
  study: Study,
  sets: { name: string; set: Candidate[]; fences?: FenceStep["fence"][] }[],
): Promise<string> {
  const raw = relocatedScenario(study.file, outDir);
  const { siting: _s, scenarios: _sc, ...rest } = raw;
  const out = {
    ...rest,
    name: `${(raw.name as string | undefined) ?? "scenarios"}-siting`,
    description: `Generated by crossway site from ${study.file}: the best single candidates and each step of the plan.`,
    scenarios: sets.map((s) => ({ name: s.name, add: s.set.map(structureOf), ...(s.fences?.length ? { fences: s.fences } : {}) })),
  };
  const file = join(outDir, "scenarios.yaml");
  await writeFileAtomic(file, stringify(out));
  return file;
}
