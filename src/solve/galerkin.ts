/**
 * Galerkin coarse operator A_c = P^T A P, computed row by row of A_c in one fused pass
 * (row I of A_c = sum over fine i in column I of P of p_iI * (row i of A) * P), so the
 * n x nc intermediate A P is never stored. A_c is symmetric and stored as such (SymMatrix): only
 * its upper triangle (J >= I) is computed - P's rows are sorted, so the innermost loop stops at the
 * first J < I - which halves the work and makes A_c exactly symmetric.
 *
 * Column I of P is held as a pattern only (its fine rows, ascending: 4 bytes per entry of P, a third
 * of a transpose with values), and p_iI is read from row i of P (2-3 entries). Measured at 1000^2: the
 * product takes 0.72 s instead of 0.86 s when column I's rows were found through the aggregates'
 * members and their neighbours, and the peak of a pairwise run is unchanged (the setup is not the peak).
 */
import type { SymMatrix } from "./types.ts";
import type { Prolongator } from "./prolongator.ts";
import { fullRow, maxFullRow, sortRow, type LowerIndex } from "./sym.ts";

/**
 * Above this many entries per row of P on average, the product goes through A P stored once (below).
 * The fused loop recomputes row i of A P for every column of P that row i of P touches: |P_i| times.
 * On the first level that is 2-3 times, cheaper than storing A P (~15 entries per fine row); on a
 * coarse level below a hub (a short-circuited core: one node with hundreds of neighbours) rows of P
 * hold tens of entries, and the demo's mortality system spent 1.4e9 inner steps (10 s) on its second
 * level, against 1.6e8 through A P.
 */
const STORED_AP_MIN_ROW = 4;

export function galerkinProduct(A: SymMatrix, low: LowerIndex, P: Prolongator): SymMatrix {
  return P.rowPtr[A.n] > STORED_AP_MIN_ROW * A.n ? galerkinThroughAP(A, low, P) : galerkinFused(A, low, P);
}

/** The fused product (module header): nothing stored but A_c and P's column pattern. */
export function galerkinFused(A: SymMatrix, low: LowerIndex, P: Prolongator): SymMatrix {
  const n = A.n;
  const nc = P.cols;
  const pPtr = P.rowPtr;
  const pCol = P.col;
  const pVal = P.val;
  // The pattern of P's columns (fine rows of each column, ascending: a counting sort over the rows in
  // order). Pattern only, 4 bytes per entry of P: the values are read from P's rows.
  const tPtr = new Int32Array(nc + 1);
  const nnzP = pPtr[n];
  for (let q = 0; q < nnzP; q++) tPtr[pCol[q] + 1]++;
  for (let I = 0; I < nc; I++) tPtr[I + 1] += tPtr[I];
  const tRow = new Int32Array(nnzP);
  {
    const next = tPtr.slice(0, nc);
    for (let i = 0; i < n; i++) for (let q = pPtr[i]; q < pPtr[i + 1]; q++) tRow[next[pCol[q]]++] = i;
  }

  const width = maxFullRow(A, low);
  const aCol = new Int32Array(width); // row i of A
  const aVal = new Float64Array(width);

  let cap = Math.max(64, nc * 8);
  let cCol = new Int32Array(cap);
  let cVal = new Float64Array(cap);
  const cPtr = new Int32Array(nc + 1);
  const cDiag = new Float64Array(nc);
  const slot = new Int32Array(nc).fill(-1);
  let nnz = 0;
  for (let I = 0; I < nc; I++) {
    const rowStart = nnz;
    const rows = tRow;
    const t0 = tPtr[I];
    const nr = tPtr[I + 1];
    for (let t = t0; t < nr; t++) {
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

/**
 * The same product as galerkinProduct, with row i of A P computed once (Gustavson, a dense marker over
 * the coarse columns) and stored; then row I of A_c = sum over fine i in column I of P of
 * p_iI * (row i of A P), upper triangle only. Extra memory: A P (12 bytes per entry), on coarse levels.
 */
export function galerkinThroughAP(A: SymMatrix, low: LowerIndex, P: Prolongator): SymMatrix {
  const n = A.n;
  const nc = P.cols;
  const pPtr = P.rowPtr;
  const pCol = P.col;
  const pVal = P.val;
  const nnzP = pPtr[n];
  const tPtr = new Int32Array(nc + 1);
  for (let q = 0; q < nnzP; q++) tPtr[pCol[q] + 1]++;
  for (let I = 0; I < nc; I++) tPtr[I + 1] += tPtr[I];
  const tRow = new Int32Array(nnzP);
  const tVal = new Float64Array(nnzP);
  {
    const next = tPtr.slice(0, nc);
    for (let i = 0; i < n; i++) {
      for (let q = pPtr[i]; q < pPtr[i + 1]; q++) {
        const t = next[pCol[q]]++;
        tRow[t] = i;
        tVal[t] = pVal[q];
      }
    }
  }

  // A P, row by row.
  const width = maxFullRow(A, low);
  const aCol = new Int32Array(width);
  const aVal = new Float64Array(width);
  const slot = new Int32Array(nc).fill(-1);
  const apPtr = new Int32Array(n + 1);
  let cap = Math.max(64, nnzP * 2);
  let apCol = new Int32Array(cap);
  let apVal = new Float64Array(cap);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    const rowStart = nnz;
    const alen = fullRow(A, low, i, aCol, aVal);
    for (let k = 0; k < alen; k++) {
      const a = aVal[k];
      const j = aCol[k];
      for (let q = pPtr[j]; q < pPtr[j + 1]; q++) {
        const J = pCol[q];
        const s = slot[J];
        if (s >= rowStart) apVal[s] += a * pVal[q];
        else {
          if (nnz === cap) {
            cap = Math.ceil(cap * 1.5);
            const c2 = new Int32Array(cap);
            c2.set(apCol.subarray(0, nnz));
            apCol = c2;
            const v2 = new Float64Array(cap);
            v2.set(apVal.subarray(0, nnz));
            apVal = v2;
          }
          slot[J] = nnz;
          apCol[nnz] = J;
          apVal[nnz] = a * pVal[q];
          nnz++;
        }
      }
    }
    for (let p = rowStart; p < nnz; p++) slot[apCol[p]] = -1;
    apPtr[i + 1] = nnz;
  }

  // P^T (A P), upper triangle.
  let ccap = Math.max(64, nc * 8);
  let cCol = new Int32Array(ccap);
  let cVal = new Float64Array(ccap);
  const cPtr = new Int32Array(nc + 1);
  const cDiag = new Float64Array(nc);
  let cn = 0;
  for (let I = 0; I < nc; I++) {
    const rowStart = cn;
    for (let t = tPtr[I]; t < tPtr[I + 1]; t++) {
      const pi = tVal[t];
      if (pi === 0) continue;
      const i = tRow[t];
      for (let q = apPtr[i]; q < apPtr[i + 1]; q++) {
        const J = apCol[q];
        if (J < I) continue;
        const v = pi * apVal[q];
        const s = slot[J];
        if (s >= rowStart) cVal[s] += v;
        else {
          if (cn === ccap) {
            ccap = Math.ceil(ccap * 1.5);
            const c2 = new Int32Array(ccap);
            c2.set(cCol.subarray(0, cn));
            cCol = c2;
            const v2 = new Float64Array(ccap);
            v2.set(cVal.subarray(0, cn));
            cVal = v2;
          }
          slot[J] = cn;
          cCol[cn] = J;
          cVal[cn] = v;
          cn++;
        }
      }
    }
    for (let p = rowStart; p < cn; p++) slot[cCol[p]] = -1;
    sortRow(cCol, cVal, rowStart, cn);
    if (cn > rowStart && cCol[rowStart] === I) {
      cDiag[I] = cVal[rowStart];
      cCol.copyWithin(rowStart, rowStart + 1, cn);
      cVal.copyWithin(rowStart, rowStart + 1, cn);
      cn--;
    }
    cPtr[I + 1] = cn;
  }
  return { n: nc, diag: cDiag, rowPtr: cPtr, col: cCol.slice(0, cn), val: cVal.slice(0, cn) };
}
