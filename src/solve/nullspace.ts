/**
 * Singular but consistent systems: an ungrounded graph Laplacian (what reference.py hands pyamg),
 * whose null space is the constants on each connected component. Its solutions differ by those
 * constants, so the solver grounds a copy instead - the lowest node of each component held at 0 V,
 * its right-hand side entry dropped (consistency makes that equation hold by itself) - and solves a
 * positive definite system: CG on the singular one converges only as far as rounding lets the
 * iterates drift along the null space. Grounded systems - all the circuit engine builds - pay one
 * pass over the matrix for the check.
 */
import type { SymMatrix } from "./types.ts";
import { connectedComponents } from "./sym.ts";

/** A grounded copy of A and its pinned nodes, or null when some row of A does not sum to zero. */
export function groundedCopy(A: SymMatrix): { A: SymMatrix; pins: Int32Array } | null {
  const { n, diag, rowPtr, col, val } = A;
  if (n === 0) return null;
  // First a necessary condition, with no allocation: the entries of a Laplacian sum to zero.
  let total = 0;
  let size = 0;
  for (let i = 0; i < n; i++) {
    total += diag[i];
    size += Math.abs(diag[i]);
  }
  for (let k = 0; k < rowPtr[n]; k++) {
    total += 2 * val[k];
    size += 2 * Math.abs(val[k]);
  }
  if (!(Math.abs(total) <= 1e-12 * size)) return null;
  const sum = Float64Array.from(diag);
  const scale = Float64Array.from(diag, Math.abs);
  for (let i = 0; i < n; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const v = val[k];
      sum[i] += v;
      sum[col[k]] += v;
      scale[i] += Math.abs(v);
      scale[col[k]] += Math.abs(v);
    }
  }
  for (let i = 0; i < n; i++) if (!(Math.abs(sum[i]) <= 1e-12 * scale[i])) return null;
  const { component, nComponents } = connectedComponents(A);
  const pins = new Int32Array(nComponents);
  const pinned = new Uint8Array(n);
  // components are numbered in order of their lowest node: the first node met of each is its pin
  for (let i = 0, c = 0; i < n && c < nComponents; i++) {
    if (component[i] === c) {
      pins[c++] = i;
      pinned[i] = 1;
    }
  }
  const d = Float64Array.from(diag);
  const v = val.slice(0, rowPtr[n]);
  for (let i = 0; i < n; i++) {
    if (pinned[i]) d[i] = 1;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) if (pinned[i] || pinned[col[k]]) v[k] = 0;
  }
  return { A: { n, diag: d, rowPtr, col: col.subarray(0, rowPtr[n]), val: v }, pins };
}
