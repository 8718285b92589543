/**
 * Several factor layers (habitat-derived, land-cover-derived, slope, ...) -> one resistance.
 *
 * Rules: sum, product, max, weighted_sum (sum of w_i r_i). The result is clipped to [min, max]
 * (default [1, Rmax]) so that no combination produces a resistance below 1 (better than the best
 * habitat) or above the ceiling the recipe set. Two states are not clipped, because they are not
 * resistances but model decisions: nodata (NaN in any layer -> NaN, the cell leaves the model) and
 * barrier (+Infinity in any layer -> +Infinity, impassable).
 *
 * Alignment is checked by the caller (recipe.ts, with assertAligned or resampleTo); here only the
 * sizes are guarded, since a mismatch would read past the ends of the arrays.
 */
import { CrosswayError } from "../util/errors.ts";
import type { Grid } from "../grid/grid.ts";

export type CombineRule = "sum" | "product" | "max" | "weighted_sum";

export interface CombineOptions {
  rule: CombineRule;
  /** One weight per layer, for weighted_sum. */
  weights?: number[];
  /** Clip range; default [1, Infinity) (no upper clip). */
  clip?: [number, number];
  /** Layer names for messages. */
  names?: string[];
}

export function combineLayers(layers: Grid[], opts: CombineOptions): Grid<Float64Array> {
  if (layers.length === 0) throw new CrosswayError("no resistance layers to combine", { field: "combine" });
  const n = layers[0].data.length;
  const names = opts.names ?? layers.map((_, i) => `layer ${i}`);
  for (let k = 1; k < layers.length; k++) {
    if (layers[k].width !== layers[0].width || layers[k].height !== layers[0].height) {
      throw new CrosswayError(
        `${names[k]} is ${layers[k].width} x ${layers[k].height} cells but ${names[0]} is ${layers[0].width} x ${layers[0].height}`,
        { field: "combine" },
      );
    }
  }
  const rule = opts.rule;
  let w: Float64Array | null = null;
  if (rule === "weighted_sum") {
    if (!opts.weights || opts.weights.length !== layers.length) {
      throw new CrosswayError(`weighted_sum needs one weight per layer (${names.join(", ")})`, { field: "combine.weights" });
    }
    for (let k = 0; k < opts.weights.length; k++) {
      if (!(opts.weights[k] >= 0) || !Number.isFinite(opts.weights[k])) {
        throw new CrosswayError(`weight of ${names[k]} must be a finite number >= 0, got ${opts.weights[k]}`, {
          field: "combine.weights",
        });
      }
    }
    w = Float64Array.from(opts.weights);
  }
  const [lo, hi] = opts.clip ?? [1, Infinity];
  if (!(lo > 0) || !(hi >= lo)) {
    throw new CrosswayError(`clip range [${lo}, ${hi}] must satisfy 0 < min <= max`, { field: "clip" });
  }
  const out = new Float64Array(n);
  const datas = layers.map((l) => l.data);
  const m = datas.length;
  for (let i = 0; i < n; i++) {
    let acc = rule === "product" ? 1 : rule === "max" ? -Infinity : 0;
    let nodata = false;
    let barrier = false;
    for (let k = 0; k < m; k++) {
      const v = datas[k][i];
      if (Number.isNaN(v)) {
        nodata = true;
        break;
      }
      if (v === Infinity) {
        barrier = true;
        continue;
      }
      if (rule === "sum") acc += v;
      else if (rule === "product") acc *= v;
      else if (rule === "max") acc = v > acc ? v : acc;
      else acc += w![k] * v;
    }
    if (nodata) out[i] = NaN;
    else if (barrier) out[i] = Infinity;
    else out[i] = acc < lo ? lo : acc > hi ? hi : acc;
  }
  return { ...layers[0], transform: [...layers[0].transform], data: out };
}
