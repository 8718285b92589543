/**
 * Node currents from node voltages, with Circuitscape's convention: the current through a node is
 * the larger of its total inflow and total outflow (branch currents plus finite-ground currents;
 * an injected source shows up as the outflow it drives). Branch currents smaller than 1e-8 of the
 * largest branch current are zeroed first (solver noise).
 */
import type { SymMatrix } from "../solve/types.ts";

/**
 * @param L graph Laplacian (symmetric form: each edge once, upper triangle = -conductance)
 * @param v voltage per node; nodes with NaN voltage (other components) get current NaN
 * @param out current per node (written)
 * @param finiteGround optional per node conductance to ground
 * @param scratch optional n-vector to use for the outflows (allocated when not given)
 */
export function nodeCurrents(L: SymMatrix, v: Float64Array, out: Float64Array, finiteGround?: Float64Array, scratch?: Float64Array): void {
  const { n, rowPtr, col, val } = L;
  let maxFlow = 0;
  for (let u = 0; u < n; u++) {
    const vu = v[u];
    if (vu !== vu) continue;
    for (let k = rowPtr[u]; k < rowPtr[u + 1]; k++) {
      const f = Math.abs(val[k] * (vu - v[col[k]]));
      if (f > maxFlow) maxFlow = f;
    }
  }
  const thr = maxFlow * 1e-8;
  // Each edge once, for both its ends: a node's branches are met in ascending neighbour order (the
  // rows above it scatter first, then its own row), the order a full row would give.
  const inflow = out;
  const outflow = scratch && scratch.length >= n ? scratch : new Float64Array(n);
  inflow.fill(0, 0, n);
  outflow.fill(0, 0, n);
  for (let u = 0; u < n; u++) {
    const vu = v[u];
    if (vu !== vu) continue;
    for (let k = rowPtr[u]; k < rowPtr[u + 1]; k++) {
      const w = col[k];
      const vw = v[w];
      if (vw !== vw) continue;
      const fu = -val[k] * (vw - vu); // conductance x voltage drop towards u
      if (fu > thr) inflow[u] += fu;
      else if (fu < -thr) outflow[u] -= fu;
      const fw = -val[k] * (vu - vw); // towards w
      if (fw > thr) inflow[w] += fw;
      else if (fw < -thr) outflow[w] -= fw;
    }
  }
  for (let u = 0; u < n; u++) {
    const vu = v[u];
    if (vu !== vu) {
      out[u] = NaN;
      continue;
    }
    let i = inflow[u];
    let o = outflow[u];
    if (finiteGround) {
      const gi = finiteGround[u] * vu;
      if (gi < 0) i -= gi;
      else o += gi;
    }
    out[u] = i > o ? i : o;
  }
}
