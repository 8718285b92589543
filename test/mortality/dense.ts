// An independent absorbing Markov chain on a small grid, written from the definition and solved
// densely: states are cells (a region's cells merged into one state), transition i -> j with
// probability (1 - q_i) c_ij / sum_j c_ij, death with probability q_i, the target absorbing.
// Edge conductances by Circuitscape's rule written out here again (average of the two cells'
// conductances, diagonals / sqrt 2), so the test does not lean on src/graph.

export interface DenseCase {
  width: number;
  height: number;
  resistance: Float64Array; // NaN or Infinity: not a cell of the walk
  q: Float64Array;
  /** Per cell region label (0: none); a region is one state. */
  regions: Int32Array;
  neighbours: 4 | 8;
}

export interface DenseResult {
  success: number;
  /** Expected deaths per cell (a region's deaths on its first cell). */
  deathsPerCell: Float64Array;
}

/** Gaussian elimination with partial pivoting: solves A x = b in place (A row-major n x n). */
export function denseSolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(A[i * n + k]) > Math.abs(A[p * n + k])) p = i;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = A[k * n + j];
        A[k * n + j] = A[p * n + j];
        A[p * n + j] = t;
      }
      const t = b[k];
      b[k] = b[p];
      b[p] = t;
    }
    const d = A[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = A[i * n + k] / d;
      if (f === 0) continue;
      for (let j = k; j < n; j++) A[i * n + j] -= f * A[k * n + j];
      b[i] -= f * b[k];
    }
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= A[i * n + j] * x[j];
    x[i] = s / A[i * n + i];
  }
  return x;
}

/** Walk from the state of `sourceCell` to the state of `targetCell`. */
export function denseChain(c: DenseCase, sourceCell: number, targetCell: number): DenseResult {
  const { width: w, height: h } = c;
  const ok = (i: number) => Number.isFinite(c.resistance[i]) && c.resistance[i] > 0;
  // states
  const stateOf = new Int32Array(w * h).fill(-1);
  const firstCell: number[] = [];
  const regionState = new Map<number, number>();
  for (let i = 0; i < w * h; i++) {
    if (!ok(i)) continue;
    const reg = c.regions[i];
    if (reg > 0 && regionState.has(reg)) {
      stateOf[i] = regionState.get(reg)!;
      continue;
    }
    stateOf[i] = firstCell.length;
    if (reg > 0) regionState.set(reg, firstCell.length);
    firstCell.push(i);
  }
  const n = firstCell.length;
  const C = new Float64Array(n * n); // conductance between states
  const steps =
    c.neighbours === 4
      ? [
          [0, 1, 1],
          [1, 0, 1],
        ]
      : [
          [0, 1, 1],
          [1, 0, 1],
          [1, 1, Math.SQRT1_2],
          [1, -1, Math.SQRT1_2],
        ];
  for (let r = 0; r < h; r++)
    for (let col = 0; col < w; col++) {
      const i = r * w + col;
      if (!ok(i)) continue;
      for (const [dr, dc, f] of steps) {
        const r2 = r + dr;
        const c2 = col + dc;
        if (r2 >= h || c2 < 0 || c2 >= w) continue;
        const j = r2 * w + c2;
        if (!ok(j)) continue;
        const si = stateOf[i];
        const sj = stateOf[j];
        if (si === sj) continue;
        const g = ((1 / c.resistance[i] + 1 / c.resistance[j]) / 2) * f;
        C[si * n + sj] += g;
        C[sj * n + si] += g;
      }
    }
  const qs = new Float64Array(n);
  for (let s = 0; s < n; s++) qs[s] = c.regions[firstCell[s]] > 0 ? 0 : c.q[firstCell[s]];
  const a = stateOf[sourceCell];
  const t = stateOf[targetCell];
  // transient states: all but t. I - Q and the one-step probability of entering t.
  const idx = new Int32Array(n).fill(-1);
  let m = 0;
  for (let s = 0; s < n; s++) if (s !== t) idx[s] = m++;
  const IQt = new Float64Array(m * m); // (I - Q)^T, to get the row of N for source a
  const R = new Float64Array(m);
  for (let s = 0; s < n; s++) {
    if (s === t) continue;
    let tot = 0;
    for (let j = 0; j < n; j++) tot += C[s * n + j];
    const live = 1 - qs[s];
    IQt[idx[s] * m + idx[s]] += 1;
    if (tot === 0) continue;
    for (let j = 0; j < n; j++) {
      const p = (live * C[s * n + j]) / tot;
      if (p === 0) continue;
      if (j === t) R[idx[s]] = p;
      else IQt[idx[j] * m + idx[s]] -= p;
    }
  }
  const e = new Float64Array(m);
  e[idx[a]] = 1;
  const Na = denseSolve(IQt, e, m); // N[a, :] (expected visits from a)
  let success = 0;
  for (let s = 0; s < m; s++) success += Na[s] * R[s];
  const deathsPerCell = new Float64Array(w * h);
  for (let s = 0; s < n; s++) if (s !== t) deathsPerCell[firstCell[s]] = Na[idx[s]] * qs[s];
  return { success, deathsPerCell };
}
