/**
 * Stretches: how data values map to positions 0..1 on a colour ramp, and where the legend's ticks go.
 *
 * - linear: min..max (or given limits) evenly.
 * - clip: linear between two percentiles (default 2 and 98), so a few extreme cells do not wash
 *   the rest of the map into one colour.
 * - log: log10 between a positive lower limit and the maximum; current density spans several
 *   orders of magnitude and a linear stretch shows only the hottest corridor.
 * - equalize: histogram equalisation, each colour covers the same number of cells.
 * - symmetric: linear over [-L, L] with zero at 0.5, for differences on a diverging ramp; L is a
 *   high percentile of |v| so that zero stays in the middle whatever the sign balance.
 */
import { formatNumber, niceTicks, powerOfTen } from "./nice.ts";

export type StretchKind = "linear" | "clip" | "log" | "equalize" | "symmetric";

export interface StretchOptions {
  /** Fixed limits (override what the data say). */
  min?: number;
  max?: number;
  /** Percentiles (0..100) for clip / log lower limit / symmetric limit. */
  lowPct?: number;
  highPct?: number;
}

export interface Tick {
  /** Position along the colour bar, 0..1. */
  t: number;
  value: number;
  label: string;
}

export interface Stretch {
  kind: StretchKind;
  /** Data value at ramp position 0 and 1. */
  lo: number;
  hi: number;
  /** Ramp position 0..1 for a value (clamped); NaN for nodata. */
  unit(v: number): number;
  ticks(): Tick[];
}

/** A sorted sample of the finite values (at most `cap`, taken at an even stride) for percentiles. */
export function sortedSample(data: ArrayLike<number>, cap = 262144, keep: (v: number) => boolean = Number.isFinite): Float64Array {
  const n = data.length;
  const stride = Math.max(1, Math.floor(n / cap));
  let count = 0;
  for (let i = 0; i < n; i += stride) if (keep(data[i])) count++;
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < n; i += stride) {
    const v = data[i];
    if (keep(v)) out[k++] = v;
  }
  return out.sort();
}

/** Percentile (0..100) of a sorted array, linear between order statistics. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const x = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const i = Math.floor(x);
  const f = x - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}

const clamp01 = (t: number) => (t < 0 ? 0 : t > 1 ? 1 : t);

function linearTicks(lo: number, hi: number, map: (v: number) => number): Tick[] {
  return niceTicks(lo, hi, 5).map((value) => ({ t: map(value), value, label: formatNumber(value) }));
}

export function linearStretch(lo: number, hi: number, kind: StretchKind = "linear"): Stretch {
  const span = hi > lo ? hi - lo : 1;
  const unit = (v: number) => (Number.isNaN(v) ? NaN : clamp01((v - lo) / span));
  return { kind, lo, hi, unit, ticks: () => linearTicks(lo, hi, unit) };
}

export function logStretch(lo: number, hi: number): Stretch {
  if (!(lo > 0)) throw new RangeError(`log stretch needs a positive lower limit, got ${lo}`);
  if (!(hi > lo)) hi = lo * 10;
  const l0 = Math.log10(lo);
  const span = Math.log10(hi) - l0;
  // Zero and negative values (no current) take the bottom colour, not nodata.
  const unit = (v: number) => (Number.isNaN(v) ? NaN : v <= 0 ? 0 : clamp01((Math.log10(v) - l0) / span));
  const ticks = (): Tick[] => {
    const out: Tick[] = [];
    const k0 = Math.ceil(l0 - 1e-9);
    const k1 = Math.floor(Math.log10(hi) + 1e-9);
    const decades = k1 - k0 + 1;
    // Few decades: add 2x and 5x ticks so the bar still has several labels.
    const mult = decades >= 3 ? [1] : [1, 2, 5];
    const step = decades > 8 ? Math.ceil(decades / 6) : 1;
    for (let k = k0 - 1; k <= k1; k++) {
      for (const m of mult) {
        if (m === 1 && (k - k0) % step !== 0) continue;
        const v = m * 10 ** k;
        if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9)) continue;
        out.push({ t: unit(v), value: v, label: m === 1 && (k < -3 || k > 4) ? powerOfTen(k) : formatNumber(v) });
      }
    }
    return out;
  };
  return { kind: "log", lo, hi, unit, ticks };
}

/** Histogram equalisation from a sorted sample: the ramp position of v is its quantile. */
export function equalizeStretch(sorted: Float64Array): Stretch {
  const n = sorted.length;
  const lo = n ? sorted[0] : 0;
  const hi = n ? sorted[n - 1] : 1;
  const unit = (v: number) => {
    if (Number.isNaN(v)) return NaN;
    if (n < 2) return 0.5;
    // Binary search: the mean rank of v among the sample (ties share the middle rank).
    let a = 0;
    let b = n;
    while (a < b) {
      const m = (a + b) >> 1;
      if (sorted[m] < v) a = m + 1;
      else b = m;
    }
    let c = a;
    let d = n;
    while (c < d) {
      const m = (c + d) >> 1;
      if (sorted[m] <= v) c = m + 1;
      else d = m;
    }
    return clamp01(((a + c) / 2 - 0.5) / (n - 1));
  };
  // Ticks at quantiles 0, 25, 50, 75, 100 %, labelled with the data values found there.
  const ticks = (): Tick[] =>
    n
      ? [0, 25, 50, 75, 100].map((p) => {
          const value = percentile(sorted, p);
          return { t: p / 100, value, label: formatNumber(value) };
        })
      : [];
  return { kind: "equalize", lo, hi, unit, ticks };
}

export function symmetricStretch(limit: number): Stretch {
  const L = limit > 0 && Number.isFinite(limit) ? limit : 1;
  const unit = (v: number) => (Number.isNaN(v) ? NaN : clamp01(0.5 + v / (2 * L)));
  const ticks = (): Tick[] => {
    const vals = niceTicks(-L, L, 4);
    if (!vals.includes(0)) vals.push(0);
    return vals
      .sort((a, b) => a - b)
      .map((value) => ({ t: unit(value), value, label: value > 0 ? `+${formatNumber(value)}` : formatNumber(value) }));
  };
  return { kind: "symmetric", lo: -L, hi: L, unit, ticks };
}

/** Build a stretch from the data of a grid (NaN = nodata). */
export function makeStretch(kind: StretchKind, data: ArrayLike<number>, opts: StretchOptions = {}): Stretch {
  switch (kind) {
    case "linear": {
      const s = sortedSample(data);
      return linearStretch(opts.min ?? (s.length ? s[0] : 0), opts.max ?? (s.length ? s[s.length - 1] : 1));
    }
    case "clip": {
      const s = sortedSample(data);
      return linearStretch(opts.min ?? percentile(s, opts.lowPct ?? 2), opts.max ?? percentile(s, opts.highPct ?? 98), "clip");
    }
    case "log": {
      const s = sortedSample(data, 262144, (v) => v > 0 && Number.isFinite(v));
      const hi = opts.max ?? (s.length ? percentile(s, opts.highPct ?? 100) : 1);
      // Default lower limit: the 1st percentile of positive values, but never more than 6 decades
      // under the top (solver noise near 1e-12 would otherwise stretch the bar over 12 decades).
      const lo = opts.min ?? (s.length ? Math.max(percentile(s, opts.lowPct ?? 1), hi * 1e-6) : hi / 10);
      return logStretch(lo, hi > lo ? hi : lo * 10);
    }
    case "equalize":
      return equalizeStretch(sortedSample(data));
    case "symmetric": {
      const s = sortedSample(data, 262144, Number.isFinite);
      const abs = s.map(Math.abs).sort();
      return symmetricStretch(opts.max ?? percentile(abs, opts.highPct ?? 99));
    }
  }
}
