/**
 * Standard aggregation (Vanek, Mandel, Brezina 1996; pyamg's `standard_aggregation`) on the
 * symmetric strength graph: j is a strong neighbour of i when |a_ij|^2 >= theta^2 |a_ii a_jj|.
 * theta = 0 (pyamg's default) makes every off-diagonal entry strong, so no strength matrix is built.
 *   pass 1: a node none of whose strong neighbours is aggregated roots a new aggregate of itself and them;
 *   pass 2: a leftover node joins the aggregate of a strong neighbour from pass 1;
 *   pass 3: a node still left roots an aggregate with its unaggregated strong neighbours.
 * Returns agg[i] = aggregate of node i (every node gets one; an isolated node is its own aggregate).
 */
export function standardAggregation(
  n: number,
  rowPtr: Int32Array,
  col: Int32Array,
  val: Float64Array,
  diag: Float64Array,
  theta: number,
): { agg: Int32Array; count: number } {
  const t2 = theta * theta;
  const strong = (i: number, k: number): boolean => {
    const j = col[k];
    if (j === i) return false;
    if (t2 === 0) return val[k] !== 0;
    const a = val[k];
    return a * a >= t2 * Math.abs(diag[i] * diag[j]);
  };
  // x[i]: 0 unaggregated; a+1 for aggregate a from pass 1; -(a+1) for nodes attached in pass 2.
  const x = new Int32Array(n);
  let next = 1;
  for (let i = 0; i < n; i++) {
    if (x[i] !== 0) continue;
    let free = true;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      if (strong(i, k) && x[col[k]] !== 0) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    x[i] = next;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) if (strong(i, k)) x[col[k]] = next;
    next++;
  }
  for (let i = 0; i < n; i++) {
    if (x[i] !== 0) continue;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      if (!strong(i, k)) continue;
      const xj = x[col[k]];
      if (xj > 0) {
        x[i] = -xj;
        break;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (x[i] !== 0) continue;
    x[i] = next;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) if (strong(i, k) && x[col[k]] === 0) x[col[k]] = next;
    next++;
  }
  const agg = new Int32Array(n);
  for (let i = 0; i < n; i++) agg[i] = (x[i] > 0 ? x[i] : -x[i]) - 1;
  return { agg, count: next - 1 };
}
