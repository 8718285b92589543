/**
 * Node currents from node voltages, with Circuitscape's convention: the current through a node is
 * the larger of its total inflow and total outflow (branch currents plus finite-ground currents;
 * an injected source shows up as the outflow it drives). Branch currents smaller than 1e-8 of the
 * largest branch current are zeroed first (solver noise).
 */
import type { CsrMatrix } from "../solve/types.ts";

/**
 * @param L graph Laplacian (off-diagonal = -conductance)
 * @param v voltage per node; nodes with NaN voltage (other components) get current NaN
 * @param out current per node (written)
 * @param finiteGround optional per node conductance to ground
 */
export function nodeCurrents(L: CsrMatrix, v: Float64Array, out: Float64Array, finiteGround?: Float64Array): void {
  const { n, rowPtr, col, val } = L;
  let maxFlow = 0;
  for (let u = 0; u < n; u++) {
    const vu = v[u];
    if (vu !== vu) continue;
    for (let k = rowPtr[u]; k < rowPtr[u + 1]; k++) {
      const w = col[k];
      if (w <= u) continue;
      const f = Math.abs(val[k] * (vu - v[w]));
      if (f > maxFlow) maxFlow = f;
    }
  }
  const thr = maxFlow * 1e-8;
  for (let u = 0; u < n; u++) {
    const vu = v[u];
    if (vu !== vu) {
      out[u] = NaN;
      continue;
    }
    let inflow = 0;
    let outflow = 0;
    for (let k = rowPtr[u]; k < rowPtr[u + 1]; k++) {
      const w = col[k];
      if (w === u) continue;
      const f = -val[k] * (v[w] - vu); // conductance x voltage drop towards u
      if (f > thr) inflow += f;
      else if (f < -thr) outflow -= f;
    }
    if (finiteGround) {
      const gi = finiteGround[u] * vu;
      if (gi < 0) inflow -= gi;
      else outflow += gi;
    }
    out[u] = inflow > outflow ? inflow : outflow;
  }
}
