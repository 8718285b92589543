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
  for (let s0 = r0; s0 < r1; s0 += CHUNK) {
    const s1 = Math.min(s0 + CHUNK, r1);
    // rows r >= s0 reuse the W rows of columns s0..s1 (in cache) while W row r streams by
    let r = s0;
    for (; r + 1 < r1; r += 2) {
      const wa = (r - r0) * ldw;
      const wb = wa + ldw;
      const ca = r * ldc;
      const cb = ca + ldc;
      const q0 = upperTriangularW ? r : 0; // rows r, r + 1 of W are zero before r
      const sEnd = Math.min(s1, r + 1); // s <= r for row r; row r + 1 also gets s = r + 1 below
      let s = s0;
      for (; s + 1 < sEnd; s += 2) {
        const wc = (s - r0) * ldw;
        const wd = wc + ldw;
        let aa = 0;
        let ab = 0;
        let ba = 0;
        let bb = 0;
        for (let q = q0; q < p; q++) {
          const x = W[wa + q];
          const y = W[wb + q];
          const u = W[wc + q];
          const v = W[wd + q];
          aa += x * u;
          ab += x * v;
          ba += y * u;
          bb += y * v;
        }
        C[ca + s] -= aa;
        C[ca + s + 1] -= ab;
        C[cb + s] -= ba;
        C[cb + s + 1] -= bb;
      }
      for (; s < sEnd; s++) {
        const wc = (s - r0) * ldw;
        let aa = 0;
        let ba = 0;
        for (let q = q0; q < p; q++) {
          const u = W[wc + q];
          aa += W[wa + q] * u;
          ba += W[wb + q] * u;
        }
        C[ca + s] -= aa;
        C[cb + s] -= ba;
      }
      // row r + 1, column r + 1 (only when r + 1 lies in this chunk)
      if (r + 1 < s1) {
        let bb = 0;
        for (let q = q0; q < p; q++) bb += W[wb + q] * W[wb + q];
        C[cb + r + 1] -= bb;
      }
    }
    for (; r < r1; r++) {
      const wa = (r - r0) * ldw;
      const ca = r * ldc;
      const q1 = upperTriangularW ? r : 0;
      const sEnd = Math.min(s1, r + 1);
      for (let s = s0; s < sEnd; s++) {
        const wc = (s - r0) * ldw;
        let aa = 0;
        for (let q = q1; q < p; q++) aa += W[wa + q] * W[wc + q];
        C[ca + s] -= aa;
      }
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
