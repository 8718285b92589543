/**
 * The best set of new structures under a budget. Choosing k edges to lower effective resistance most
 * is NP-hard and not submodular, so this is a heuristic with an exact score at every step:
 *   - greedy: add the candidate with the largest exact marginal gain (or gain per cost), re-scoring
 *     after each pick; lazily (a candidate is re-scored only while its last known marginal gain could
 *     still beat the best found this step: exact when gains diminish, a heuristic otherwise);
 *   - both orders are run and the plan with the larger total gain kept;
 *   - then swaps: replace one structure of the plan by one of the best single candidates while that
 *     raises the total gain (within the budget and the spacing).
 * checkOptimality searches every pair (triple) among the best singles, to say how far greedy is.
 */
import type { Candidate } from "./candidates.ts";
import type { Scorer } from "./scorer.ts";

export interface PlanStep {
  candidate: Candidate;
  /** The plan's total gain after this step (objective, percent) and the step's own share. */
  gain: number;
  marginal: number;
  cost: number;
}

export interface PlanLimits {
  budget: number;
  maxStructures: number;
  minSpacing: number;
}

const fits = (set: Candidate[], c: Candidate, lim: PlanLimits) =>
  set.length < lim.maxStructures &&
  set.reduce((s, x) => s + x.cost_musd, 0) + c.cost_musd <= lim.budget + 1e-9 &&
  set.every((x) => x !== c && Math.abs(x.chainage_m - c.chainage_m) >= lim.minSpacing);

async function total(scorer: Scorer, set: Candidate[]): Promise<number> {
  return set.length ? scorer.gain((await scorer.score(set)).row) : 0;
}

/** Greedy by gain or by gain per cost, with lazy re-scoring; `single` holds every candidate's exact single gain. */
export async function greedy(
  scorer: Scorer,
  candidates: Candidate[],
  single: Map<Candidate, number>,
  lim: PlanLimits,
  perCost: boolean,
  onStep?: () => void,
): Promise<PlanStep[]> {
  const steps: PlanStep[] = [];
  const plan: Candidate[] = [];
  let current = 0;
  const bound = new Map(single);
  const key = (c: Candidate, g: number) => (perCost ? g / c.cost_musd : g);
  for (;;) {
    const open = candidates.filter((c) => fits(plan, c, lim) && bound.get(c)! > 0);
    if (open.length === 0) break;
    open.sort((a, b) => key(b, bound.get(b)!) - key(a, bound.get(a)!) || a.chainage_m - b.chainage_m);
    let best: Candidate | null = null;
    let bestMarginal = -Infinity;
    for (const c of open) {
      if (best && key(c, bound.get(c)!) <= key(best, bestMarginal)) break;
      const marginal = (await total(scorer, [...plan, c])) - current;
      onStep?.();
      bound.set(c, marginal);
      if (!best || key(c, marginal) > key(best, bestMarginal)) {
        best = c;
        bestMarginal = marginal;
      }
    }
    if (!best || !(bestMarginal > 0)) break;
    plan.push(best);
    current += bestMarginal;
    steps.push({ candidate: best, gain: current, marginal: bestMarginal, cost: plan.reduce((s, x) => s + x.cost_musd, 0) });
  }
  return steps;
}

/** Swap one structure of the plan for one of `pool` while the total gain rises. */
export async function improveBySwaps(
  scorer: Scorer,
  plan: Candidate[],
  pool: Candidate[],
  lim: PlanLimits,
  onStep?: () => void,
): Promise<Candidate[]> {
  let best = [...plan];
  let bestGain = await total(scorer, best);
  for (let pass = 0, improved = true; improved && pass < 5; pass++) {
    improved = false;
    for (let i = 0; i < best.length; i++) {
      const rest = best.filter((_, j) => j !== i);
      for (const c of pool) {
        if (best.includes(c) || !fits(rest, c, lim)) continue;
        const trial = [...rest.slice(0, i), c, ...rest.slice(i)];
        const g = await total(scorer, trial);
        onStep?.();
        if (g > bestGain + 1e-12) {
          best = trial;
          bestGain = g;
          improved = true;
        }
      }
    }
  }
  return best;
}

/** The best set of exactly k among `pool` (every k-subset that fits), for the optimality check. */
export async function exhaustive(
  scorer: Scorer,
  pool: Candidate[],
  k: number,
  lim: PlanLimits,
  onStep?: () => void,
): Promise<{ set: Candidate[]; gain: number; tried: number }> {
  let best: Candidate[] = [];
  let bestGain = -Infinity;
  let tried = 0;
  const rec = async (start: number, set: Candidate[]): Promise<void> => {
    if (set.length === k) {
      tried++;
      const g = await total(scorer, set);
      onStep?.();
      if (g > bestGain) {
        bestGain = g;
        best = [...set];
      }
      return;
    }
    for (let i = start; i < pool.length; i++) if (fits(set, pool[i], { ...lim, maxStructures: k })) await rec(i + 1, [...set, pool[i]]);
  };
  await rec(0, []);
  return { set: best, gain: bestGain, tried };
}

/** How many k-subsets of `pool` fit the limits (exhaustive's work, for its progress bar). */
export function countFeasible(pool: Candidate[], k: number, lim: PlanLimits): number {
  let n = 0;
  const rec = (start: number, set: Candidate[]) => {
    if (set.length === k) {
      n++;
      return;
    }
    for (let i = start; i < pool.length; i++) if (fits(set, pool[i], { ...lim, maxStructures: k })) rec(i + 1, [...set, pool[i]]);
  };
  rec(0, []);
  return n;
}

export interface FenceStep {
  fence: { id: string; from_m: number; to_m: number; cost_musd: number };
  /** The plan's total gain after this fence, and the fence's own share. */
  gain: number;
  marginal: number;
  /** Cumulative cost of the plan (structures and fences). */
  cost: number;
}

/**
 * Fences after the structures: the road stretches between consecutive structures (existing and
 * planned) and from each end of the road to the nearest one are the candidates (a fence leaves
 * structure cells open, so a stretch may run from structure to structure). Greedy by exact marginal
 * gain, within the budget, while a fence helps.
 */
export async function addFences(
  scorer: Scorer,
  plan: Candidate[],
  existing: readonly number[],
  roadLength: number,
  costPerKm: number,
  lim: PlanLimits,
  startGain: number,
  onStep?: () => void,
): Promise<FenceStep[]> {
  const at = [...existing, ...plan.map((c) => c.chainage_m)].sort((a, b) => a - b);
  const bounds = [0, ...at, roadLength];
  const stretches: FenceStep["fence"][] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i];
    const to = bounds[i + 1];
    if (to - from < 1) continue;
    stretches.push({
      id: `F-${(from / 1000).toFixed(2)}-${(to / 1000).toFixed(2)}`,
      from_m: Math.round(from * 100) / 100,
      to_m: Math.round(to * 100) / 100,
      cost_musd: Math.round(((to - from) / 1000) * costPerKm * 1000) / 1000,
    });
  }
  const steps: FenceStep[] = [];
  const chosen: FenceStep["fence"][] = [];
  let spent = plan.reduce((s, c) => s + c.cost_musd, 0);
  let current = startGain;
  for (;;) {
    let best: FenceStep["fence"] | null = null;
    let bestGain = -Infinity;
    for (const f of stretches) {
      if (chosen.includes(f) || spent + f.cost_musd > lim.budget + 1e-9) continue;
      const g = scorer.gain((await scorer.score(plan, [...chosen, f])).row);
      onStep?.();
      if (g > bestGain) {
        bestGain = g;
        best = f;
      }
    }
    if (!best || !(bestGain > current + 1e-12)) break;
    chosen.push(best);
    spent += best.cost_musd;
    steps.push({ fence: best, gain: bestGain, marginal: bestGain - current, cost: spent });
    current = bestGain;
  }
  return steps;
}
