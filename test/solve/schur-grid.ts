/**
 * Test rasters for the Schur complement: a grid graph with missing cells, short-circuited regions
 * (one node each) and one ground per connected component, and dense references written the plain way.
 */
import type { SymMatrix } from "../../src/solve/types.ts";
import { rng } from "./grid.ts";

export interface TestRaster {
  width: number;
  height: number;
  A: SymMatrix;
  /** Per node its cell, -1 for a region node. */
  cellOfNode: Int32Array;
  /** Region node indices. */
  regionNodes: number[];
}

/**
 * Cells with conductance c (NaN or <= 0 = missing), 4 or 8 neighbours (Circuitscape's edge rule), regions
 * = lists of cells merged into one node each (numbered after the cells). Each connected component gets
 * a ground of conductance `ground` at its first node.
 */
export function rasterGraph(
  width: number,
  height: number,
  c: Float64Array,
  neighbours: 4 | 8,
  regions: number[][] = [],
  ground = 1,
): TestRaster {
  const nCells = width * height;
  const regionOfCell = new Int32Array(nCells).fill(-1);
  regions.forEach((cells, r) => cells.forEach((cell) => (regionOfCell[cell] = r)));
  const nodeOfCell = new Int32Array(nCells).fill(-1);
  const cellOfNode: number[] = [];
  for (let i = 0; i < nCells; i++) {
    if (regionOfCell[i] < 0 && c[i] > 0) {
      nodeOfCell[i] = cellOfNode.length;
      cellOfNode.push(i);
    }
  }
  const regionNodes: number[] = [];
  for (let r = 0; r < regions.length; r++) {
    regionNodes.push(cellOfNode.length);
    cellOfNode.push(-1);
  }
  for (let i = 0; i < nCells; i++) if (regionOfCell[i] >= 0 && c[i] > 0) nodeOfCell[i] = regionNodes[regionOfCell[i]];
  const n = cellOfNode.length;
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const diag = new Float64Array(n);
  const offs =
    neighbours === 4
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
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (nodeOfCell[i] < 0) continue;
      for (const [dy, dx, f] of offs) {
        const yy = y + dy;
        const xx = x + dx;
        if (yy >= height || xx < 0 || xx >= width) continue;
        const j = yy * width + xx;
        const a = nodeOfCell[i];
        const b = nodeOfCell[j];
        if (b < 0 || a === b) continue;
        const g = ((c[i] + c[j]) / 2) * f;
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        rows[lo].set(hi, (rows[lo].get(hi) ?? 0) - g);
        diag[a] += g;
        diag[b] += g;
        parent[find(a)] = find(b);
      }
    }
  }
  const grounded = new Set<number>();
  for (let v = 0; v < n; v++) {
    const r = find(v);
    if (!grounded.has(r)) {
      grounded.add(r);
      diag[v] += ground;
    }
  }
  const rowPtr = new Int32Array(n + 1);
  const col: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const j of [...rows[i].keys()].sort((a, b) => a - b)) {
      col.push(j);
      val.push(rows[i].get(j)!);
    }
    rowPtr[i + 1] = col.length;
  }
  return {
    width,
    height,
    A: { n, diag, rowPtr, col: Int32Array.from(col), val: Float64Array.from(val) },
    cellOfNode: Int32Array.from(cellOfNode),
    regionNodes,
  };
}

/** Conductances log-uniform in [lo, hi]. */
export function randomConductance(width: number, height: number, seed: number, lo = 1, hi = 1e5): Float64Array {
  const r = rng(seed);
  const c = new Float64Array(width * height);
  for (let i = 0; i < c.length; i++) c[i] = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * r());
  return c;
}

/** Dense full matrix (row-major n x n) of a SymMatrix. */
export function denseOf(A: SymMatrix): Float64Array {
  const n = A.n;
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    M[i * n + i] = A.diag[i];
    for (let k = A.rowPtr[i]; k < A.rowPtr[i + 1]; k++) {
      M[i * n + A.col[k]] = A.val[k];
      M[A.col[k] * n + i] = A.val[k];
    }
  }
  return M;
}

/** Plain (unblocked) Cholesky of a dense SPD matrix: returns L row-major (upper part zero). */
export function denseCholesky(M: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = M[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] ** 2;
    if (!(d > 0)) throw new Error(`reference Cholesky: pivot ${d} at ${j}`);
    const l = Math.sqrt(d);
    L[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = M[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / l;
    }
  }
  return L;
}

/** Solves L L^T X = B for the columns of B (n x m row-major), with L from denseCholesky. */
export function denseCholeskySolve(L: Float64Array, n: number, B: Float64Array, m: number): Float64Array {
  const X = Float64Array.from(B);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < n; i++) {
      let s = X[i * m + c];
      for (let k = 0; k < i; k++) s -= L[i * n + k] * X[k * m + c];
      X[i * m + c] = s / L[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = X[i * m + c];
      for (let k = i + 1; k < n; k++) s -= L[k * n + i] * X[k * m + c];
      X[i * m + c] = s / L[i * n + i];
    }
  }
  return X;
}

/** Dense Schur complement of M onto the nodes `keep` (in that order): M_TT - M_TR M_RR^-1 M_RT. */
export function denseSchur(M: Float64Array, n: number, keep: ArrayLike<number>): Float64Array {
  const isKept = new Uint8Array(n);
  for (let a = 0; a < keep.length; a++) isKept[keep[a]] = 1;
  const R: number[] = [];
  for (let i = 0; i < n; i++) if (!isKept[i]) R.push(i);
  const nR = R.length;
  const nT = keep.length;
  const ARR = new Float64Array(nR * nR);
  for (let a = 0; a < nR; a++) for (let b = 0; b < nR; b++) ARR[a * nR + b] = M[R[a] * n + R[b]];
  const ART = new Float64Array(nR * nT);
  for (let a = 0; a < nR; a++) for (let t = 0; t < nT; t++) ART[a * nT + t] = M[R[a] * n + keep[t]];
  const Y = nR > 0 ? denseCholeskySolve(denseCholesky(ARR, nR), nR, ART, nT) : new Float64Array(0);
  const S = new Float64Array(nT * nT);
  for (let s = 0; s < nT; s++) {
    for (let t = 0; t < nT; t++) {
      let v = M[keep[s] * n + keep[t]];
      for (let a = 0; a < nR; a++) v -= ART[a * nT + s] * Y[a * nT + t];
      S[s * nT + t] = v;
    }
  }
  return S;
}

/** max |a - b| / max |b|. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / (den || 1);
}
