/**
 * Galerkin coarse operator A_c = P^T A P, computed row by row of A_c in one fused pass
 * (row I of A_c = sum over fine i in column I of P of p_iI * (row i of A) * P), so the
 * n x nc intermediate A P is never stored: only P^T (same size as P) lives during the product.
 * A_c is symmetric, so only its upper triangle (J >= I) is computed - P's rows are sorted, so the
 * innermost loop stops at the first J < I - and the lower triangle is mirrored from it. This halves
 * the work and makes A_c exactly symmetric.
 */
import type { CsrMatrix } from "./types.ts";
import type { Prolongator } from "./prolongator.ts";
import { transpose } from "./csr.ts";

export function galerkinProduct(A: CsrMatrix, P: Prolongator): CsrMatrix {
  const nc = P.cols;
  const PT = transpose(P.rows, nc, P.rowPtr, P.col, P.val);
  const tPtr = PT.rowPtr;
  const tCol = PT.col;
  const tVal = PT.val;
  const aPtr = A.rowPtr;
  const aCol = A.col;
  const aVal = A.val;
  const pPtr = P.rowPtr;
  const pCol = P.col;
  const pVal = P.val;
  let maxP = 0;
  for (let i = 0; i < P.rows; i++) maxP = Math.max(maxP, pPtr[i + 1] - pPtr[i]);

  let cap = Math.max(64, nc * 10);
  let cCol = new Int32Array(cap);
  let cVal = new Float64Array(cap);
  const cPtr = new Int32Array(nc + 1);
  const slot = new Int32Array(nc).fill(-1);
  let nnz = 0;
  for (let I = 0; I < nc; I++) {
    // capacity bound for this row, so the inner loops need no checks
    let bound = 0;
    for (let p = tPtr[I]; p < tPtr[I + 1]; p++) {
      const i = tCol[p];
      bound += (aPtr[i + 1] - aPtr[i]) * maxP;
    }
    if (bound > nc) bound = nc;
    if (nnz + bound > cap) {
      cap = Math.max(Math.ceil(cap * 1.5), nnz + bound);
      const c2 = new Int32Array(cap);
      c2.set(cCol.subarray(0, nnz));
      cCol = c2;
      const v2 = new Float64Array(cap);
      v2.set(cVal.subarray(0, nnz));
      cVal = v2;
    }
    const rowStart = nnz;
    for (let p = tPtr[I]; p < tPtr[I + 1]; p++) {
      const i = tCol[p];
      const pi = tVal[p];
      for (let k = aPtr[i]; k < aPtr[i + 1]; k++) {
        const a = pi * aVal[k];
        const j = aCol[k];
        const qStart = pPtr[j];
        for (let q = pPtr[j + 1] - 1; q >= qStart; q--) {
          const J = pCol[q];
          if (J < I) break;
          const v = a * pVal[q];
          const s = slot[J];
          if (s >= rowStart) cVal[s] += v;
          else {
            slot[J] = nnz;
            cCol[nnz] = J;
            cVal[nnz] = v;
            nnz++;
          }
        }
      }
    }
    for (let p = rowStart; p < nnz; p++) slot[cCol[p]] = -1;
    sortRow(cCol, cVal, rowStart, nnz);
    cPtr[I + 1] = nnz;
  }
  return mirrorUpper(nc, cPtr, cCol, cVal);
}

/** Full symmetric CSR (sorted rows) from its upper triangle (sorted rows, diagonal included). */
function mirrorUpper(n: number, uPtr: Int32Array, uCol: Int32Array, uVal: Float64Array): CsrMatrix {
  const count = new Int32Array(n + 1);
  for (let I = 0; I < n; I++) {
    for (let p = uPtr[I]; p < uPtr[I + 1]; p++) {
      count[I + 1]++;
      if (uCol[p] !== I) count[uCol[p] + 1]++;
    }
  }
  for (let I = 0; I < n; I++) count[I + 1] += count[I];
  const rowPtr = count;
  const nnz = rowPtr[n];
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  const next = rowPtr.slice(0, n);
  // rows in ascending order: the mirrored entries (K < I) land first and in ascending K, then row I's own
  for (let I = 0; I < n; I++) {
    for (let p = uPtr[I]; p < uPtr[I + 1]; p++) {
      const J = uCol[p];
      let d = next[I]++;
      col[d] = J;
      val[d] = uVal[p];
      if (J !== I) {
        d = next[J]++;
        col[d] = I;
        val[d] = uVal[p];
      }
    }
  }
  return { n, rowPtr, col, val };
}

/** Insertion sort of one CSR row by column (rows are short), so the smoother can split it at the diagonal. */
function sortRow(col: Int32Array, val: Float64Array, start: number, end: number): void {
  for (let p = start + 1; p < end; p++) {
    const c = col[p];
    const v = val[p];
    let q = p - 1;
    while (q >= start && col[q] > c) {
      col[q + 1] = col[q];
      val[q + 1] = val[q];
      q--;
    }
    col[q + 1] = c;
    val[q + 1] = v;
  }
}
