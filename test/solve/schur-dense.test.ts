import { describe, expect, it } from "vitest";
import {
  choleskySolveDense,
  lowerInverseTransposed,
  NotPositiveDefiniteError,
  PANEL,
  partialCholesky,
  spdInverse,
  syrkLower,
} from "../../src/solve/schur/dense.ts";
import { rng } from "./grid.ts";
import { denseCholesky, maxRelDiff } from "./schur-grid.ts";

/** A random SPD matrix B B^T + m I (full, row-major). */
function randomSpd(m: number, seed: number): Float64Array {
  const r = rng(seed);
  const B = new Float64Array(m * m);
  for (let i = 0; i < B.length; i++) B[i] = r() - 0.5;
  const M = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = i === j ? m : 0;
      for (let k = 0; k < m; k++) s += B[i * m + k] * B[j * m + k];
      M[i * m + j] = s;
    }
  }
  return M;
}

function lowerOf(M: Float64Array, m: number, r0: number, c0: number, c1: number): number[] {
  const out: number[] = [];
  for (let i = r0; i < m; i++) for (let j = c0; j < Math.min(c1, i + 1); j++) out.push(M[i * m + j]);
  return out;
}

// sizes around the panel width (32) and the SYRK chunk (64)
const sizes = [1, 2, 3, 31, 32, 33, 64, 65, 97, 130];

describe("dense kernels", () => {
  for (const m of sizes) {
    it(`partialCholesky on ${m} x ${m}: the first k columns of L and the trailing Schur complement match a plain Cholesky`, () => {
      const M = randomSpd(m, m);
      const L = denseCholesky(M, m);
      for (const k of new Set([0, 1, Math.floor(m / 2), m - 1, m].filter((k) => k >= 0 && k <= m))) {
        const F = Float64Array.from(M);
        // the upper triangle must be ignored: poison it
        for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) F[i * m + j] = NaN;
        partialCholesky(F, m, k, new Float64Array(m * PANEL));
        expect(maxRelDiff(lowerOf(F, m, 0, 0, k), lowerOf(L, m, 0, 0, k))).toBeLessThan(1e-14);
        // trailing block = L22 L22^T (L22 = the rest of the full factor)
        const T: number[] = [];
        for (let i = k; i < m; i++) {
          for (let j = k; j <= i; j++) {
            let s = 0;
            for (let q = k; q <= j; q++) s += L[i * m + q] * L[j * m + q];
            T.push(s);
          }
        }
        expect(maxRelDiff(lowerOf(F, m, k, k, m), T)).toBeLessThan(1e-13);
      }
    });
  }

  it("syrkLower updates exactly the lower triangle of rows r0..r1, and the triangular-W shortcut gives the same", () => {
    for (const [m, r0, r1, p] of [
      [70, 3, 70, 5],
      [140, 0, 140, 33],
      [9, 2, 8, 1],
    ]) {
      const r = rng(m + p);
      const W = new Float64Array((r1 - r0) * p);
      for (let i = 0; i < W.length; i++) W[i] = r() - 0.5;
      const C = new Float64Array(m * m).fill(1);
      syrkLower(C, m, r0, r1, W, p, p);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) {
          let want = 1;
          if (i >= r0 && i < r1 && j >= r0 && j <= i) for (let q = 0; q < p; q++) want -= W[(i - r0) * p + q] * W[(j - r0) * p + q];
          expect(Math.abs(C[i * m + j] - want)).toBeLessThan(1e-14);
        }
      }
    }
    const n = 75;
    const r = rng(5);
    const U = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) U[i * n + j] = r() - 0.5;
    const a = new Float64Array(n * n);
    const b = new Float64Array(n * n);
    syrkLower(a, n, 0, n, U, n, n);
    syrkLower(b, n, 0, n, U, n, n, true);
    expect(maxRelDiff(b, a)).toBeLessThan(1e-15);
  });

  for (const n of [1, 5, 33, 70, 150]) {
    it(`spdInverse of ${n} x ${n}: S G = I, symmetric, and the rows of L^-T solve L x = e_j`, () => {
      const S = randomSpd(n, 100 + n);
      const L = denseCholesky(S, n);
      const Xt = lowerInverseTransposed(L, n);
      for (let j = 0; j < n; j++) {
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let q = 0; q <= i; q++) s += L[i * n + q] * Xt[j * n + q];
          expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-14);
        }
      }
      const G = spdInverse(Float64Array.from(S), n);
      let worst = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let q = 0; q < n; q++) s += S[i * n + q] * G[q * n + j];
          worst = Math.max(worst, Math.abs(s - (i === j ? 1 : 0)));
          expect(G[i * n + j]).toBe(G[j * n + i]);
        }
      }
      expect(worst).toBeLessThan(1e-13);
      // choleskySolveDense against a column of G
      const Lc = Float64Array.from(S);
      partialCholesky(Lc, n, n, new Float64Array(n * PANEL));
      const x = new Float64Array(n);
      x[n - 1] = 1;
      choleskySolveDense(Lc, n, x);
      const col = Array.from({ length: n }, (_, i) => G[i * n + n - 1]);
      expect(maxRelDiff(x, col)).toBeLessThan(1e-13);
    });
  }

  it("a matrix that is not positive definite throws NotPositiveDefiniteError at the failing column", () => {
    const M = Float64Array.of(4, 0, 0, 2, 1, 0, 0, 0, -1);
    M[3] = 2;
    M[4] = 1; // row 1: [2, 1]: pivot 1 - 2^2/4 = 0
    expect(() => partialCholesky(M, 3, 3, new Float64Array(3 * PANEL))).toThrow(NotPositiveDefiniteError);
    try {
      partialCholesky(Float64Array.of(1, 0, 0, -2), 2, 2, new Float64Array(2 * PANEL));
    } catch (err) {
      expect((err as NotPositiveDefiniteError).column).toBe(1);
      expect((err as NotPositiveDefiniteError).pivot).toBe(-2);
    }
    expect.assertions(3);
  });
});
