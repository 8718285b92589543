/**
 * Multifrontal partial Cholesky: eliminates every node of R block by block and assembles the Schur
 * complement S = A_TT - A_TR A_RR^-1 A_RT onto the kept nodes T.
 *
 * Each block's front (the block's columns plus the rows of L below them) is a dense matrix: the
 * block's entries of A and its children's update matrices are added in, its columns are eliminated
 * (partialCholesky), and what is left, the update matrix, waits for the parent block - or, when the
 * parent is T, is added straight into S. Fronts are built in the elimination order, which visits
 * children before parents, so at most the updates of unfinished subtrees are held at once.
 * With keepFactor the block columns of L are kept (for solve()); otherwise they are dropped at once,
 * and memory is the largest front plus the pending updates plus S.
 */
import type { CsrMatrix } from "../types.ts";
import { NotPositiveDefiniteError, PANEL, partialCholesky } from "./dense.ts";
import { TO_SCHUR, type Symbolic } from "./symbolic.ts";

export interface Factor {
  /** Per block: the front's first k columns (row-major, m rows x k columns, row stride k): L11 over L21. */
  L: Float64Array[];
}

export interface NumericResult {
  /** S (nT x nT, row-major, lower triangle filled; the upper triangle is filled by the caller). */
  S: Float64Array;
  factor: Factor | null;
  /** Peak bytes of fronts and pending update matrices held at once (S and the factor not included). */
  peakWorkBytes: number;
}

/**
 * `full`: A with both triangles, ORIGINAL numbering; iperm[old] = new. A pivot that is not positive
 * throws, naming the original node (onPivot maps it to a message about its cell).
 */
export function factorise(
  full: CsrMatrix,
  perm: Int32Array,
  iperm: Int32Array,
  sym: Symbolic,
  keepFactor: boolean,
  describeNode: (old: number) => string = (old) => `node ${old}`,
): NumericResult {
  const { n, nR, blockPtr, below, parent, firstChild, nextSibling, maxFront } = sym;
  const nT = n - nR;
  const S = new Float64Array(nT * nT);
  const F = new Float64Array(maxFront * maxFront);
  const panel = new Float64Array(Math.max(1, maxFront * PANEL));
  const pos = new Int32Array(n); // position of a new index in the current front
  const rel = new Int32Array(maxFront); // a child's update indices as positions in the front
  const updates: (Float64Array | null)[] = new Array(blockPtr.length - 1).fill(null);
  const L: Float64Array[] = [];
  let pending = 0;
  let peak = 0;
  const { rowPtr, col, val } = full;

  // A_TT into S (the lower triangle in T's numbering)
  for (let t = nR; t < n; t++) {
    const old = perm[t];
    const row = (t - nR) * nT;
    for (let k = rowPtr[old]; k < rowPtr[old + 1]; k++) {
      const q = iperm[col[k]];
      if (q >= nR && q <= t) S[row + q - nR] += val[k];
    }
  }

  for (let b = 0; b < blockPtr.length - 1; b++) {
    const s = blockPtr[b];
    const kb = blockPtr[b + 1] - s;
    const u = below[b];
    const nu = u.length;
    const m = kb + nu;
    F.fill(0, 0, m * m);
    for (let j = 0; j < kb; j++) pos[s + j] = j;
    for (let a = 0; a < nu; a++) pos[u[a]] = kb + a;
    // the block's columns of A (rows at or below the column; the rest of the front is zero in A)
    for (let j = s; j < s + kb; j++) {
      const old = perm[j];
      const pj = pos[j];
      for (let k = rowPtr[old]; k < rowPtr[old + 1]; k++) {
        const q = iperm[col[k]];
        if (q >= j) F[pos[q] * m + pj] += val[k];
      }
    }
    // extend-add the children's update matrices
    for (let c = firstChild[b]; c >= 0; c = nextSibling[c]) {
      const uc = below[c];
      const nc = uc.length;
      const U = updates[c]!;
      for (let a = 0; a < nc; a++) rel[a] = pos[uc[a]];
      for (let a = 0; a < nc; a++) {
        const fr = rel[a] * m;
        const ur = a * nc;
        for (let d = 0; d <= a; d++) F[fr + rel[d]] += U[ur + d];
      }
      updates[c] = null;
      pending -= nc * nc * 8;
    }
    const work = pending + m * m * 8;
    if (work > peak) peak = work;
    try {
      partialCholesky(F, m, kb, panel);
    } catch (err) {
      if (err instanceof NotPositiveDefiniteError) {
        throw new Error(
          `schur: the matrix is not positive definite: pivot ${err.pivot} at ${describeNode(perm[s + err.column])} (a Laplacian needs a ground in every connected part of R)`,
        );
      }
      throw err;
    }
    if (keepFactor) L.push(copyColumns(F, m, kb));
    if (nu === 0) continue;
    if (parent[b] === TO_SCHUR) {
      // every index of the update is a kept node: add the trailing lower triangle into S
      for (let a = 0; a < nu; a++) {
        const sr = (u[a] - nR) * nT;
        const fr = (kb + a) * m + kb;
        for (let d = 0; d <= a; d++) S[sr + u[d] - nR] += F[fr + d];
      }
    } else {
      const U = new Float64Array(nu * nu);
      for (let a = 0; a < nu; a++) {
        const fr = (kb + a) * m + kb;
        const ur = a * nu;
        for (let d = 0; d <= a; d++) U[ur + d] = F[fr + d];
      }
      updates[b] = U;
      pending += nu * nu * 8;
    }
  }
  return { S, factor: keepFactor ? { L } : null, peakWorkBytes: peak };
}

function copyColumns(F: Float64Array, m: number, k: number): Float64Array {
  const out = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    const src = i * m;
    const dst = i * k;
    const e = Math.min(k, i + 1); // L11 is lower triangular: the upper part of the front holds stale values
    for (let j = 0; j < e; j++) out[dst + j] = F[src + j];
  }
  return out;
}

/**
 * y <- L^-1 y over R (forward elimination), applied to a vector in the NEW numbering: afterwards
 * y_R holds L_RR^-1 b_R and y_T holds b_T - A_TR A_RR^-1 b_R.
 */
export function forwardR(sym: Symbolic, factor: Factor, y: Float64Array): void {
  const { blockPtr, below } = sym;
  for (let b = 0; b < blockPtr.length - 1; b++) {
    const s = blockPtr[b];
    const k = blockPtr[b + 1] - s;
    const Lb = factor.L[b];
    const u = below[b];
    for (let i = 0; i < k; i++) {
      const r = i * k;
      let t = y[s + i];
      for (let j = 0; j < i; j++) t -= Lb[r + j] * y[s + j];
      y[s + i] = t / Lb[r + i];
    }
    for (let a = 0; a < u.length; a++) {
      const r = (k + a) * k;
      let t = 0;
      for (let j = 0; j < k; j++) t += Lb[r + j] * y[s + j];
      y[u[a]] -= t;
    }
  }
}

/** x_R <- L_RR^-T (y_R - L_TR^T x_T) over R (back substitution), x_T already solved (NEW numbering). */
export function backwardR(sym: Symbolic, factor: Factor, x: Float64Array): void {
  const { blockPtr, below } = sym;
  for (let b = blockPtr.length - 2; b >= 0; b--) {
    const s = blockPtr[b];
    const k = blockPtr[b + 1] - s;
    const Lb = factor.L[b];
    const u = below[b];
    for (let a = 0; a < u.length; a++) {
      const r = (k + a) * k;
      const xa = x[u[a]];
      for (let j = 0; j < k; j++) x[s + j] -= Lb[r + j] * xa;
    }
    for (let i = k - 1; i >= 0; i--) {
      const r = i * k;
      const xi = (x[s + i] /= Lb[r + i]);
      for (let j = 0; j < i; j++) x[s + j] -= Lb[r + j] * xi;
    }
  }
}
