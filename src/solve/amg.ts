/**
 * Smoothed-aggregation AMG hierarchy and its V-cycle, used as a symmetric preconditioner for CG.
 * Setup (aggregation, prolongators, Galerkin products, coarse factorisation) runs once per matrix;
 * apply() allocates nothing. Pre-smoothing is a forward Gauss-Seidel sweep, post-smoothing a backward
 * sweep (the adjoint), and the coarsest level is solved exactly, so the V-cycle is a symmetric
 * positive definite operator as CG requires. Restriction is applied as P^T without storing R.
 */
import type { CsrMatrix } from "./types.ts";
import { diagonal, diagonalPositions } from "./csr.ts";
import { standardAggregation } from "./aggregate.ts";
import { smoothedProlongator, type Prolongator } from "./prolongator.ts";
import { galerkinProduct } from "./galerkin.ts";
import { envelopeCholesky, choleskySolve, type EnvelopeCholesky } from "./cholesky.ts";

export const DEFAULT_THETA = 0.02;

export interface AmgOptions {
  /**
   * Strength-of-connection threshold (symmetric measure). Default 0.02: on landscapes whose conductances
   * span orders of magnitude it halves or thirds the CG iterations against pyamg's default 0 (which keeps
   * every coupling and gives pyamg's hierarchy level for level); see bench/README.md.
   */
  theta?: number;
  /** Stop coarsening at or below this many unknowns and factorise (default 500). */
  maxCoarse?: number;
  maxLevels?: number;
  /** Gauss-Seidel sweeps before and after the coarse correction (default 1 each). */
  sweeps?: number;
}

interface Level {
  A: CsrMatrix;
  invDiag: Float64Array;
  /** Diagonal position per row (rows sorted), or null: enables the split pre-smoothing below. */
  dpos: Int32Array | null;
  P: Prolongator;
  x: Float64Array; // level solution (level 0 uses the caller's z)
  b: Float64Array; // level right-hand side (level 0 uses the caller's r)
}

export interface LevelInfo {
  n: number;
  nnz: number;
}

export interface AmgTimings {
  aggregate: number;
  prolongator: number;
  galerkin: number;
  coarseFactor: number;
}

export class AmgHierarchy {
  readonly levels: Level[] = [];
  readonly coarse: EnvelopeCholesky;
  readonly coarseA: CsrMatrix;
  readonly coarseX: Float64Array;
  readonly coarseB: Float64Array;
  readonly sweeps: number;
  readonly timings: AmgTimings = { aggregate: 0, prolongator: 0, galerkin: 0, coarseFactor: 0 };

  constructor(A: CsrMatrix, opts: AmgOptions = {}) {
    const theta = opts.theta ?? DEFAULT_THETA;
    const maxCoarse = Math.max(1, opts.maxCoarse ?? 500);
    const maxLevels = opts.maxLevels ?? 25;
    this.sweeps = opts.sweeps ?? 1;
    let cur = A;
    let B: Float64Array = new Float64Array(A.n).fill(1);
    while (cur.n > maxCoarse && this.levels.length < maxLevels - 1) {
      const d = diagonal(cur);
      const invDiag = new Float64Array(cur.n);
      for (let i = 0; i < cur.n; i++) {
        if (!(d[i] > 0)) throw new Error(`solver: diagonal entry ${d[i]} at row ${i} (level ${this.levels.length}) is not positive`);
        invDiag[i] = 1 / d[i];
      }
      let t = performance.now();
      const { agg, count } = standardAggregation(cur.n, cur.rowPtr, cur.col, cur.val, d, theta);
      this.timings.aggregate += performance.now() - t;
      // no coarsening possible (e.g. a diagonal matrix), or a stall on a small level: factorise this level
      if (count >= cur.n || (count > 0.8 * cur.n && cur.n <= 20 * maxCoarse)) break;
      t = performance.now();
      const { P, Bc } = smoothedProlongator(cur, invDiag, agg, count, B);
      this.timings.prolongator += performance.now() - t;
      t = performance.now();
      const Ac = galerkinProduct(cur, P);
      this.timings.galerkin += performance.now() - t;
      const lvl = this.levels.length;
      this.levels.push({
        A: cur,
        invDiag,
        dpos: diagonalPositions(cur),
        P,
        x: lvl === 0 ? new Float64Array(0) : new Float64Array(cur.n),
        b: lvl === 0 ? new Float64Array(0) : new Float64Array(cur.n),
      });
      cur = Ac;
      B = Bc;
    }
    const t = performance.now();
    this.coarseA = cur;
    this.coarse = envelopeCholesky(cur.n, cur.rowPtr, cur.col, cur.val, { allowSingular: true });
    this.timings.coarseFactor += performance.now() - t;
    this.coarseX = new Float64Array(cur.n);
    this.coarseB = new Float64Array(cur.n);
  }

  /** Sizes per level, finest first, the coarsest (factorised) last. */
  info(): LevelInfo[] {
    const out = this.levels.map((l) => ({ n: l.A.n, nnz: l.A.rowPtr[l.A.n] }));
    out.push({ n: this.coarseA.n, nnz: this.coarseA.rowPtr[this.coarseA.n] });
    return out;
  }

  /** Operator complexity: total nonzeros over all levels / nonzeros of A. */
  operatorComplexity(): number {
    const info = this.info();
    return info.reduce((s, l) => s + l.nnz, 0) / info[0].nnz;
  }

  /** Bytes held by the hierarchy (excluding the caller's finest matrix). */
  bytes(): number {
    let s = 0;
    this.levels.forEach((l, i) => {
      s += l.invDiag.byteLength + l.P.rowPtr.byteLength + l.P.col.byteLength + l.P.val.byteLength;
      s += l.x.byteLength + l.b.byteLength;
      if (l.dpos) s += l.dpos.byteLength;
      if (i > 0) s += l.A.rowPtr.byteLength + l.A.col.byteLength + l.A.val.byteLength;
    });
    const c = this.coarse;
    s += c.L.byteLength + c.perm.byteLength * 4 + c.invDiag.byteLength * 2;
    if (this.levels.length > 0) s += this.coarseA.rowPtr.byteLength + this.coarseA.col.byteLength + this.coarseA.val.byteLength;
    return s;
  }

  /** z = M^-1 r: one V-cycle from a zero initial guess. r is not modified. */
  apply(r: Float64Array, z: Float64Array): void {
    const levels = this.levels;
    const L = levels.length;
    if (L === 0) {
      choleskySolve(this.coarse, r, z);
      return;
    }
    const sweeps = this.sweeps;
    for (let l = 0; l < L; l++) {
      const lv = levels[l];
      const x = l === 0 ? z : lv.x;
      const b = l === 0 ? r : lv.b;
      const bc = l + 1 < L ? levels[l + 1].b : this.coarseB;
      if (sweeps === 1 && lv.dpos) {
        // From a zero guess a forward sweep needs only the strict lower part, and the residual it leaves
        // is exactly -U x (the strict upper part): together one pass over A instead of two.
        lowerSweepFromZero(lv.A, lv.dpos, lv.invDiag, b, x);
        upperResidualRestrict(lv.A, lv.dpos, lv.P, x, bc);
      } else {
        x.fill(0);
        for (let s = 0; s < sweeps; s++) forwardGaussSeidel(lv.A, lv.invDiag, b, x);
        residualRestrict(lv.A, lv.P, b, x, bc);
      }
    }
    choleskySolve(this.coarse, this.coarseB, this.coarseX);
    for (let l = L - 1; l >= 0; l--) {
      const lv = levels[l];
      const x = l === 0 ? z : lv.x;
      const b = l === 0 ? r : lv.b;
      const xc = l + 1 < L ? levels[l + 1].x : this.coarseX;
      prolongAdd(lv.P, xc, x);
      for (let s = 0; s < sweeps; s++) backwardGaussSeidel(lv.A, lv.invDiag, b, x);
    }
  }
}

/** Forward Gauss-Seidel sweep from x = 0: x_i = (b_i - sum_{j<i} a_ij x_j) / a_ii. Overwrites x. */
export function lowerSweepFromZero(A: CsrMatrix, dpos: Int32Array, invDiag: Float64Array, b: Float64Array, x: Float64Array): void {
  const n = A.n;
  const rowPtr = A.rowPtr;
  const col = A.col;
  const val = A.val;
  for (let i = 0; i < n; i++) {
    const end = dpos[i];
    let s = b[i];
    for (let k = rowPtr[i]; k < end; k++) s -= val[k] * x[col[k]];
    x[i] = s * invDiag[i];
  }
}

/** bc = P^T r with r_i = -sum_{j>i} a_ij x_j, the residual left by lowerSweepFromZero. */
export function upperResidualRestrict(A: CsrMatrix, dpos: Int32Array, P: Prolongator, x: Float64Array, bc: Float64Array): void {
  const n = A.n;
  const rowPtr = A.rowPtr;
  const col = A.col;
  const val = A.val;
  const pPtr = P.rowPtr;
  const pCol = P.col;
  const pVal = P.val;
  bc.fill(0);
  let q = pPtr[0];
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    let s = 0;
    for (let k = dpos[i] + 1; k < end; k++) s -= val[k] * x[col[k]];
    const pend = pPtr[i + 1];
    for (; q < pend; q++) bc[pCol[q]] += pVal[q] * s;
  }
}

/** One forward Gauss-Seidel sweep: x_i += (b_i - (A x)_i) / a_ii, i ascending. */
function forwardGaussSeidel(A: CsrMatrix, invDiag: Float64Array, b: Float64Array, x: Float64Array): void {
  const n = A.n;
  const rowPtr = A.rowPtr;
  const col = A.col;
  const val = A.val;
  let k = rowPtr[0];
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    let s = b[i];
    for (; k < end; k++) s -= val[k] * x[col[k]];
    x[i] += s * invDiag[i];
  }
}

/** One backward Gauss-Seidel sweep (i descending): the adjoint of the forward sweep. */
export function backwardGaussSeidel(A: CsrMatrix, invDiag: Float64Array, b: Float64Array, x: Float64Array): void {
  const rowPtr = A.rowPtr;
  const col = A.col;
  const val = A.val;
  for (let i = A.n - 1; i >= 0; i--) {
    const start = rowPtr[i];
    let s = b[i];
    for (let k = rowPtr[i + 1] - 1; k >= start; k--) s -= val[k] * x[col[k]];
    x[i] += s * invDiag[i];
  }
}

/** bc = P^T (b - A x), fused: the fine residual is never stored. */
function residualRestrict(A: CsrMatrix, P: Prolongator, b: Float64Array, x: Float64Array, bc: Float64Array): void {
  const n = A.n;
  const rowPtr = A.rowPtr;
  const col = A.col;
  const val = A.val;
  const pPtr = P.rowPtr;
  const pCol = P.col;
  const pVal = P.val;
  bc.fill(0);
  let k = rowPtr[0];
  let q = pPtr[0];
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    let s = b[i];
    for (; k < end; k++) s -= val[k] * x[col[k]];
    const pend = pPtr[i + 1];
    for (; q < pend; q++) bc[pCol[q]] += pVal[q] * s;
  }
}

/** x += P xc. */
export function prolongAdd(P: Prolongator, xc: Float64Array, x: Float64Array): void {
  const n = P.rows;
  const pPtr = P.rowPtr;
  const pCol = P.col;
  const pVal = P.val;
  let q = pPtr[0];
  for (let i = 0; i < n; i++) {
    const end = pPtr[i + 1];
    let s = x[i];
    for (; q < end; q++) s += pVal[q] * xc[pCol[q]];
    x[i] = s;
  }
}
