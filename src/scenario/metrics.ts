/**
 * Scenario metrics (documented with formulas in scenarios/METRICS.md). Everything here is plain
 * arithmetic on per-pair results, so it is the same whether a scenario ran in the main thread or a
 * worker, and it can be recomputed from results.json.
 */
import type { Objective } from "./schema.ts";

export interface PairResult {
  a: number;
  b: number;
  /** True when a and b lie on opposite sides of the road. */
  across: boolean;
  /** Effective resistance (ohms), -1 when disconnected. */
  effective_resistance: number;
  /** Least-cost distance (cost units), -1 when unreachable or not computed. */
  least_cost_distance: number;
  /** Structure the least-cost path crosses the road through, "open road", or "" when not crossing / not computed. */
  least_cost_crossing: string;
  /** Net current crossing the centreline from a's side to b's side in the 1 A solve (across pairs). */
  crossing_total: number;
  /** Part of crossing_total through structure cells. */
  crossing_structures: number;
  /** Net crossing current per structure id. */
  structure_current: Record<string, number>;
  /**
   * With a mortality block (src/mortality): P(reach the other core before dying), mean of the two
   * directions, and each direction; expected road deaths per walker (mean, each direction); expected
   * deaths anywhere (road + background), mean of the directions. 0 / NaN when disconnected.
   */
  success_probability?: number;
  success_ab?: number;
  success_ba?: number;
  road_deaths?: number;
  road_deaths_ab?: number;
  road_deaths_ba?: number;
  deaths?: number;
}

export interface Summary {
  effective_resistance: number;
  least_cost_distance: number;
  crossing_current_share: number;
  /** Mean over across pairs of the net crossing current through each structure (A per 1 A solve). */
  structure_current: Record<string, number>;
  cost: number;
  cross_pairs: number;
  disconnected_pairs: number;
  /** Mean over across pairs of the pair's success probability; NaN without mortality. */
  success_probability: number;
  /** Mean over across pairs of the pair's expected road deaths per walker; NaN without mortality, inf when a pair is disconnected. */
  road_deaths: number;
}

export interface Row extends Summary {
  scenario: string;
  delta_effective_resistance_pct: number;
  delta_least_cost_pct: number;
  improvement_per_cost: number;
  delta_success_pct: number;
  delta_road_deaths_pct: number;
  /** -delta_road_deaths_pct / cost: percent of road deaths avoided per million; NaN when the cost is 0. */
  road_deaths_avoided_pct_per_cost: number;
  rank: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);

/** Aggregate per-pair results over the cross-road pairs. */
export function summarize(pairs: readonly PairResult[], cost: number): Summary {
  const across = pairs.filter((p) => p.across);
  const disconnected = across.filter((p) => p.effective_resistance < 0).length;
  // A cross-road pair cut off entirely has infinite effective resistance; the mean is then infinite
  // rather than a mean over the survivors, which would make a scenario that severs a pair look good.
  const er = disconnected ? Infinity : mean(across.map((p) => p.effective_resistance));
  const lcAll = across.map((p) => p.least_cost_distance);
  const lcd = lcAll.some((x) => x < 0) ? Infinity : mean(lcAll);
  let total = 0;
  let through = 0;
  const perStructure: Record<string, number> = {};
  for (const p of across) {
    total += p.crossing_total;
    through += p.crossing_structures;
    for (const [id, c] of Object.entries(p.structure_current)) perStructure[id] = (perStructure[id] ?? 0) + c / across.length;
  }
  // Mortality: only when every across pair has it (results stored without a mortality block have none).
  const withMort = across.length > 0 && across.every((p) => p.success_probability !== undefined);
  const success = withMort ? mean(across.map((p) => p.success_probability!)) : NaN;
  // A disconnected pair has no road deaths to count (NaN per pair); like the effective resistance, the
  // mean is then undefined rather than a mean over the survivors.
  const roadDeaths = withMort
    ? across.some((p) => !Number.isFinite(p.road_deaths ?? NaN))
      ? NaN
      : mean(across.map((p) => p.road_deaths!))
    : NaN;
  return {
    success_probability: success,
    road_deaths: roadDeaths,
    effective_resistance: er,
    least_cost_distance: lcd,
    crossing_current_share: total > 0 ? through / total : NaN,
    structure_current: perStructure,
    cost,
    cross_pairs: across.length,
    disconnected_pairs: disconnected,
  };
}

/**
 * Percent change against the baseline. Against an infinite baseline (a cross-road pair disconnected
 * there) no change can be measured: NaN, which ranks last and prints empty, rather than 0 for
 * every scenario, which would rank them on cost alone as if nothing had changed.
 */
function pct(x: number, base: number): number {
  if (!Number.isFinite(base)) return NaN;
  if (x === base) return 0;
  return (100 * (x - base)) / base;
}

/** pct, but NaN when either side is NaN, and NaN for a change from 0 (no percentage of nothing). */
function pctOrNaN(x: number, base: number): number {
  if (Number.isNaN(x) || Number.isNaN(base)) return NaN;
  if (x === base) return 0;
  return base === 0 ? NaN : pct(x, base);
}

/** Add the deltas against the baseline and the improvement per cost. */
export function compare(name: string, s: Summary, base: Summary): Omit<Row, "rank"> {
  const dEr = pct(s.effective_resistance, base.effective_resistance);
  return {
    scenario: name,
    ...s,
    delta_effective_resistance_pct: dEr,
    delta_least_cost_pct: pct(s.least_cost_distance, base.least_cost_distance),
    // Percent of effective resistance removed per million spent; undefined (NaN) for free scenarios.
    improvement_per_cost: s.cost > 0 ? -dEr / s.cost : NaN,
    delta_success_pct: pctOrNaN(s.success_probability, base.success_probability),
    delta_road_deaths_pct: pctOrNaN(s.road_deaths, base.road_deaths),
    road_deaths_avoided_pct_per_cost: s.cost > 0 ? -pctOrNaN(s.road_deaths, base.road_deaths) / s.cost : NaN,
  };
}

/** +1: smaller is better; -1: larger is better. */
const DIRECTION: Record<Objective, 1 | -1> = {
  delta_effective_resistance_pct: 1,
  delta_least_cost_pct: 1,
  crossing_current_share: -1,
  improvement_per_cost: -1,
  cost: 1,
  success_probability: -1,
  delta_success_pct: -1,
  road_deaths: 1,
  delta_road_deaths_pct: 1,
  road_deaths_avoided_pct_per_cost: -1,
};

/** Compare two values where NaN (undefined) always sorts last. */
function cmp(a: number, b: number, dir: 1 | -1): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na === nb ? 0 : na ? 1 : -1;
  if (a === b) return 0;
  return a < b ? -dir : dir;
}

/** Rank rows (1 = best) by the objective keys in order, then cost, then name (so ranks are deterministic). */
export function rank<T extends Omit<Row, "rank">>(rows: readonly T[], objective: readonly Objective[]): (T & { rank: number })[] {
  const keys = objective.includes("cost") ? objective : [...objective, "cost" as const];
  const sorted = [...rows].sort((x, y) => {
    for (const k of keys) {
      const c = cmp(x[k], y[k], DIRECTION[k]);
      if (c) return c;
    }
    return x.scenario < y.scenario ? -1 : x.scenario > y.scenario ? 1 : 0;
  });
  const rankOf = new Map(sorted.map((r, i) => [r, i + 1]));
  return rows.map((r) => ({ ...r, rank: rankOf.get(r)! }));
}
