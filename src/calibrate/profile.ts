/**
 * Profile-likelihood intervals (e.g. Venzon & Moolgavkar 1988; Pawitan, "In All Likelihood", ch. 3):
 * for parameter j, the profile P(t) = max over the other parameters of log L with parameter j held at
 * t; the interval is where P stays within chi2_1(confidence) / 2 of the maximum (1.92 for 95 %). Unlike
 * a Wald interval it follows the likelihood's real shape: asymmetric, and open at a range's edge when
 * the data cannot rule the edge out (the parameter is not identified there).
 *
 * Walks outward from the optimum on each side in the unit cube by secant steps on the signed root of
 * the deviance (nearly linear in the parameter), re-fitting the others at every step with Nelder-Mead
 * started where their path points, until the profile falls below the cut; the crossing is then found
 * by one regula-falsi refinement. Works on f = -log L (minimised).
 */
import { nelderMead } from "./nelder-mead.ts";

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/** Half the chi-square(1) quantile: the drop in log L that bounds a profile interval. */
export function profileDrop(confidence: number): number {
  const z = normalQuantile((1 + confidence) / 2);
  return (z * z) / 2;
}

export interface ProfilePoint {
  /** Parameter j's value (unit cube). */
  t: number;
  /** -log L at the profile (others re-fitted). */
  f: number;
  /** The full point. */
  x: number[];
}

export interface ProfileInterval {
  lo: number;
  hi: number;
  /** True when the profile never fell below the cut on that side (the range's edge is in the interval). */
  loOpen: boolean;
  hiOpen: boolean;
  points: ProfilePoint[];
}

export async function profileInterval(
  f: (x: number[]) => Promise<number>,
  best: readonly number[],
  fBest: number,
  j: number,
  opts: { drop: number; innerEvaluations: number; firstStep?: number },
): Promise<ProfileInterval> {
  const d = best.length;
  const points: ProfilePoint[] = [];
  // The profile at t: the others re-fitted from `from`.
  const at = async (t: number, from: readonly number[]): Promise<ProfilePoint> => {
    if (d === 1) {
      const p = { t, f: await f([t]), x: [t] };
      points.push(p);
      return p;
    }
    const others = from.filter((_, i) => i !== j);
    const full = (o: number[]) => [...o.slice(0, j), t, ...o.slice(j)];
    const r = await nelderMead((o) => f(full(o)), others, { step: 0.05, maxEvaluations: opts.innerEvaluations, fTol: 0.05, xTol: 0.02 });
    const p = { t, f: r.f, x: full(r.x) };
    points.push(p);
    return p;
  };
  // The signed root r(t) = sqrt(2 (f(t) - fBest)) - sqrt(2 drop) is close to linear in t for a
  // likelihood that is close to normal, so secant steps on r find the cut in few profile points.
  const cut = Math.sqrt(2 * opts.drop);
  const r = (p: ProfilePoint) => Math.sqrt(2 * Math.max(0, p.f - fBest)) - cut;
  const side = async (dir: 1 | -1): Promise<{ bound: number; open: boolean }> => {
    const trail: ProfilePoint[] = [{ t: best[j], f: fBest, x: [...best] }];
    let step = opts.firstStep ?? 0.08;
    for (let k = 0; k < 30; k++) {
      const last = trail[trail.length - 1];
      if (last.t === (dir > 0 ? 1 : 0)) return { bound: last.t, open: true };
      let t = last.t + dir * step;
      if (trail.length >= 2) {
        // secant on r through the last two points, kept between 1/2 and 4 times the last step
        const prev = trail[trail.length - 2];
        const slope = (r(last) - r(prev)) / (last.t - prev.t);
        const dist = Math.abs(last.t - prev.t);
        const guess = slope * dir > 0 ? Math.abs(-r(last) / slope) : 4 * dist;
        t = last.t + dir * Math.min(4 * dist, Math.max(0.5 * dist, guess * 1.05));
      }
      t = Math.min(1, Math.max(0, t));
      // start the others where the trail points (linear extrapolation of their path)
      let from = last.x;
      if (trail.length >= 2) {
        const prev = trail[trail.length - 2];
        const w = (t - last.t) / (last.t - prev.t);
        from = last.x.map((v, i) => Math.min(1, Math.max(0, v + w * (v - prev.x[i]))));
      }
      const p = await at(t, from);
      if (r(p) >= 0) {
        // Bracketed: regula falsi on r between the last inside point and p, refined once.
        const cross = (a: ProfilePoint, b: ProfilePoint) => a.t + (-r(a) / (r(b) - r(a))) * (b.t - a.t);
        const m = await at(cross(last, p), last.x);
        return { bound: r(m) >= 0 ? cross(last, m) : cross(m, p), open: false };
      }
      trail.push(p);
      step = Math.abs(t - last.t);
    }
    return { bound: trail[trail.length - 1].t, open: true };
  };
  // The two sides are independent: with a pool of workers they run side by side.
  const [lo, hi] = await Promise.all([side(-1), side(1)]);
  return { lo: lo.bound, hi: hi.bound, loOpen: lo.open, hiOpen: hi.open, points };
}
