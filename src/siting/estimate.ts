/**
 * The first-order estimate of a candidate's effect on effective resistance, from the baseline alone
 * (no solve per candidate): with V = G (e_b - e_a) the baseline's voltages of pair (a, b) for 1 A, a
 * change D of the Laplacian changes R_ab by -V^T D V to first order (exact for an infinitesimal
 * change; for a single edge, -delta_g (V_i - V_j)^2, the sensitivity behind "current flow
 * betweenness" pinch-point maps). D comes from the same band burn and change rule as the exact
 * evaluation (src/incremental), so the estimate and the exact score see the same structure; only the
 * Woodbury solve is left out. Summed over the changed entries and averaged over the cross-road pairs
 * like the report's effective resistance, then as a percent of the baseline's.
 */
import { burnerFor } from "../incremental/band-burn.ts";
import { changeOn } from "../incremental/change.ts";
import type { BandModel } from "../incremental/model.ts";
import type { Landscape } from "../scenario/evaluate.ts";
import type { ResolvedScenario } from "../scenario/resolve.ts";

/** Estimated delta of the mean cross-road effective resistance, percent (negative: better); NaN when the change cannot be read on the band. */
export function firstOrderDeltaErPct(m: BandModel, ls: Landscape, sc: ResolvedScenario, baselineEr: number): number {
  const burner = burnerFor(m, ls.land, ls.road, ls.focal.data);
  if (!burner.landOk) return NaN;
  const b = burner.burn(sc);
  const res = changeOn(m, b.changed, b.rAt, null);
  if (!res.ok) return NaN;
  const ch = res.change;
  const side = new Map(ls.cores.map((c) => [c.id, c.side]));
  const g = (s: number, t: number) => {
    const x = m.realC[s];
    const y = m.realC[t];
    return x >= 0 && y >= 0 ? m.Gc[x * m.nC + y] : 0; // the ground and isolated nodes sit at 0 V
  };
  let sum = 0;
  let pairs = 0;
  const ids = m.coreIds;
  const V = new Float64Array(ch.slots.length);
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      if (side.get(ids[i]) === side.get(ids[j])) continue;
      const sa = m.coreSlot.get(ids[i])!;
      const sb = m.coreSlot.get(ids[j])!;
      for (let l = 0; l < ch.slots.length; l++) V[l] = g(ch.slots[l], sb) - g(ch.slots[l], sa);
      let dR = 0;
      const c = ch.circuit;
      for (let e = 0; e < c.vals.length; e++) dR -= V[c.rows[e]] * c.vals[e] * V[c.cols[e]];
      sum += dR;
      pairs++;
    }
  }
  return pairs > 0 ? (100 * (sum / pairs)) / baselineEr : NaN;
}

/** Spearman's rank correlation (average ranks for ties); NaN with fewer than 3 finite pairs. */
export function spearman(x: number[], y: number[]): number {
  const keep = x.map((_, i) => i).filter((i) => Number.isFinite(x[i]) && Number.isFinite(y[i]));
  if (keep.length < 3) return NaN;
  const rank = (v: number[]) => {
    const order = keep.map((_, k) => k).sort((a, b) => v[keep[a]] - v[keep[b]]);
    const r = new Float64Array(keep.length);
    for (let s = 0; s < order.length;) {
      let e = s;
      while (e + 1 < order.length && v[keep[order[e + 1]]] === v[keep[order[s]]]) e++;
      for (let k = s; k <= e; k++) r[order[k]] = (s + e) / 2;
      s = e + 1;
    }
    return r;
  };
  const rx = rank(x);
  const ry = rank(y);
  const n = keep.length;
  const mean = (n - 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    sxy += (rx[k] - mean) * (ry[k] - mean);
    sxx += (rx[k] - mean) ** 2;
    syy += (ry[k] - mean) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Cells whose centre lies within r of (x, y) (map units; north-up grid); at least the cell holding the point. */
export function circleCells(width: number, height: number, transform: readonly number[], x: number, y: number, r: number): number[] {
  const dx = transform[1];
  const dy = transform[5];
  const c0 = Math.floor((x - transform[0]) / dx);
  const r0 = Math.floor((y - transform[3]) / dy);
  const span = Math.ceil(r / Math.min(Math.abs(dx), Math.abs(dy))) + 1;
  const out: number[] = [];
  for (let row = r0 - span; row <= r0 + span; row++) {
    for (let col = c0 - span; col <= c0 + span; col++) {
      if (row < 0 || col < 0 || row >= height || col >= width) continue;
      const cx = transform[0] + (col + 0.5) * dx;
      const cy = transform[3] + (row + 0.5) * dy;
      if ((cx - x) ** 2 + (cy - y) ** 2 <= r * r) out.push(row * width + col);
    }
  }
  if (out.length === 0 && r0 >= 0 && c0 >= 0 && r0 < height && c0 < width) out.push(r0 * width + c0);
  return out;
}
