/**
 * "Nice" numbers for axes, legend ticks and scale bars: 1, 2 or 5 times a power of ten, the values a
 * reader can add up at a glance. Plus one number formatter shared by every label.
 */

/** The largest 1/2/5 x 10^k that is <= x (x > 0). */
export function niceFloor(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`niceFloor needs a positive finite number, got ${x}`);
  const p = 10 ** Math.floor(Math.log10(x));
  // Tolerance so that exact powers (0.3 / 0.1 = 2.9999...) land on the right step.
  const m = x / p + 1e-9;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

/** A tick step near span / count, rounded to 1/2/5 x 10^k. */
export function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
}

/** Ticks at multiples of a nice step inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const step = niceStep(hi - lo, count);
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  for (let i = first; i <= last; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

/**
 * Scale-bar length in km: the largest nice length (1, 2, 5 x 10^k km, down to metres) not longer
 * than `maxKm` (the room the bar may take, e.g. a quarter of the map width).
 */
export function scaleBarKm(maxKm: number): number {
  return niceFloor(maxKm);
}

const SUP: Record<string, string> = {
  "-": "\u207b",
  "0": "\u2070",
  "1": "\u00b9",
  "2": "\u00b2",
  "3": "\u00b3",
  "4": "\u2074",
  "5": "\u2075",
  "6": "\u2076",
  "7": "\u2077",
  "8": "\u2078",
  "9": "\u2079",
};

/** 10^k with a superscript exponent (10⁻⁴), as printed on log axes. */
export function powerOfTen(k: number): string {
  return (
    "10" +
    String(k)
      .split("")
      .map((c) => SUP[c] ?? c)
      .join("")
  );
}

/**
 * A compact label: thin-space thousands, at most `digits` significant digits, powers of ten in
 * superscript form outside 0.001..99 999 so that legends never show "1e-7".
 */
export function formatNumber(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return v > 0 ? "\u221e" : v < 0 ? "\u2212\u221e" : "\u2013";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const sign = v < 0 ? "\u2212" : "";
  if (a >= 1e5 || a < 1e-3) {
    const k = Math.floor(Math.log10(a) + 1e-12);
    const m = a / 10 ** k;
    const mm = Number(m.toPrecision(digits));
    return sign + (Math.abs(mm - 1) < 1e-9 ? "" : `${mm}\u00d7`) + powerOfTen(k);
  }
  // Whole numbers print in full (a legend saying 1230 for 1234 would look like a typo).
  const s = Number.isInteger(a) ? a : Number(a.toPrecision(digits));
  const [int, frac] = String(s).split(".");
  const grouped = int.length > 4 ? int.replace(/\B(?=(\d{3})+(?!\d))/g, "\u2009") : int;
  return sign + grouped + (frac ? `.${frac}` : "");
}
