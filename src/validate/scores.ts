/**
 * How well a profile along the road (a score per segment) predicts where observations fall:
 *   - AUC (Mann-Whitney): the probability that an observation's segment scores higher than a segment
 *     drawn uniformly along the road (ties count half), over every observed animal (counts weight);
 *   - its permutation p-value: the same AUC for as many positions drawn uniformly along the road,
 *     repeated, p = (1 + #(AUC_random >= AUC)) / (1 + repeats) (seeded, so reruns agree);
 *   - Spearman's correlation of the observed counts per segment with the scores;
 *   - the share of observations in the top-k segments by score (ties broken by position).
 * Each segment weighs its share of the available road (the caller's `lengths`: road cells per segment).
 */
import { spearman } from "../siting/estimate.ts";

export interface ProfileScores {
  auc: number;
  p_value: number;
  spearman: number;
  top_share: number;
}

/** Fraction of road length with a lower score (+ half of the equal), per score value. */
function aucOf(scores: readonly number[], lengths: readonly number[], obsSegments: readonly number[]): number {
  const total = lengths.reduce((a, b) => a + b, 0);
  let sum = 0;
  for (const s of obsSegments) {
    const v = scores[s];
    let below = 0;
    let equal = 0;
    for (let k = 0; k < scores.length; k++) {
      if (scores[k] < v) below += lengths[k];
      else if (scores[k] === v) equal += lengths[k];
    }
    sum += (below + equal / 2) / total;
  }
  return obsSegments.length ? sum / obsSegments.length : NaN;
}

/** Small seeded generator (mulberry32), so permutation p-values are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param scores per segment; @param lengths per segment (metres); @param observed segment of each observed
 * animal (an observation with count n appears n times)
 */
export function scoreProfile(
  scores: readonly number[],
  lengths: readonly number[],
  observed: readonly number[],
  opts: { permutations: number; topFraction: number; seed: number },
): ProfileScores {
  const auc = aucOf(scores, lengths, observed);
  const total = lengths.reduce((a, b) => a + b, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const l of lengths) cum.push((acc += l));
  const draw = rng(opts.seed);
  const pick = () => {
    const u = draw() * total;
    let k = 0;
    while (k < cum.length - 1 && cum[k] <= u) k++;
    return k;
  };
  let atLeast = 0;
  const random = new Array<number>(observed.length);
  for (let r = 0; r < opts.permutations; r++) {
    for (let i = 0; i < observed.length; i++) random[i] = pick();
    if (aucOf(scores, lengths, random) >= auc - 1e-12) atLeast++;
  }
  const counts = scores.map(() => 0);
  for (const s of observed) counts[s]++;
  const k = Math.max(1, Math.round(opts.topFraction * scores.length));
  const top = new Set(
    scores
      .map((v, i) => [v, i] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, k)
      .map(([, i]) => i),
  );
  return {
    auc,
    p_value: (1 + atLeast) / (1 + opts.permutations),
    spearman: spearman(counts, [...scores]),
    top_share: observed.length ? observed.filter((s) => top.has(s)).length / observed.length : NaN,
  };
}
