/**
 * Galerkin coarse operator A_c = P^T A P, computed row by row of A_c in one fused pass
 * (row I of A_c = sum over fine i in column I of P of p_iI * (row i of A) * P), so the
 * n x nc intermediate A P is never stored. A_c is symmetric and stored as such (SymMatrix): only
 * its upper triangle (J >= I) is computed - P's rows are sorted, so the innermost loop stops at the
 * first J < I - which halves the work and makes A_c exactly symmetric.
 *
 * Column I of P is not stored either (a transpose would be as large as P, at the setup's peak): its
 * rows are the members of aggregate I and their neighbours - where P's smoothing step reaches - found
 * through the aggregates' member lists, and p_iI is read from row i of P.
 */
import type { SymMatrix } from "./types.ts";
import type { Prolongator } from "./prolongator.ts";
import { fullRow, maxFullRow, sortRow, type LowerIndex } from "./sym.ts";

export function galerkinProduct(A: SymMatrix, low: LowerIndex, P: Prolongator, agg: Int32Array): SymMatrix {
  const n = A.n;
  const nc = P.cols;
  const pPtr = P.rowPtr;
  const pCol = P.col;
  const pVal = P.val;
  // members of each aggregate (counting sort)
  const aggPtr = new Int32Array(nc + 1);
  for (let i = 0; i < n; i++) aggPtr[agg[i] + 1]++;
  for (let I = 0; I < nc; I++) aggPtr[I + 1] += aggPtr[I];
  const members = new Int32Array(n);
  const next = aggPtr.slice(0, nc);
  for (let i = 0; i < n; i++) members[next[agg[i]]++] = i;

  const width = maxFullRow(A, low);
  const nCol = new Int32Array(width); // a member's row: where column I of P can be nonzero
  const nVal = new Float64Array(width);
  const aCol = new Int32Array(width); // row i of A
  const aVal = new Float64Array(width);
  const seen = new Int32Array(n).fill(-1); // seen[i] = I once fine row i has been added to coarse row I

  let cap = Math.max(64, nc * 8);
  let cCol = new Int32Array(cap);
  let cVal = new Float64Array(cap);
  const cPtr = new Int32Array(nc + 1);
  const cDiag = new Float64Array(nc);
  const slot = new Int32Array(nc).fill(-1);
  let rows = new Int32Array(64);
  let nnz = 0;
  for (let I = 0; I < nc; I++) {
    const rowStart = nnz;
    // the fine rows of column I of P, ascending (the order a stored transpose would give)
    let nr = 0;
    for (let m = aggPtr[I]; m < aggPtr[I + 1]; m++) {
      const nlen = fullRow(A, low, members[m], nCol, nVal);
      for (let t = 0; t < nlen; t++) {
        const i = nCol[t];
        if (seen[i] === I) continue;
        seen[i] = I;
        if (nr === rows.length) {
          const r2 = new Int32Array(rows.length * 2);
          r2.set(rows);
          rows = r2;
        }
        rows[nr++] = i;
      }
    }
    sortInts(rows, nr);
    for (let t = 0; t < nr; t++) {
      const i = rows[t];
      // p_iI, if row i of P has column I (an exact zero may have been dropped)
      let pi = 0;
      for (let q = pPtr[i]; q < pPtr[i + 1]; q++) {
        if (pCol[q] === I) {
          pi = pVal[q];
          break;
        }
      }
      if (pi === 0) continue;
      const alen = fullRow(A, low, i, aCol, aVal);
      for (let k = 0; k < alen; k++) {
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
            if (nnz === cap) {
              cap = Math.ceil(cap * 1.5);
              const c2 = new Int32Array(cap);
              c2.set(cCol.subarray(0, nnz));
              cCol = c2;
              const v2 = new Float64Array(cap);
              v2.set(cVal.subarray(0, nnz));
              cVal = v2;
            }
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
    // the diagonal was accumulated like any entry of the row: it sorts first (J >= I); move it out
    if (nnz > rowStart && cCol[rowStart] === I) {
      cDiag[I] = cVal[rowStart];
      cCol.copyWithin(rowStart, rowStart + 1, nnz);
      cVal.copyWithin(rowStart, rowStart + 1, nnz);
      nnz--;
    }
    cPtr[I + 1] = nnz;
  }
  return { n: nc, diag: cDiag, rowPtr: cPtr, col: cCol.slice(0, nnz), val: cVal.slice(0, nnz) };
}

/** Insertion sort of the first n entries (a coarse row's fine rows: a few dozen). */
function sortInts(a: Int32Array, n: number): void {
  for (let p = 1; p < n; p++) {
    const v = a[p];
    let q = p - 1;
    while (q >= 0 && a[q] > v) {
      a[q + 1] = a[q];
      q--;
    }
    a[q + 1] = v;
  }
}
