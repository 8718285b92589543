/**
 * Columns of the inverse of a changed matrix, from the inverse of the reference (Woodbury):
 *
 *   A' = A + E D E^T   (E: the columns of the changed nodes C, D: |C| x |C|, the change of A on C)
 *   G' = G - G E X,    X = (I + D G_CC)^-1 D G_C,K
 *
 * for the wanted columns K. Only |C| x |C| is factorised (LU with partial pivoting: I + D G_CC is not
 * symmetric), so a scenario that changes a few hundred nodes costs milliseconds, whatever the size of
 * the landscape behind G. The matrix is singular exactly when A' is (a change that cuts a node or a
 * group of nodes off every ground): that is reported, not solved.
 */

/** LU with partial pivoting in place (row-major n x n); returns the pivots, or null when a pivot is ~0. */
export function luFactor(M: Float64Array, n: number): Int32Array | null {
  const piv = new Int32Array(n);
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(M[i]));
  const tiny = scale * n * 1e-15;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(M[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(M[i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (!(best > tiny)) return null;
    piv[k] = p;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = M[k * n + j];
        M[k * n + j] = M[p * n + j];
        M[p * n + j] = t;
      }
    }
    const inv = 1 / M[k * n + k];
    for (let i = k + 1; i < n; i++) {
      const f = M[i * n + k] * inv;
      if (f === 0) continue;
      M[i * n + k] = f;
      const ri = i * n;
      const rk = k * n;
      for (let j = k + 1; j < n; j++) M[ri + j] -= f * M[rk + j];
    }
  }
  return piv;
}

/** Solve (LU) X = B in place; B is n x m row-major. */
export function luSolve(LU: Float64Array, piv: Int32Array, n: number, B: Float64Array, m: number): void {
  for (let k = 0; k < n; k++) {
    const p = piv[k];
    if (p !== k) {
      for (let j = 0; j < m; j++) {
        const t = B[k * m + j];
        B[k * m + j] = B[p * m + j];
        B[p * m + j] = t;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) {
      const f = LU[i * n + k];
      if (f === 0) continue;
      for (let j = 0; j < m; j++) B[i * m + j] -= f * B[k * m + j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) {
      const f = LU[i * n + k];
      if (f === 0) continue;
      for (let j = 0; j < m; j++) B[i * m + j] -= f * B[k * m + j];
    }
    const inv = 1 / LU[i * n + i];
    for (let j = 0; j < m; j++) B[i * m + j] *= inv;
  }
}

/** A sparse symmetric change D on the changed nodes: entries (i, j, v) in local indices 0..c-1, both triangles. */
export interface Change {
  /** Number of changed nodes. */
  c: number;
  rows: number[];
  cols: number[];
  vals: number[];
}

/**
 * G' restricted to rows `rows` and columns `cols`, given accessors of the reference G:
 * gCC(i, j) over changed nodes, gCK(i, k) changed x wanted column, gRC(r, i), gRK(r, k).
 * Returns |rows| x |cols| row-major, or null when I + D G_CC is singular.
 */
export function updatedBlock(
  ch: Change,
  nRows: number,
  nCols: number,
  gCC: (i: number, j: number) => number,
  gCK: (i: number, k: number) => number,
  gRC: (r: number, i: number) => number,
  gRK: (r: number, k: number) => number,
  /** Optional, faster: fill col[r] = gRC(r, i) for every row (one tight loop along G's row i). */
  columnRC?: (i: number, col: Float64Array) => void,
): Float64Array | null {
  const c = ch.c;
  const out = new Float64Array(nRows * nCols);
  // Loops run over rows innermost: callers read G by rows (symmetry), so consecutive reads are near.
  for (let k = 0; k < nCols; k++) for (let r = 0; r < nRows; r++) out[r * nCols + k] = gRK(r, k);
  if (c === 0) return out;
  // W = I + D G_CC and B = D G_CK: D has a few entries per row.
  const Gcc = new Float64Array(c * c);
  for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) Gcc[i * c + j] = gCC(i, j);
  const W = new Float64Array(c * c);
  for (let i = 0; i < c; i++) W[i * c + i] = 1;
  const B = new Float64Array(c * nCols);
  for (let e = 0; e < ch.vals.length; e++) {
    const i = ch.rows[e];
    const j = ch.cols[e];
    const v = ch.vals[e];
    for (let l = 0; l < c; l++) W[i * c + l] += v * Gcc[j * c + l];
    for (let k = 0; k < nCols; k++) B[i * nCols + k] += v * gCK(j, k);
  }
  const piv = luFactor(W, c);
  if (!piv) return null;
  luSolve(W, piv, c, B, nCols);
  const col = new Float64Array(nRows);
  for (let i = 0; i < c; i++) {
    if (columnRC) columnRC(i, col);
    else for (let r = 0; r < nRows; r++) col[r] = gRC(r, i);
    const bi = i * nCols;
    for (let r = 0; r < nRows; r++) {
      const g = col[r];
      if (g === 0) continue;
      const o = r * nCols;
      for (let k = 0; k < nCols; k++) out[o + k] -= g * B[bi + k];
    }
  }
  return out;
}
