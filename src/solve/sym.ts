/**
 * Symmetric matrices stored once: the diagonal plus the strict upper triangle in CSR (SymMatrix in
 * types.ts). A graph Laplacian on 8 neighbours has ~9 nonzeros per row; full CSR stores each edge
 * twice (112 bytes per node), this form once (~60), which is what lets a 1000 x 1000 grid solve in
 * under 300 bytes per cell. The kernels below read each stored entry once and apply it to both its
 * row and its column (a gather for the row, a scatter for the column).
 *
 * ROW4: a row of an 8-neighbour raster graph stores exactly 4 upper entries (east, and the three
 * below it) everywhere but at edges and nodata. The hot kernels here and in amg.ts take such rows
 * unrolled, in the loop's own order (bitwise the same sums): V8 runs the loop with a variable trip
 * count of ~4 at ~2.5 ns per entry, the unrolled row at ~1.5 (bench/README.md, "Fixed-width rows and warm starts").
 */
import type { CsrMatrix, SymMatrix } from "./types.ts";
import { findRoot } from "../util/union-find.ts";

export function isSym(A: CsrMatrix | SymMatrix): A is SymMatrix {
  return (A as SymMatrix).diag !== undefined;
}

/** The symmetric form of a full CSR matrix (assumed symmetric: only its diagonal and upper part are read). */
export function symFromCsr(A: CsrMatrix): SymMatrix {
  const { n, rowPtr, col, val } = A;
  const diag = new Float64Array(n);
  const ptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) if (col[k] > i) c++;
    ptr[i + 1] = ptr[i] + c;
  }
  const uCol = new Int32Array(ptr[n]);
  const uVal = new Float64Array(ptr[n]);
  for (let i = 0; i < n; i++) {
    let p = ptr[i];
    // rows may be unsorted here: collect the upper entries, then sort them
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const j = col[k];
      if (j === i) diag[i] += val[k];
      else if (j > i) {
        uCol[p] = j;
        uVal[p] = val[k];
        p++;
      }
    }
    sortRow(uCol, uVal, ptr[i], p);
  }
  return { n, diag, rowPtr: ptr, col: uCol, val: uVal };
}

/** The full CSR form (both triangles, every diagonal entry present, rows sorted): for the direct solver and tests. */
export function csrFromSym(S: SymMatrix): CsrMatrix {
  const { n, diag, rowPtr: uPtr, col: uCol, val: uVal } = S;
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    rowPtr[i + 1] += uPtr[i + 1] - uPtr[i] + 1;
    for (let k = uPtr[i]; k < uPtr[i + 1]; k++) rowPtr[uCol[k] + 1]++;
  }
  for (let i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  const col = new Int32Array(rowPtr[n]);
  const val = new Float64Array(rowPtr[n]);
  const next = rowPtr.slice(0, n);
  // rows ascending: row i's lower entries (from rows j < i) land first and in ascending j, then its own
  for (let i = 0; i < n; i++) {
    let d = next[i]++;
    col[d] = i;
    val[d] = diag[i];
    for (let k = uPtr[i]; k < uPtr[i + 1]; k++) {
      d = next[i]++;
      col[d] = uCol[k];
      val[d] = uVal[k];
      const c = uCol[k];
      d = next[c]++;
      col[d] = i;
      val[d] = uVal[k];
    }
  }
  return { n, rowPtr, col, val };
}

/** Checks the arrays are consistent (sizes, strictly upper sorted columns, finite values); throws naming what is wrong. */
export function checkSym(S: SymMatrix): void {
  const { n, diag, rowPtr, col, val } = S;
  if (!Number.isInteger(n) || n < 0) throw new Error(`solver: matrix size n=${n} is not a non-negative integer`);
  if (diag.length !== n) throw new Error(`solver: diagonal has length ${diag.length}, expected n=${n}`);
  if (rowPtr.length !== n + 1) throw new Error(`solver: rowPtr has length ${rowPtr.length}, expected n+1=${n + 1}`);
  const nnz = rowPtr[n];
  if (rowPtr[0] !== 0 || col.length < nnz || val.length < nnz) {
    throw new Error(`solver: CSR arrays inconsistent (rowPtr[0]=${rowPtr[0]}, nnz=${nnz}, col=${col.length}, val=${val.length})`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(diag[i])) throw new Error(`solver: non-finite diagonal value at row ${i}`);
    if (rowPtr[i + 1] < rowPtr[i]) throw new Error(`solver: rowPtr decreases at row ${i}`);
    let prev = i;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const c = col[k];
      if (c <= prev || c >= n) throw new Error(`solver: upper-triangle column ${c} at entry ${k} of row ${i} is out of order or range`);
      if (!Number.isFinite(val[k])) throw new Error(`solver: non-finite matrix value at entry ${k}`);
      prev = c;
    }
  }
}

/** y = A x. */
export function symSpmv(S: SymMatrix, x: Float64Array, y: Float64Array): void {
  symSpmvDot(S, x, y);
}

/**
 * y = A x, returning x.y (CG's p.Ap in the same pass). Row i's stored entries are gathered for y_i
 * and scattered into the y_c of later rows, so y_i is complete when row i is done.
 */
export function symSpmvDot(S: SymMatrix, x: Float64Array, y: Float64Array): number {
  const n = S.n;
  const diag = S.diag;
  const rowPtr = S.rowPtr;
  const col = S.col;
  const val = S.val;
  y.fill(0, 0, n);
  let dot = 0;
  let k = rowPtr[0];
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    const xi = x[i];
    let s = y[i] + diag[i] * xi;
    if (end - k === 4) {
      // ROW4: see the note at the top of this file
      let c = col[k];
      let v = val[k];
      s += v * x[c];
      y[c] += v * xi;
      c = col[k + 1];
      v = val[k + 1];
      s += v * x[c];
      y[c] += v * xi;
      c = col[k + 2];
      v = val[k + 2];
      s += v * x[c];
      y[c] += v * xi;
      c = col[k + 3];
      v = val[k + 3];
      s += v * x[c];
      y[c] += v * xi;
      k = end;
    } else {
      for (; k < end; k++) {
        const c = col[k];
        const v = val[k];
        s += v * x[c];
        y[c] += v * xi;
      }
    }
    y[i] = s;
    dot += xi * s;
  }
  return dot;
}

/** r = b - A x, returning ||r||^2. */
export function symResidual(S: SymMatrix, x: Float64Array, b: Float64Array, r: Float64Array): number {
  r.set(b.subarray(0, S.n));
  return subtractAx(S, x, r);
}

/** r = e_at - A x, returning ||r||^2: symResidual for a unit right-hand side that is never stored. */
export function symResidualUnit(S: SymMatrix, x: Float64Array, at: number, r: Float64Array): number {
  r.fill(0, 0, S.n);
  r[at] = 1;
  return subtractAx(S, x, r);
}

/** r -= A x in place, returning ||r||^2. */
function subtractAx(S: SymMatrix, x: Float64Array, r: Float64Array): number {
  const n = S.n;
  const diag = S.diag;
  const rowPtr = S.rowPtr;
  const col = S.col;
  const val = S.val;
  let rr = 0;
  let k = rowPtr[0];
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    const xi = x[i];
    let s = r[i] - diag[i] * xi;
    if (end - k === 4) {
      // ROW4
      let c = col[k];
      let v = val[k];
      s -= v * x[c];
      r[c] -= v * xi;
      c = col[k + 1];
      v = val[k + 1];
      s -= v * x[c];
      r[c] -= v * xi;
      c = col[k + 2];
      v = val[k + 2];
      s -= v * x[c];
      r[c] -= v * xi;
      c = col[k + 3];
      v = val[k + 3];
      s -= v * x[c];
      r[c] -= v * xi;
      k = end;
    } else {
      for (; k < end; k++) {
        const c = col[k];
        const v = val[k];
        s -= v * x[c];
        r[c] -= v * xi;
      }
    }
    r[i] = s;
    rr += s * s;
  }
  return rr;
}

/**
 * Where the lower triangle lives: for each row i, the rows j < i whose upper part holds (j, i),
 * ascending, and the position of (j, i) in the upper arrays. With it a full row can be read (fullRow) -
 * what the AMG setup needs - at 8 bytes per stored entry, two thirds of a full copy; it lives only while
 * a level is set up. The position matters on graphs with hubs (a short-circuited core is one node with
 * thousands of neighbours): finding (j, i) by scanning row j made every full row next to a hub cost the
 * hub's degree, and the Galerkin product of the demo's mortality system 11 s instead of 1 s.
 */
export interface LowerIndex {
  ptr: Int32Array;
  row: Int32Array;
  /** Index into S.col / S.val of the entry (row[q], i). */
  pos: Int32Array;
}

export function lowerIndex(S: SymMatrix): LowerIndex {
  const { n, rowPtr, col } = S;
  const ptr = new Int32Array(n + 1);
  const nnz = rowPtr[n];
  for (let k = 0; k < nnz; k++) ptr[col[k] + 1]++;
  for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
  const next = ptr.slice(0, n);
  const row = new Int32Array(nnz);
  const pos = new Int32Array(nnz);
  for (let j = 0; j < n; j++) {
    for (let k = rowPtr[j]; k < rowPtr[j + 1]; k++) {
      const q = next[col[k]]++;
      row[q] = j;
      pos[q] = k;
    }
  }
  return { ptr, row, pos };
}

/** Longest full row (lower + diagonal + upper): the scratch size fullRow needs. */
export function maxFullRow(S: SymMatrix, low: LowerIndex): number {
  let m = 1;
  for (let i = 0; i < S.n; i++) m = Math.max(m, low.ptr[i + 1] - low.ptr[i] + S.rowPtr[i + 1] - S.rowPtr[i] + 1);
  return m;
}

/**
 * Row i of the full matrix, sorted by column, into cols/vals (length >= maxFullRow): the lower entries,
 * the diagonal (always present), the upper entries. Returns the row length.
 */
export function fullRow(S: SymMatrix, low: LowerIndex, i: number, cols: Int32Array, vals: Float64Array): number {
  const { rowPtr, col, val } = S;
  let len = 0;
  for (let q = low.ptr[i]; q < low.ptr[i + 1]; q++) {
    cols[len] = low.row[q];
    vals[len] = val[low.pos[q]];
    len++;
  }
  cols[len] = i;
  vals[len] = S.diag[i];
  len++;
  for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
    cols[len] = col[k];
    vals[len] = val[k];
    len++;
  }
  return len;
}

/** Insertion sort of one CSR row segment by column (rows are short). */
export function sortRow(col: Int32Array, val: Float64Array, start: number, end: number): void {
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

/**
 * Connected components of the graph whose edges are the nonzero upper entries of A, numbered in order
 * of their lowest node (union-find: the symmetric form stores each edge once, so there is no
 * neighbour list to walk).
 */
export function connectedComponents(A: SymMatrix): { component: Int32Array; nComponents: number } {
  const n = A.n;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  for (let u = 0; u < n; u++) {
    for (let k = A.rowPtr[u]; k < A.rowPtr[u + 1]; k++) {
      if (A.val[k] === 0) continue;
      const a = findRoot(parent, u);
      const b = findRoot(parent, A.col[k]);
      // the smaller root wins, so every root is its component's lowest node
      if (a < b) parent[b] = a;
      else if (b < a) parent[a] = b;
    }
  }
  // Links point to lower nodes, so ascending u finds every root before the nodes under it.
  for (let u = 0; u < n; u++) parent[u] = findRoot(parent, u);
  // Number components in order of their lowest node, in place: a root's id is written before any
  // later node of its component reads it.
  const component = parent;
  let nComponents = 0;
  for (let u = 0; u < n; u++) {
    const r = parent[u];
    component[u] = r === u ? nComponents++ : component[r];
  }
  return { component, nComponents };
}
