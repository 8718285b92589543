/**
 * Dense kernels for the multifrontal Schur complement: blocked partial Cholesky of a front, the
 * symmetric rank-k update (SYRK) that dominates its cost, and the SPD inverse of the Schur complement.
 *
 * Storage: square row-major arrays with leading dimension `ld`; only the lower triangle (column <= row)
 * is read and written. Row-major lower means every inner product below runs over contiguous memory.
 * JavaScript has no SIMD, so speed comes from register blocking (2 x 2 dot products share their loads)
 * and cache blocking (a chunk of panel rows small enough for L1 is reused by every trailing row).
 */

/** Panel width of the blocked factorisation: 32 doubles = 256 bytes per panel row. */
export const PANEL = 32;
/** Panel rows per cache chunk in SYRK: 64 rows x 32 doubles = 16 KB, half of a typical L1. */
const CHUNK = 64;

export class NotPositiveDefiniteError extends Error {
  constructor(
    readonly column: number,
    readonly pivot: number,
  ) {
    super(`pivot ${pivot} at column ${column} is not positive: the matrix is not positive definite`);
  }
}

/**
 * C[r][s] -= sum_p W[r - r0][p] * W[s - r0][p] for r0 <= s <= r < r1: the lower triangle of the
 * trailing block, updated by a panel W stored row-major (row stride ldw, width p, its row 0 = matrix row r0).
 * upperTriangularW: W row i is zero before position i (r0 = 0), so each dot product for row r starts at r.
 */
export function syrkLower(
  C: Float64Array,
  ldc: number,
  r0: number,
  r1: number,
  W: Float64Array,
  ldw: number,
  p: number,
  upperTriangularW = false,
): void {
  // column chunks of CHUNK: the chunk's W rows stay in L1 while every row below streams past them
  for (let s0 = r0; s0 < r1; s0 += CHUNK) {
    const s1 = Math.min(s0 + CHUNK, r1);
    diagonalBlock(C, ldc, r0, s0, s1, W, ldw, p, upperTriangularW);
    if (s1 < r1) rectangle(C, ldc, r0, s1, r1, s0, s1, W, ldw, p, upperTriangularW);
  }
}

/** The lower triangle of rows and columns s0..s1 (small: plain dot products). */
function diagonalBlock(C: Float64Array, ldc: number, r0: number, s0: number, s1: number, W: Float64Array, ldw: number, p: number, tri: boolean): void {
  for (let r = s0; r < s1; r++) {
    const wa = (r - r0) * ldw;
    const ca = r * ldc;
    const q0 = tri ? r : 0;
    for (let s = s0; s <= r; s++) {
      const wc = (s - r0) * ldw;
      let acc = 0;
      for (let q = q0; q < p; q++) acc += W[wa + q] * W[wc + q];
      C[ca + s] -= acc;
    }
  }
}

/**
 * Rows rA..rB, columns sA..sB, every column left of every row (sB <= rA): 4 rows x 2 columns at a
 * time, 8 accumulators fed by 6 loads per step (a 2 x 2 block needs 4 loads for 4 multiply-adds).
 */
function rectangle(
  C: Float64Array,
  ldc: number,
  r0: number,
  rA: number,
  rB: number,
  sA: number,
  sB: number,
  W: Float64Array,
  ldw: number,
  p: number,
  tri: boolean,
): void {
  let r = rA;
  for (; r + 3 < rB; r += 4) {
    const w0 = (r - r0) * ldw;
    const w1 = w0 + ldw;
    const w2 = w1 + ldw;
    const w3 = w2 + ldw;
    const c0 = r * ldc;
    const c1 = c0 + ldc;
    const c2 = c1 + ldc;
    const c3 = c2 + ldc;
    const q0 = tri ? r : 0; // the four W rows are zero before r
    let s = sA;
    for (; s + 1 < sB; s += 2) {
      const u0 = (s - r0) * ldw;
      const u1 = u0 + ldw;
      let a00 = 0;
      let a01 = 0;
      let a10 = 0;
      let a11 = 0;
      let a20 = 0;
      let a21 = 0;
      let a30 = 0;
      let a31 = 0;
      for (let q = q0; q < p; q++) {
        const x = W[u0 + q];
        const y = W[u1 + q];
        const v0 = W[w0 + q];
        const v1 = W[w1 + q];
        const v2 = W[w2 + q];
        const v3 = W[w3 + q];
        a00 += v0 * x;
        a01 += v0 * y;
        a10 += v1 * x;
        a11 += v1 * y;
        a20 += v2 * x;
        a21 += v2 * y;
        a30 += v3 * x;
        a31 += v3 * y;
      }
      C[c0 + s] -= a00;
      C[c0 + s + 1] -= a01;
      C[c1 + s] -= a10;
      C[c1 + s + 1] -= a11;
      C[c2 + s] -= a20;
      C[c2 + s + 1] -= a21;
      C[c3 + s] -= a30;
      C[c3 + s + 1] -= a31;
    }
    if (s < sB) {
      const u0 = (s - r0) * ldw;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let q = q0; q < p; q++) {
        const x = W[u0 + q];
        a0 += W[w0 + q] * x;
        a1 += W[w1 + q] * x;
        a2 += W[w2 + q] * x;
        a3 += W[w3 + q] * x;
      }
      C[c0 + s] -= a0;
      C[c1 + s] -= a1;
      C[c2 + s] -= a2;
      C[c3 + s] -= a3;
    }
  }
  for (; r < rB; r++) {
    const w0 = (r - r0) * ldw;
    const c0 = r * ldc;
    const q0 = tri ? r : 0;
    for (let s = sA; s < sB; s++) {
      const u0 = (s - r0) * ldw;
      let acc = 0;
      for (let q = q0; q < p; q++) acc += W[w0 + q] * W[u0 + q];
      C[c0 + s] -= acc;
    }
  }
}

/**
 * Eliminates the first k columns of the m x m SPD matrix F (lower triangle, row-major, leading
 * dimension m): afterwards F[0..m, 0..k] holds the columns of L (L11 over L21) and the trailing block
 * F[k..m, k..m] holds the Schur complement F22 - L21 L21^T. k = m is a full Cholesky factorisation.
 * `panel` is scratch of at least m * PANEL doubles. Throws NotPositiveDefiniteError on a pivot <= 0.
 */
export function partialCholesky(F: Float64Array, m: number, k: number, panel: Float64Array): void {
  for (let j0 = 0; j0 < k; j0 += PANEL) {
    const j1 = Math.min(j0 + PANEL, k);
    const p = j1 - j0;
    // 1. factor the panel columns j0..j1 (rows j0..m), right-looking inside the panel
    for (let c = j0; c < j1; c++) {
      const d = F[c * m + c];
      if (!(d > 0)) throw new NotPositiveDefiniteError(c, d);
      const l = Math.sqrt(d);
      F[c * m + c] = l;
      const inv = 1 / l;
      for (let i = c + 1; i < m; i++) {
        const ri = i * m;
        const x = (F[ri + c] *= inv);
        // the rest of the panel row i: columns c+1..min(j1, i+1)
        const e = Math.min(j1, i + 1);
        for (let cc = c + 1; cc < e; cc++) F[ri + cc] -= x * F[cc * m + c];
      }
    }
    if (j1 >= m) break;
    // 2. copy the panel rows j1..m into contiguous W (row stride p) and update the trailing lower triangle
    for (let i = j1; i < m; i++) {
      const src = i * m + j0;
      const dst = (i - j1) * p;
      for (let q = 0; q < p; q++) panel[dst + q] = F[src + q];
    }
    syrkLower(F, m, j1, m, panel, p, p);
  }
}

/** Copies the lower triangle of an n x n row-major matrix onto its upper triangle. */
export function symmetrizeLower(A: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[j * n + i] = A[i * n + j];
}

/** Solves L L^T x = b in place (L lower, row-major n x n, from partialCholesky with k = n). */
export function choleskySolveDense(L: Float64Array, n: number, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = x[i];
    for (let j = 0; j < i; j++) s -= L[ri + j] * x[j];
    x[i] = s / L[ri + i];
  }
  // L^T x = y: column access of L, done as row axpys so memory stays contiguous
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = (x[i] /= L[ri + i]);
    for (let j = 0; j < i; j++) x[j] -= L[ri + j] * xi;
  }
}

/**
 * Rows of X^T where X = L^-1 (L lower, row-major n x n): row j of the result is column j of L^-1,
 * zero before position j. Forward substitution for 4 right-hand sides at a time, so each row of L is
 * loaded once per 4 columns.
 */
export function lowerInverseTransposed(L: Float64Array, n: number): Float64Array {
  const Xt = new Float64Array(n * n);
  for (let j0 = 0; j0 < n; j0 += 4) {
    const g = Math.min(4, n - j0);
    // rows j0..j0+g of Xt; row j starts with 1 at position j (then divided by the pivot)
    for (let t = 0; t < g; t++) Xt[(j0 + t) * n + j0 + t] = 1;
    const x0 = j0 * n;
    const x1 = x0 + (g > 1 ? n : 0);
    const x2 = x0 + (g > 2 ? 2 * n : 0);
    const x3 = x0 + (g > 3 ? 3 * n : 0);
    for (let k = j0; k < n; k++) {
      const rk = k * n;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let q = j0; q < k; q++) {
        const l = L[rk + q];
        a0 += l * Xt[x0 + q];
        a1 += l * Xt[x1 + q];
        a2 += l * Xt[x2 + q];
        a3 += l * Xt[x3 + q];
      }
      const inv = 1 / L[rk + k];
      // aliased rows (g < 4) repeat row 0: writing them would corrupt it, so only the real rows are written
      Xt[x0 + k] = (Xt[x0 + k] - a0) * inv;
      if (g > 1) Xt[x1 + k] = (Xt[x1 + k] - a1) * inv;
      if (g > 2) Xt[x2 + k] = (Xt[x2 + k] - a2) * inv;
      if (g > 3) Xt[x3 + k] = (Xt[x3 + k] - a3) * inv;
    }
  }
  return Xt;
}

/**
 * The inverse of the SPD n x n matrix S (row-major, lower triangle read), returned full and symmetric.
 * S is overwritten by its Cholesky factor, then by the inverse: G = L^-T L^-1 = Xt Xt^T with
 * Xt = rows of L^-T (lowerInverseTransposed), computed by the cache-blocked SYRK kernel.
 * Work: n^3/3 (Cholesky) + n^3/3 (inverse of L) + n^3/3 (product) flops, n^3 in all.
 */
export function spdInverse(S: Float64Array, n: number): Float64Array {
  const panel = new Float64Array(Math.max(1, n * PANEL));
  partialCholesky(S, n, n, panel);
  const Xt = lowerInverseTransposed(S, n);
  S.fill(0);
  // G[r][s] = sum_q Xt[r][q] Xt[s][q]: syrkLower subtracts, so accumulate -G then negate
  syrkLower(S, n, 0, n, Xt, n, n, true);
  for (let i = 0; i < n; i++) for (let j = 0, r = i * n; j <= i; j++) S[r + j] = -S[r + j];
  symmetrizeLower(S, n);
  return S;
}
