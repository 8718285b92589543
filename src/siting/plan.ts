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
