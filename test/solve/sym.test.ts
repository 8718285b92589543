import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { spmv, residual } from "../../src/solve/csr.ts";
import {
  checkSym,
  connectedComponents,
  csrFromSym,
  fullRow,
  lowerIndex,
  maxFullRow,
  symFromCsr,
  symResidual,
  symResidualUnit,
  symSpmvDot,
} from "../../src/solve/sym.ts";
import { groundedCopy } from "../../src/solve/nullspace.ts";
import { createSolver } from "../../src/solve/index.ts";
import type { CsrMatrix } from "../../src/solve/types.ts";
import { laplacianFromEdges, randomLaplacian, relDiff, toDense } from "./helpers.ts";
import { rng } from "./grid.ts";

const vec = (n: number, seed: number) => {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => r() - 0.5);
};

describe("symmetric storage (diagonal + upper triangle)", () => {
  it("round-trips full CSR: the same dense matrix, half the stored off-diagonal entries", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 80 }), fc.integer(), (n, extra, seed) => {
        const A = randomLaplacian(n, extra, seed);
        const S = symFromCsr(A);
        checkSym(S);
        expect(toDense(csrFromSym(S))).toEqual(toDense(A));
        const offDiag = A.rowPtr[n] - n; // every row of A stores its diagonal
        expect(2 * S.rowPtr[n]).toBe(offDiag);
      }),
      { numRuns: 60 },
    );
  });

  it("A x, b - A x and e_i - A x agree with full CSR (to rounding: the sums run in another order)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.integer({ min: 0, max: 120 }), fc.integer(), (n, extra, seed) => {
        const A = randomLaplacian(n, extra, seed);
        const S = symFromCsr(A);
        const x = vec(n, seed + 1);
        const b = vec(n, seed + 2);
        const y = new Float64Array(n);
        const ys = new Float64Array(n);
        spmv(A, x, y);
        const dot = symSpmvDot(S, x, ys);
        expect(relDiff(ys, y)).toBeLessThan(1e-13);
        let ref = 0;
        for (let i = 0; i < n; i++) ref += x[i] * y[i];
        expect(Math.abs(dot - ref)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref)));
        const r = new Float64Array(n);
        const rs = new Float64Array(n);
        const rr = residual(A, x, b, r);
        expect(symResidual(S, x, b, rs)).toBeCloseTo(rr, 10);
        expect(relDiff(rs, r)).toBeLessThan(1e-12);
        const e = new Float64Array(n);
        e[n - 1] = 1;
        residual(A, x, e, r);
        symResidualUnit(S, x, n - 1, rs);
        expect(relDiff(rs, r)).toBeLessThan(1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it("fullRow reads every row whole and sorted, as full CSR stores it", () => {
    const A = randomLaplacian(50, 150, 7);
    const S = symFromCsr(A);
    const low = lowerIndex(S);
    const w = maxFullRow(S, low);
    const cols = new Int32Array(w);
    const vals = new Float64Array(w);
    for (let i = 0; i < A.n; i++) {
      const len = fullRow(S, low, i, cols, vals);
      // random edges can repeat: full CSR merged them; the symmetric form did too
      expect(Array.from(cols.subarray(0, len))).toEqual(Array.from(A.col.subarray(A.rowPtr[i], A.rowPtr[i + 1])));
      expect(Array.from(vals.subarray(0, len))).toEqual(Array.from(A.val.subarray(A.rowPtr[i], A.rowPtr[i + 1])));
    }
  });

  it("checkSym names what is wrong", () => {
    const S = symFromCsr(
      laplacianFromEdges(
        3,
        [
          [0, 1, 1],
          [1, 2, 1],
        ],
        [1],
      ),
    );
    expect(() => checkSym({ ...S, col: Int32Array.from([0, 2]) })).toThrow(/out of order or range/);
    expect(() => checkSym({ ...S, diag: new Float64Array(2) })).toThrow(/diagonal has length 2/);
    expect(() => checkSym({ ...S, val: Float64Array.from([NaN, -1]) })).toThrow(/non-finite/);
  });

  it("connected components are numbered in order of their lowest node", () => {
    // 0-3, 1-4-2, 5 alone
    const S = symFromCsr(
      laplacianFromEdges(
        6,
        [
          [0, 3, 1],
          [4, 1, 2],
          [2, 4, 1],
        ],
        [],
      ),
    );
    const { component, nComponents } = connectedComponents(S);
    expect(nComponents).toBe(3);
    expect(Array.from(component)).toEqual([0, 1, 1, 0, 1, 2]);
  });
});

describe("singular Laplacians (no ground)", () => {
  it("are recognised, and grounded at the lowest node of each component; grounded ones are left alone", () => {
    const edges: [number, number, number][] = [
      [0, 2, 1],
      [2, 4, 3],
      [1, 3, 2],
    ];
    const g = groundedCopy(symFromCsr(laplacianFromEdges(5, edges, [])));
    expect(g).not.toBeNull();
    expect(Array.from(g!.pins)).toEqual([0, 1]);
    expect(g!.A.diag[0]).toBe(1);
    expect(groundedCopy(symFromCsr(laplacianFromEdges(5, edges, [0, 0, 0, 0, 0.5])))).toBeNull();
  });

  it("a consistent right-hand side on two ungrounded components solves to the grounded answer up to a constant per component", () => {
    const edges: [number, number, number][] = [];
    for (let i = 0; i < 30; i++) edges.push([i, i + 1, 1 + (i % 3)]); // component 0..30
    for (let i = 40; i < 59; i++) edges.push([i, i + 1, 2]); // component 40..59 (31..39 isolated)
    const n = 60;
    const A: CsrMatrix = laplacianFromEdges(n, edges, []);
    const b = new Float64Array(n);
    b[3] = 1;
    b[25] = -1;
    b[45] = 2;
    b[58] = -2;
    const x = new Float64Array(n);
    createSolver(A, { method: "amg", maxCoarse: 4 }).solve(b, x, { tol: 1e-10 });
    // the exact potential drops: along a path, current I through conductance g drops I / g
    let drop = 0;
    for (let i = 3; i < 25; i++) drop += 1 / (1 + (i % 3));
    expect(x[3] - x[25]).toBeCloseTo(drop, 8);
    expect(x[45] - x[58]).toBeCloseTo((2 * 13) / 2, 8);
  });
});
