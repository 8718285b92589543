/**
 * The likelihood `crossway calibrate` maximises (scenarios/METRICS.md, "Calibration"). Observations of
 * one group (crossings, or road kills) are counted per road segment, n_s, and taken as independent
 * Poisson counts with rates proportional to the model's profile m_s (|crossing current|, or expected
 * road deaths): n_s ~ Poisson(c m_s). The scale c (how many animals move, how long the survey ran) is
 * not the model's business, so it is profiled out: c = N / sum m_s, and
 *
 *   log L = sum_s [ n_s log(c m_s) - c m_s - log n_s! ]   (= the multinomial of the shares, + a constant).
 *
 * Only segments with road on the grid count (elsewhere nothing can be observed). A segment where the
 * model puts nothing gets a floor rate of 1e-9 of the mean, so one observation there costs about
 * log(1e-9) = -21 instead of minus infinity. Groups add (they are independent data).
 */

/** log n! for a whole n >= 0. */
export function logFactorial(n: number): number {
  let s = 0;
  for (let k = 2; k <= n; k++) s += Math.log(k);
  return s;
}

export interface GroupFit {
  /** Observations counted. */
  n: number;
  logLik: number;
  /** The fitted scale c. */
  scale: number;
  /** Expected count per segment, c m_s (0 where the segment is not available). */
  expected: number[];
}

export const FLOOR = 1e-9;

/**
 * Poisson log-likelihood of counts per segment under rates proportional to `model`, the scale fitted.
 * `available[s]` false: the segment has no road on the grid (it must hold no observation).
 */
export function poissonFit(counts: readonly number[], model: readonly number[], available: readonly boolean[]): GroupFit {
  let total = 0;
  let nAvail = 0;
  let n = 0;
  for (let s = 0; s < counts.length; s++) {
    if (!available[s]) continue;
    nAvail++;
    total += Math.max(0, model[s]);
    n += counts[s];
  }
  const floor = nAvail > 0 && total > 0 ? (FLOOR * total) / nAvail : 1;
  let sum = 0;
  for (let s = 0; s < counts.length; s++) if (available[s]) sum += Math.max(floor, model[s]);
  const scale = n / sum;
  let logLik = 0;
  const expected = counts.map(() => 0);
  for (let s = 0; s < counts.length; s++) {
    if (!available[s]) continue;
    const lambda = scale * Math.max(floor, model[s]);
    expected[s] = lambda;
    logLik += (counts[s] > 0 ? counts[s] * Math.log(lambda) : 0) - lambda - logFactorial(counts[s]);
  }
  return { n, logLik, scale, expected };
}
