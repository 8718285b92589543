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
function diagonalBlock(
  C: Float64Array,
  ldc: number,
  r0: number,
  s0: number,
  s1: number,
  W: Float64Array,
  ldw: number,
  p: number,
  tri: boolean,
): void {
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
export function partialCholesky(F: Float64Array, m: number, k: number, panel: Float64Array, onPanel?: (columnsDone: number) => void): void {
  for (let j0 = 0; j0 < k; j0 += PANEL) {
    onPanel?.(j0);
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

/** Tile of the blocked inverse of L: 64 x 64 doubles = 32 KB per operand tile. */
const TILE = 64;

/**
 * Rows of X^T where X = L^-1 (L lower, row-major n x n): row j of the result is column j of L^-1,
 * zero before position j. Blocked forward substitution: for a block J of 64 columns of X and a tile K
 * of 64 rows, X_KJ = L_KK^-1 (E_KJ - sum_P L_KP X_PJ), the sum taken tile by tile over P so that both
 * operands (a 64 x 64 tile of L and of X^T) stay in cache; each L tile is read n / 64 times, not n / 4.
 */
export function lowerInverseTransposed(L: Float64Array, n: number, onBlock?: (columnsDone: number) => void): Float64Array {
  const Xt = new Float64Array(n * n);
  const acc = new Float64Array(TILE * TILE); // acc[jj * TILE + kk]: sum over the finished tiles for (j0 + jj, k0 + kk)
  for (let j0 = 0; j0 < n; j0 += TILE) {
    // block j0 costs about (n - j0)^2: report the work done so far as an equivalent column count
    onBlock?.(n * (1 - ((n - j0) / n) ** 3));
    const jb = Math.min(TILE, n - j0);
    for (let k0 = j0; k0 < n; k0 += TILE) {
      const kb = Math.min(TILE, n - k0);
      acc.fill(0);
      for (let p0 = j0; p0 < k0; p0 += TILE) gemmTile(L, Xt, n, acc, j0, jb, k0, kb, p0, Math.min(p0 + TILE, k0));
      // the diagonal tile of L: plain substitution, row by row
      for (let kk = 0; kk < kb; kk++) {
        const k = k0 + kk;
        const rk = k * n;
        const inv = 1 / L[rk + k];
        for (let jj = 0; jj < jb; jj++) {
          const j = j0 + jj;
          if (j > k) break; // X[k][j] = 0 above the diagonal
          const xj = j * n;
          let t = (j === k ? 1 : 0) - acc[jj * TILE + kk];
          for (let q = Math.max(k0, j); q < k; q++) t -= L[rk + q] * Xt[xj + q];
          Xt[xj + k] = t * inv;
        }
      }
    }
  }
  return Xt;
}

/** acc[jj][kk] += sum_{q in [p0, p1)} L[k0 + kk][q] * Xt[j0 + jj][q]: 4 rows of L x 2 rows of Xt per step. */
function gemmTile(
  L: Float64Array,
  Xt: Float64Array,
  n: number,
  acc: Float64Array,
  j0: number,
  jb: number,
  k0: number,
  kb: number,
  p0: number,
  p1: number,
): void {
  let kk = 0;
  for (; kk + 3 < kb; kk += 4) {
    const l0 = (k0 + kk) * n;
    const l1 = l0 + n;
    const l2 = l1 + n;
    const l3 = l2 + n;
    let jj = 0;
    for (; jj + 1 < jb; jj += 2) {
      const x0 = (j0 + jj) * n;
      const x1 = x0 + n;
      let a00 = 0;
      let a01 = 0;
      let a10 = 0;
      let a11 = 0;
      let a20 = 0;
      let a21 = 0;
      let a30 = 0;
      let a31 = 0;
      for (let q = p0; q < p1; q++) {
        const x = Xt[x0 + q];
        const y = Xt[x1 + q];
        const v0 = L[l0 + q];
        const v1 = L[l1 + q];
        const v2 = L[l2 + q];
        const v3 = L[l3 + q];
        a00 += v0 * x;
        a01 += v0 * y;
        a10 += v1 * x;
        a11 += v1 * y;
        a20 += v2 * x;
        a21 += v2 * y;
        a30 += v3 * x;
        a31 += v3 * y;
      }
      const c0 = jj * TILE + kk;
      const c1 = c0 + TILE;
      acc[c0] += a00;
      acc[c0 + 1] += a10;
      acc[c0 + 2] += a20;
      acc[c0 + 3] += a30;
      acc[c1] += a01;
      acc[c1 + 1] += a11;
      acc[c1 + 2] += a21;
      acc[c1 + 3] += a31;
    }
    for (; jj < jb; jj++) {
      const x0 = (j0 + jj) * n;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let q = p0; q < p1; q++) {
        const x = Xt[x0 + q];
        a0 += L[l0 + q] * x;
        a1 += L[l1 + q] * x;
        a2 += L[l2 + q] * x;
        a3 += L[l3 + q] * x;
      }
      const c0 = jj * TILE + kk;
      acc[c0] += a0;
      acc[c0 + 1] += a1;
      acc[c0 + 2] += a2;
      acc[c0 + 3] += a3;
    }
  }
  for (; kk < kb; kk++) {
    const l0 = (k0 + kk) * n;
    for (let jj = 0; jj < jb; jj++) {
      const x0 = (j0 + jj) * n;
      let a = 0;
      for (let q = p0; q < p1; q++) a += L[l0 + q] * Xt[x0 + q];
      acc[jj * TILE + kk] += a;
    }
  }
}

/**
 * The inverse of the SPD n x n matrix S (row-major, lower triangle read), returned full and symmetric.
 * S is overwritten by its Cholesky factor, then by the inverse: G = L^-T L^-1 = Xt Xt^T with
 * Xt = rows of L^-T (lowerInverseTransposed), computed by the cache-blocked SYRK kernel.
 * Work: n^3/3 (Cholesky) + n^3/3 (inverse of L) + n^3/3 (product) flops, n^3 in all.
 */
export function spdInverse(S: Float64Array, n: number, onProgress?: (fraction: number) => void): Float64Array {
  const panel = new Float64Array(Math.max(1, n * PANEL));
  // a third of the work each: the factor, the inverse of L, the product (for a progress bar)
  const third = (base: number) => (done: number) => onProgress?.(base + (1 - (1 - done / n) ** 3) / 3);
  partialCholesky(S, n, n, panel, onProgress && third(0));
  const Xt = lowerInverseTransposed(S, n, onProgress && ((done: number) => onProgress(1 / 3 + done / n / 3)));
  S.fill(0);
  // G[r][s] = sum_q Xt[r][q] Xt[s][q]: syrkLower subtracts, so accumulate -G then negate
  onProgress?.(2 / 3);
  syrkLower(S, n, 0, n, Xt, n, n, true);
  for (let i = 0; i < n; i++) for (let j = 0, r = i * n; j <= i; j++) S[r + j] = -S[r + j];
  symmetrizeLower(S, n);
  onProgress?.(1);
  return S;
}
