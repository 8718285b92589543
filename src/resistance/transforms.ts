/**
 * Habitat suitability -> resistance.
 *
 * Suitability h is taken on 0..1. A layer stored on 0..100 (percent, as many habitat models
 * write it) is declared with `scale: percent`; `scale: auto` reads the layer's maximum: <= 1 means
 * 0..1, <= 100 means 0..100, anything larger is an error (we refuse to guess a third scale).
 * Values outside the declared scale are errors, never silently clipped: they usually mean the
 * wrong layer or the wrong scale was given.
 *
 * Every transform maps h = 1 (best habitat) to resistance 1 and h = 0 to Rmax, decreasing in h:
 * - linear:    R = Rmax - (Rmax - 1) h
 * - inverse:   R = min(Rmax, 1 / h)            (h = 0 -> Rmax)
 * - negative exponential (Keeley et al. 2016, "Habitat suitability is a poor proxy for landscape
 *   connectivity"): R = Rmax - (Rmax - 1) (1 - exp(-c h)) / (1 - exp(-c)). Larger c makes
 *   resistance fall fast as suitability rises from 0, so only the poorest habitat resists
 *   strongly (animals cross mediocre habitat readily, as Keeley et al. found for dispersal);
 *   c -> 0 is the linear transform (the limit is taken explicitly below, since the formula is
 *   0/0 there).
 */
import { CrosswayError } from "../util/errors.ts";
import type { Grid } from "../grid/grid.ts";

export type HabitatScale = "unit" | "percent" | "auto";

export type HabitatTransform =
  { kind: "linear"; rmax: number } | { kind: "inverse"; rmax: number } | { kind: "negative_exponential"; rmax: number; c: number };

/** Below this |c| the exponential form loses digits to cancellation; use its series instead. */
const C_LINEAR = 1e-6;

export function linearResistance(h: number, rmax: number): number {
  return rmax - (rmax - 1) * h;
}

export function inverseResistance(h: number, rmax: number): number {
  return h * rmax <= 1 ? rmax : 1 / h;
}

export function negExpResistance(h: number, c: number, rmax: number): number {
  if (Math.abs(c) < C_LINEAR) {
    // (1 - e^{-ch}) / (1 - e^{-c}) = h (1 + c (1 - h) / 2 + O(c^2))
    return rmax - (rmax - 1) * h * (1 + (c * (1 - h)) / 2);
  }
  return rmax - ((rmax - 1) * -Math.expm1(-c * h)) / -Math.expm1(-c);
}

export function checkTransform(t: HabitatTransform, where: { file?: string; field?: string } = {}): void {
  if (!(t.rmax >= 1) || !Number.isFinite(t.rmax)) {
    throw new CrosswayError(`rmax must be a finite number >= 1, got ${t.rmax}`, where);
  }
  if (t.kind === "negative_exponential" && !Number.isFinite(t.c)) {
    throw new CrosswayError(`c must be a finite number, got ${t.c}`, where);
  }
}

/** Resolve the divisor that brings the layer to 0..1. */
export function habitatDivisor(data: ArrayLike<number>, scale: HabitatScale, file?: string): 1 | 100 {
  if (scale === "unit") return 1;
  if (scale === "percent") return 100;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v > max) max = v; // NaN compares false: nodata is skipped
  }
  if (max <= 1) return 1;
  if (max <= 100) return 100;
  throw new CrosswayError(`habitat suitability reaches ${max}; expected 0..1 or 0..100 (declare scale: unit or percent)`, {
    file,
    field: "habitat",
  });
}

/** A new Float64 grid of resistances; nodata (NaN) stays NaN. */
export function habitatToResistance(
  habitat: Grid,
  transform: HabitatTransform,
  scale: HabitatScale = "auto",
  file?: string,
): Grid<Float64Array> {
  checkTransform(transform, { file, field: "habitat.transform" });
  const div = habitatDivisor(habitat.data, scale, file);
  const src = habitat.data;
  const out = new Float64Array(src.length);
  const { rmax } = transform;
  for (let i = 0; i < src.length; i++) {
    const raw = src[i];
    if (Number.isNaN(raw)) {
      out[i] = NaN;
      continue;
    }
    const h = raw / div;
    if (!(h >= 0 && h <= 1)) {
      const row = Math.floor(i / habitat.width);
      throw new CrosswayError(`habitat suitability ${raw} at row ${row}, column ${i - row * habitat.width} is outside 0..${div}`, {
        file,
        field: "habitat",
      });
    }
    out[i] =
      transform.kind === "linear"
        ? linearResistance(h, rmax)
        : transform.kind === "inverse"
          ? inverseResistance(h, rmax)
          : negExpResistance(h, transform.c, rmax);
  }
  return { ...habitat, transform: [...habitat.transform], data: out };
}
