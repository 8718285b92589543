/**
 * Standard aggregation (Vanek, Mandel, Brezina 1996; pyamg's `standard_aggregation`) on the
 * symmetric strength graph: j is a strong neighbour of i when |a_ij|^2 >= theta^2 |a_ii a_jj|.
 * theta = 0 (pyamg's default) makes every off-diagonal entry strong, so no strength matrix is built.
 *   pass 1: a node none of whose strong neighbours is aggregated roots a new aggregate of itself and them;
 *   pass 2: a leftover node joins the aggregate of a strong neighbour from pass 1;
 *   pass 3: a node still left roots an aggregate with its unaggregated strong neighbours.
 * Returns agg[i] = aggregate of node i (every node gets one; an isolated node is its own aggregate).
 * Rows are read whole (lower part through the level's LowerIndex), in the same column order as full CSR.
 */
import type { SymMatrix } from "./types.ts";
import { fullRow, maxFullRow, type LowerIndex } from "./sym.ts";

export type StrengthMeasure = "symmetric" | "classical";

export function standardAggregation(
  A: SymMatrix,
  low: LowerIndex,
  theta: number,
  measure: StrengthMeasure = "symmetric",
): { agg: Int32Array; count: number } {
  const n = A.n;
  const diag = A.diag;
  const t2 = theta * theta;
  const width = maxFullRow(A, low);
  const col = new Int32Array(width);
  const val = new Float64Array(width);
  // classical: theta x the largest off-diagonal coupling -a_ik of each row (setup scratch, 8 bytes per node)
  const bound = measure === "classical" ? classicalBounds(A, theta) : null;
  // strong[q] for the row last read into col/val (q < len)
  const strong = new Uint8Array(width);
  const readRow = (i: number): number => {
    const len = fullRow(A, low, i, col, val);
    for (let q = 0; q < len; q++) {
      const j = col[q];
      const a = val[q];
      let s: boolean;
      if (j === i || a === 0) s = false;
      else if (bound)
        s = -a >= bound[i] || -a >= bound[j]; // symmetrised: strong for i or for j
      else s = t2 === 0 || a * a >= t2 * Math.abs(diag[i] * diag[j]);
      strong[q] = s ? 1 : 0;
    }
    return len;
  };
  // x[i]: 0 unaggregated; a+1 for aggregate a from pass 1; -(a+1) for nodes attached in pass 2.
  const x = new Int32Array(n);
  let next = 1;
  for (let i = 0; i < n; i++) {
    if (x[i] !== 0) continue;
    const len = readRow(i);
    let free = true;
    for (let q = 0; q < len; q++) {
      if (strong[q] && x[col[q]] !== 0) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    x[i] = next;
    for (let q = 0; q < len; q++) if (strong[q]) x[col[q]] = next;
    next++;
  }
  for (let i = 0; i < n; i++) {
    if (x[i] !== 0) continue;
    const len = readRow(i);
    for (let q = 0; q < len; q++) {
      if (!strong[q]) continue;
      const xj = x[col[q]];
      if (xj > 0) {
        x[i] = -xj;
        break;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (x[i] !== 0) continue;
    const len = readRow(i);
    x[i] = next;
    for (let q = 0; q < len; q++) if (strong[q] && x[col[q]] === 0) x[col[q]] = next;
    next++;
  }
  const agg = new Int32Array(n);
  for (let i = 0; i < n; i++) agg[i] = (x[i] > 0 ? x[i] : -x[i]) - 1;
  return { agg, count: next - 1 };
}

/** theta * max_k(-a_ik) per row i (0 for a row with no negative coupling). */
function classicalBounds(A: SymMatrix, theta: number): Float64Array {
  const m = new Float64Array(A.n);
  const { rowPtr, col, val } = A;
  for (let i = 0; i < A.n; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const v = -val[k];
      const j = col[k];
      if (v > m[i]) m[i] = v;
      if (v > m[j]) m[j] = v;
    }
  }
  for (let i = 0; i < A.n; i++) m[i] = m[i] > 0 ? theta * m[i] : Infinity;
  return m;
}
