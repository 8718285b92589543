import type { CsrMatrix } from "./types.ts";

/** y = A x. Hot path: locals hoisted, no allocation. */
export function spmv(A: CsrMatrix, x: Float64Array, y: Float64Array): void {
  const n = A.n;
  const rowPtr = A.rowPtr;
  const col = A.col;
  const val = A.val;
  let k = rowPtr[0];
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    let s = 0;
    for (; k < end; k++) s += val[k] * x[col[k]];
    y[i] = s;
  }
}

/** r = b - A x, returning ||r||^2 (fused: one pass). */
export function residual(A: CsrMatrix, x: Float64Array, b: Float64Array, r: Float64Array): number {
  const n = A.n;
  const rowPtr = A.rowPtr;
  const col = A.col;
  const val = A.val;
  let k = rowPtr[0];
  let rr = 0;
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    let s = b[i];
    for (; k < end; k++) s -= val[k] * x[col[k]];
    r[i] = s;
    rr += s * s;
  }
  return rr;
}

/** r = e_at - A x, returning ||r||^2: residual() for a unit right-hand side that is never stored. */
export function residualUnit(A: CsrMatrix, x: Float64Array, at: number, r: Float64Array): number {
  const n = A.n;
  const rowPtr = A.rowPtr;
  const col = A.col;
  const val = A.val;
  let k = rowPtr[0];
  let rr = 0;
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    let s = i === at ? 1 : 0;
    for (; k < end; k++) s -= val[k] * x[col[k]];
    r[i] = s;
    rr += s * s;
  }
  return rr;
}

/** The diagonal of A (0 where a row has no diagonal entry). */
export function diagonal(A: CsrMatrix): Float64Array {
  const d = new Float64Array(A.n);
  const { rowPtr, col, val } = A;
  for (let i = 0; i < A.n; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) if (col[k] === i) d[i] += val[k];
  }
  return d;
}

/**
 * Transpose of an m x ncols CSR matrix (rows m), as an ncols x m CSR with sorted columns.
 * Values keep their precision (a Float32 prolongator gives a Float32 transpose: half the setup peak).
 */
export function transpose<V extends Float32Array | Float64Array>(
  m: number,
  ncols: number,
  rowPtr: Int32Array,
  col: Int32Array,
  val: V,
): { rowPtr: Int32Array; col: Int32Array; val: V } {
  const nnz = rowPtr[m];
  const tPtr = new Int32Array(ncols + 1);
  for (let k = 0; k < nnz; k++) tPtr[col[k] + 1]++;
  for (let j = 0; j < ncols; j++) tPtr[j + 1] += tPtr[j];
  const next = tPtr.slice(0, ncols);
  const tCol = new Int32Array(nnz);
  const tVal = (val instanceof Float32Array ? new Float32Array(nnz) : new Float64Array(nnz)) as V;
  for (let i = 0; i < m; i++) {
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const p = next[col[k]]++;
      tCol[p] = i;
      tVal[p] = val[k];
    }
  }
  return { rowPtr: tPtr, col: tCol, val: tVal };
}

/** Checks the CSR arrays are consistent (sizes, index ranges); throws a plain Error naming what is wrong. */
export function checkCsr(A: CsrMatrix): void {
  const { n, rowPtr, col, val } = A;
  if (!Number.isInteger(n) || n < 0) throw new Error(`solver: matrix size n=${n} is not a non-negative integer`);
  if (rowPtr.length !== n + 1) throw new Error(`solver: rowPtr has length ${rowPtr.length}, expected n+1=${n + 1}`);
  const nnz = rowPtr[n];
  if (rowPtr[0] !== 0 || col.length < nnz || val.length < nnz) {
    throw new Error(`solver: CSR arrays inconsistent (rowPtr[0]=${rowPtr[0]}, nnz=${nnz}, col=${col.length}, val=${val.length})`);
  }
  for (let i = 0; i < n; i++) {
    if (rowPtr[i + 1] < rowPtr[i]) throw new Error(`solver: rowPtr decreases at row ${i}`);
  }
  for (let k = 0; k < nnz; k++) {
    const c = col[k];
    if (c < 0 || c >= n) throw new Error(`solver: column index ${c} out of range at entry ${k}`);
    if (!Number.isFinite(val[k])) throw new Error(`solver: non-finite matrix value at entry ${k}`);
  }
}

/**
 * Position of the diagonal entry in each row when every row is sorted by column and has its diagonal;
 * null otherwise. Lets the smoother treat the strict lower and upper parts separately.
 */
export function diagonalPositions(A: CsrMatrix): Int32Array | null {
  const { n, rowPtr, col } = A;
  const dpos = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let found = -1;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      if (k > rowPtr[i] && col[k] <= col[k - 1]) return null;
      if (col[k] === i) found = k;
    }
    if (found < 0) return null;
    dpos[i] = found;
  }
  return dpos;
}
