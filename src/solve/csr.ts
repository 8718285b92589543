/** Full CSR kernels: the direct solver's residual (it factorises full CSR), the input check, and y = A x for callers and tests. */
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
