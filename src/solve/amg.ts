/**
 * Smoothed-aggregation AMG hierarchy and its V-cycle, used as a symmetric preconditioner for CG.
 * Setup (aggregation, prolongators, Galerkin products, coarse factorisation) runs once per matrix;
 * apply() allocates nothing. Pre-smoothing is a forward Gauss-Seidel sweep, post-smoothing a backward
 * sweep (the adjoint), and the coarsest level is solved exactly, so the V-cycle is a symmetric
 * positive definite operator as CG requires. Restriction is applied as P^T without storing R.
 * Every level is a SymMatrix (diagonal + upper triangle, sym.ts): the lower triangle of a row is
 * applied by scattering from the rows above it, into the solution vector itself, so the smoothers
 * need no work vector.
 */
import type { SymMatrix } from "./types.ts";
import { csrFromSym, lowerIndex } from "./sym.ts";
import { standardAggregation, type StrengthMeasure } from "./aggregate.ts";
import { smoothedProlongator, type Prolongator } from "./prolongator.ts";
import { galerkinProduct } from "./galerkin.ts";
import { envelopeCholesky, choleskySolve, type EnvelopeCholesky } from "./cholesky.ts";

/**
 * Strength threshold per level: 0.02 on the finest level, 0.08 on the coarser ones (bench/amg-contrast.ts,
 * bench/README.md "AMG on high contrast"). The coarse Galerkin levels of land-cover mosaics (classes 1..1e4)
 * are where 0.02 aggregates across class edges: 0.08 there halves the CG iterations at 1000^2 (mosaic
 * 34 -> 15.5 per column, roads 44 -> 22). 0.08 on the finest level too saves a few more iterations
 * on rough landscapes but makes smaller finest aggregates: +16 B/node of hierarchy, over the 300 B/cell
 * budget of a 1000^2 focal-region run.
 */
export const DEFAULT_THETA: readonly number[] = [0.02, 0.08];
/** Least acceptable coarsening ratio n_fine / n_coarse of one level before theta is lowered on it. */
const MIN_COARSENING = 3;

export interface AmgOptions {
  /**
   * Strength-of-connection threshold (symmetric measure), one for all levels or one per level (the last
   * one for the levels below). Default DEFAULT_THETA; pyamg's default 0 keeps every coupling and gives
   * pyamg's hierarchy level for level. Above ~0.1 the coarse levels stop coarsening (then lowered, below).
   */
  theta?: number | readonly number[];
  /** Strength measure: "symmetric" (|a_ij|^2 >= theta^2 |a_ii a_jj|) or "classical" (-a_ij >= theta max_k -a_ik). */
  strength?: StrengthMeasure;
  /** Prolongator smoothing weight omega = omegaScale / rho(D^-1 A) (default 4/3). */
  omegaScale?: number;
  /** Stop coarsening at or below this many unknowns and factorise (default 500). */
  maxCoarse?: number;
  maxLevels?: number;
  /** Gauss-Seidel sweeps before and after the coarse correction (default 1 each). */
  sweeps?: number;
}

export interface Level {
  A: SymMatrix;
  invDiag: Float64Array;
  P: Prolongator;
  x: Float64Array; // level solution (level 0 uses the caller's z)
  b: Float64Array; // level right-hand side (level 0 uses the caller's r)
}

export interface LevelInfo {
  n: number;
  /** Nonzeros of the full matrix (both triangles and the diagonal), as pyamg counts them. */
  nnz: number;
}

export interface AmgTimings {
  aggregate: number;
  prolongator: number;
  galerkin: number;
  coarseFactor: number;
}

const fullNnz = (A: SymMatrix): number => A.n + 2 * A.rowPtr[A.n];

export class AmgHierarchy {
  readonly levels: Level[] = [];
  readonly coarse: EnvelopeCholesky;
  readonly coarseA: SymMatrix;
  readonly coarseX: Float64Array;
  readonly coarseB: Float64Array;
  readonly sweeps: number;
  readonly timings: AmgTimings = { aggregate: 0, prolongator: 0, galerkin: 0, coarseFactor: 0 };
  /** The fine residual of the general smoothing path (sweeps > 1), made on first use: one per thread. */
  private work: Float64Array | null = null;

  constructor(A: SymMatrix, opts: AmgOptions = {}) {
    const thetas = opts.theta ?? DEFAULT_THETA;
    const maxCoarse = Math.max(1, opts.maxCoarse ?? 500);
    const maxLevels = opts.maxLevels ?? 25;
    this.sweeps = opts.sweeps ?? 1;
    let cur = A;
    let B: Float64Array = new Float64Array(A.n).fill(1);
    while (cur.n > maxCoarse && this.levels.length < maxLevels - 1) {
      const d = cur.diag;
      const invDiag = new Float64Array(cur.n);
      for (let i = 0; i < cur.n; i++) {
        if (!(d[i] > 0)) throw new Error(`solver: diagonal entry ${d[i]} at row ${i} (level ${this.levels.length}) is not positive`);
        invDiag[i] = 1 / d[i];
      }
      // The lower triangle's index lives only while this level is set up (4 bytes per stored entry).
      const low = lowerIndex(cur);
      let t = performance.now();
      let th = typeof thetas === "number" ? thetas : thetas[Math.min(this.levels.length, thetas.length - 1)];
      let { agg, count } = standardAggregation(cur, low, th, opts.strength);
      // A threshold that leaves most couplings weak (coarse Galerkin levels of high-contrast landscapes)
      // makes tiny aggregates: the hierarchy's size then explodes. Halve theta on that level until
      // aggregates hold 3 nodes on average (or theta reaches 0, where every coupling is strong).
      while (count > cur.n / MIN_COARSENING && th > 0) {
        th = th > 1e-3 ? th / 2 : 0;
        ({ agg, count } = standardAggregation(cur, low, th, opts.strength));
      }
      this.timings.aggregate += performance.now() - t;
      // no coarsening possible (e.g. a diagonal matrix), or a stall on a small level: factorise this level
      if (count >= cur.n || (count > 0.8 * cur.n && cur.n <= 20 * maxCoarse)) break;
      t = performance.now();
      const { P, Bc } = smoothedProlongator(cur, low, invDiag, agg, count, B, opts.omegaScale);
      this.timings.prolongator += performance.now() - t;
      t = performance.now();
      const Ac = galerkinProduct(cur, low, P);
      this.timings.galerkin += performance.now() - t;
      const lvl = this.levels.length;
      this.levels.push({
        A: cur,
        invDiag,
        P,
        x: lvl === 0 ? new Float64Array(0) : new Float64Array(cur.n),
        b: lvl === 0 ? new Float64Array(0) : new Float64Array(cur.n),
      });
      cur = Ac;
      B = Bc;
    }
    const t = performance.now();
    this.coarseA = cur;
    const full = csrFromSym(cur);
    this.coarse = envelopeCholesky(full.n, full.rowPtr, full.col, full.val, { allowSingular: true });
    this.timings.coarseFactor += performance.now() - t;
    this.coarseX = new Float64Array(cur.n);
    this.coarseB = new Float64Array(cur.n);
  }

  /** Sizes per level, finest first, the coarsest (factorised) last. */
  info(): LevelInfo[] {
    const out = this.levels.map((l) => ({ n: l.A.n, nnz: fullNnz(l.A) }));
    out.push({ n: this.coarseA.n, nnz: fullNnz(this.coarseA) });
    return out;
  }

  /** Operator complexity: total nonzeros over all levels / nonzeros of A. */
  operatorComplexity(): number {
    const info = this.info();
    return info.reduce((s, l) => s + l.nnz, 0) / info[0].nnz;
  }

  /** Bytes held by the hierarchy (excluding the caller's finest matrix). */
  bytes(): number {
    const sym = (A: SymMatrix) => A.diag.byteLength + A.rowPtr.byteLength + A.col.byteLength + A.val.byteLength;
    let s = this.work ? this.work.byteLength : 0;
    this.levels.forEach((l, i) => {
      s += l.invDiag.byteLength + l.P.rowPtr.byteLength + l.P.col.byteLength + l.P.val.byteLength;
      s += l.x.byteLength + l.b.byteLength;
      if (i > 0) s += sym(l.A);
    });
    const c = this.coarse;
    s += c.L.byteLength + c.perm.byteLength * 4 + c.invDiag.byteLength * 2;
    if (this.levels.length > 0) s += sym(this.coarseA);
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
      if (sweeps === 1) {
        // From a zero guess a forward sweep leaves exactly the residual -U x (the strict upper part).
        forwardSweepFromZero(lv.A, lv.invDiag, b, x);
        upperResidualRestrict(lv.A, lv.P, x, bc);
      } else {
        x.fill(0);
        for (let s = 0; s < sweeps; s++) forwardGaussSeidel(lv.A, lv.invDiag, b, x);
        residualRestrict(lv.A, lv.P, b, x, bc, (this.work ??= new Float64Array(levels[0].A.n)));
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
export function forwardSweepFromZero(A: SymMatrix, invDiag: Float64Array, b: Float64Array, x: Float64Array): void {
  const n = A.n;
  const rowPtr = A.rowPtr;
  const col = A.col;
  const val = A.val;
  // x_c holds the lower-triangle sum of row c until row c is reached: the rows above scatter into it.
  x.fill(0, 0, n);
  let k = rowPtr[0];
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    const xi = (b[i] - x[i]) * invDiag[i];
    x[i] = xi;
    if (end - k === 4) {
      // ROW4 (sym.ts)
      x[col[k]] += val[k] * xi;
      x[col[k + 1]] += val[k + 1] * xi;
      x[col[k + 2]] += val[k + 2] * xi;
      x[col[k + 3]] += val[k + 3] * xi;
      k = end;
    } else for (; k < end; k++) x[col[k]] += val[k] * xi;
  }
}

/** bc = P^T r with r_i = -sum_{j>i} a_ij x_j, the residual left by forwardSweepFromZero. */
export function upperResidualRestrict(A: SymMatrix, P: Prolongator, x: Float64Array, bc: Float64Array): void {
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
    let s = 0;
    if (end - k === 4) {
      // ROW4 (sym.ts)
      s -= val[k] * x[col[k]];
      s -= val[k + 1] * x[col[k + 1]];
      s -= val[k + 2] * x[col[k + 2]];
      s -= val[k + 3] * x[col[k + 3]];
      k = end;
    } else for (; k < end; k++) s -= val[k] * x[col[k]];
    const pend = pPtr[i + 1];
    const m = pend - q;
    if (m === 4) {
      bc[pCol[q]] += pVal[q] * s;
      bc[pCol[q + 1]] += pVal[q + 1] * s;
      bc[pCol[q + 2]] += pVal[q + 2] * s;
      bc[pCol[q + 3]] += pVal[q + 3] * s;
    } else if (m === 3) {
      bc[pCol[q]] += pVal[q] * s;
      bc[pCol[q + 1]] += pVal[q + 1] * s;
      bc[pCol[q + 2]] += pVal[q + 2] * s;
    } else if (m === 2) {
      bc[pCol[q]] += pVal[q] * s;
      bc[pCol[q + 1]] += pVal[q + 1] * s;
    } else for (let t = q; t < pend; t++) bc[pCol[t]] += pVal[t] * s;
    q = pend;
  }
}

/**
 * One forward Gauss-Seidel sweep (i ascending) from any x, as x <- (D + L)^-1 (b - U x): y = b - U x
 * with the old values, written over x (ascending, row i reads only the later rows, not yet written),
 * then forward substitution with the lower sums scattered ahead as in forwardSweepFromZero.
 */
function forwardGaussSeidel(A: SymMatrix, invDiag: Float64Array, b: Float64Array, x: Float64Array): void {
  const n = A.n;
  const rowPtr = A.rowPtr;
  const col = A.col;
  const val = A.val;
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) s -= val[k] * x[col[k]];
    x[i] = s;
  }
  let k = rowPtr[0];
  for (let i = 0; i < n; i++) {
    const end = rowPtr[i + 1];
    const xi = x[i] * invDiag[i];
    x[i] = xi;
    for (; k < end; k++) x[col[k]] -= val[k] * xi;
  }
}

/**
 * One backward Gauss-Seidel sweep (i descending), the adjoint of the forward sweep, in the form
 * x <- (D + U)^-1 (b - L x): first y = b - L x with the values from before the sweep, written over x
 * (descending, each row scatters its old value into the rows below it, which it has already passed),
 * then back substitution. No work vector: one n-vector less per thread.
 */
export function backwardGaussSeidel(A: SymMatrix, invDiag: Float64Array, b: Float64Array, x: Float64Array): void {
  const n = A.n;
  const rowPtr = A.rowPtr;
  const col = A.col;
  const val = A.val;
  for (let j = n - 1; j >= 0; j--) {
    const xj = x[j];
    const k = rowPtr[j];
    const end = rowPtr[j + 1];
    if (end - k === 4) {
      // ROW4 (sym.ts)
      x[col[k]] -= val[k] * xj;
      x[col[k + 1]] -= val[k + 1] * xj;
      x[col[k + 2]] -= val[k + 2] * xj;
      x[col[k + 3]] -= val[k + 3] * xj;
    } else for (let q = k; q < end; q++) x[col[q]] -= val[q] * xj;
    x[j] = b[j];
  }
  for (let i = n - 1; i >= 0; i--) {
    const start = rowPtr[i];
    const end = rowPtr[i + 1];
    let s = x[i];
    if (end - start === 4) {
      s -= val[start + 3] * x[col[start + 3]];
      s -= val[start + 2] * x[col[start + 2]];
      s -= val[start + 1] * x[col[start + 1]];
      s -= val[start] * x[col[start]];
    } else for (let k = end - 1; k >= start; k--) s -= val[k] * x[col[k]];
    x[i] = s * invDiag[i];
  }
}

/** bc = P^T (b - A x); the fine residual goes through the work vector w (length >= n). */
function residualRestrict(A: SymMatrix, P: Prolongator, b: Float64Array, x: Float64Array, bc: Float64Array, w: Float64Array): void {
  const n = A.n;
  w.set(b.subarray(0, n));
  const diag = A.diag;
  const rowPtr = A.rowPtr;
  const col = A.col;
  const val = A.val;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    let s = w[i] - diag[i] * xi;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
      const c = col[k];
      s -= val[k] * x[c];
      w[c] -= val[k] * xi;
    }
    w[i] = s;
  }
  const pPtr = P.rowPtr;
  const pCol = P.col;
  const pVal = P.val;
  bc.fill(0);
  for (let i = 0; i < n; i++) {
    const s = w[i];
    for (let q = pPtr[i]; q < pPtr[i + 1]; q++) bc[pCol[q]] += pVal[q] * s;
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
    // rows of the smoothed prolongator hold 1-4 entries on the finest level: unrolled as ROW4 (sym.ts)
    const m = end - q;
    if (m === 4) {
      s += pVal[q] * xc[pCol[q]];
      s += pVal[q + 1] * xc[pCol[q + 1]];
      s += pVal[q + 2] * xc[pCol[q + 2]];
      s += pVal[q + 3] * xc[pCol[q + 3]];
    } else if (m === 3) {
      s += pVal[q] * xc[pCol[q]];
      s += pVal[q + 1] * xc[pCol[q + 1]];
      s += pVal[q + 2] * xc[pCol[q + 2]];
    } else if (m === 2) {
      s += pVal[q] * xc[pCol[q]];
      s += pVal[q + 1] * xc[pCol[q + 1]];
    } else for (let t = q; t < end; t++) s += pVal[t] * xc[pCol[t]];
    q = end;
    x[i] = s;
  }
}
