import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createSolver, SolverError } from "../../src/solve/index.ts";
import { AmgHierarchy } from "../../src/solve/amg.ts";
import { symFromCsr } from "../../src/solve/sym.ts";
import { residual } from "../../src/solve/csr.ts";
import { reverseCuthillMcKee } from "../../src/solve/ordering.ts";
import { gridLaplacian, landscape, rng } from "./grid.ts";
import { denseSolve, laplacianFromEdges, randomLaplacian, relDiff, toDense } from "./helpers.ts";

const METHODS = ["amg", "direct", "jacobi"] as const;

function trueRel(A: Parameters<typeof residual>[0], x: Float64Array, b: Float64Array): number {
  const r = new Float64Array(A.n);
  const bb = Math.sqrt(b.reduce((s, v) => s + v * v, 0));
  return Math.sqrt(residual(A, x, b, r)) / bb;
}

describe("small systems against dense Gaussian elimination", () => {
  it.each(METHODS)("%s matches on random grounded graph Laplacians", (method) => {
    for (let seed = 1; seed <= 4; seed++) {
      const A = randomLaplacian(60, 90, seed);
      const r = rng(seed + 100);
      const b = Float64Array.from({ length: A.n }, () => r() - 0.5);
      const ref = denseSolve(toDense(A), [...b]);
      // maxCoarse 8 forces a real multi-level hierarchy on a 60-node system
      const s = createSolver(A, { method, maxCoarse: 8 });
      const x = new Float64Array(A.n);
      const res = s.solve(b, x, { tol: 1e-12 });
      expect(res.relResidual).toBeLessThan(1e-12);
      expect(relDiff(x, ref)).toBeLessThan(1e-8);
    }
  });

  it("fast-check: AMG-CG and direct solve arbitrary small grounded Laplacians", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 0, max: 80 }), fc.integer({ min: 1, max: 1e6 }), (n, m, seed) => {
        const A = randomLaplacian(n, m, seed, 1e4);
        const b = new Float64Array(n);
        b[0] = 1;
        b[n - 1] -= 1;
        if (n === 1) return;
        const ref = denseSolve(toDense(A), [...b]);
        for (const method of ["amg", "direct"] as const) {
          const x = new Float64Array(n);
          createSolver(A, { method, maxCoarse: 3 }).solve(b, x, { tol: 1e-11 });
          expect(relDiff(x, ref)).toBeLessThan(1e-7);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("closed forms", () => {
  it("uniform n x 1 strip: voltage = ground drop + series sum", () => {
    const n = 2000;
    const c = 0.25; // cell conductance, so each link has conductance 0.25
    const G = 3; // ground conductance at node 0
    const A = gridLaplacian(n, 1, new Float64Array(n).fill(c), 4, [[0, G]]);
    const b = new Float64Array(n);
    b[n - 1] = 1; // 1 A injected at the far end
    for (const method of METHODS) {
      const x = new Float64Array(n);
      // tol 1e-10: the attainable residual is ~ eps * ||A|| * ||x|| / ||b||, about 4e-11 here
      createSolver(A, { method, maxCoarse: 20 }).solve(b, x, { tol: 1e-10 });
      for (const k of [0, 1, 17, n / 2, n - 1]) expect(x[k] / (1 / G + k / c)).toBeCloseTo(1, 9);
    }
  });

  it("two parallel strips (a 2 x n ladder): resistance halves", () => {
    const n = 500;
    const c = 2;
    const G = 5;
    const A = gridLaplacian(n, 2, new Float64Array(2 * n).fill(c), 4, [
      [0, G],
      [n, G],
    ]);
    const b = new Float64Array(2 * n);
    b[n - 1] = 0.5;
    b[2 * n - 1] = 0.5;
    for (const method of ["amg", "direct"] as const) {
      const x = new Float64Array(2 * n);
      createSolver(A, { method, maxCoarse: 10 }).solve(b, x, { tol: 1e-11 });
      // by symmetry no current in the rungs: two strips of (n-1) links of conductance c in parallel
      expect(x[n - 1]).toBeCloseTo(1 / (2 * G) + (n - 1) / (2 * c), 7);
      expect(x[2 * n - 1]).toBeCloseTo(x[n - 1], 9);
    }
  });
});

describe("AMG preconditioner", () => {
  const N = 60;
  const A = gridLaplacian(N, N, landscape(N, N, 7, 1e-3, 1, { x0: 30, w: 2, c: 1e-6 }), 8, [[0, 1]]);
  const S = symFromCsr(A);
  const h = new AmgHierarchy(S, { maxCoarse: 20 });

  it("builds several levels that coarsen", () => {
    const info = h.info();
    expect(info.length).toBeGreaterThanOrEqual(3);
    for (let l = 1; l < info.length; l++) expect(info[l].n).toBeLessThan(info[l - 1].n / 3);
  });

  it("is symmetric: <Mx, y> = <x, My>", () => {
    const r = rng(3);
    for (let t = 0; t < 5; t++) {
      const x = Float64Array.from({ length: A.n }, () => r() - 0.5);
      const y = Float64Array.from({ length: A.n }, () => r() - 0.5);
      const Mx = new Float64Array(A.n);
      const My = new Float64Array(A.n);
      h.apply(x, Mx);
      h.apply(y, My);
      let a = 0;
      let b = 0;
      let na = 0;
      for (let i = 0; i < A.n; i++) {
        a += Mx[i] * y[i];
        b += x[i] * My[i];
        na += Math.abs(Mx[i] * y[i]);
      }
      expect(Math.abs(a - b) / na).toBeLessThan(1e-12);
      // and positive definite
      let xmx = 0;
      for (let i = 0; i < A.n; i++) xmx += x[i] * Mx[i];
      expect(xmx).toBeGreaterThan(0);
    }
  });

  it("stays symmetric with two sweeps (the general smoothing path) as with one", () => {
    const r = rng(8);
    for (const hh of [new AmgHierarchy(S, { maxCoarse: 20, sweeps: 2 }), new AmgHierarchy(S, { maxCoarse: 20 })]) {
      const x = Float64Array.from({ length: A.n }, () => r() - 0.5);
      const y = Float64Array.from({ length: A.n }, () => r() - 0.5);
      const Mx = new Float64Array(A.n);
      const My = new Float64Array(A.n);
      hh.apply(x, Mx);
      hh.apply(y, My);
      let a = 0;
      let b = 0;
      let na = 0;
      for (let i = 0; i < A.n; i++) {
        a += Mx[i] * y[i];
        b += x[i] * My[i];
        na += Math.abs(Mx[i] * y[i]);
      }
      expect(Math.abs(a - b) / na).toBeLessThan(1e-12);
    }
    // full CSR with unsorted rows is taken too (its symmetric form sorts them), with the same answer
    const U = { n: A.n, rowPtr: A.rowPtr, col: A.col.slice(), val: A.val.slice() };
    for (let i = 0; i < A.n; i++) {
      U.col.subarray(A.rowPtr[i], A.rowPtr[i + 1]).reverse();
      U.val.subarray(A.rowPtr[i], A.rowPtr[i + 1]).reverse();
    }
    const b = new Float64Array(A.n);
    b[3] = 1;
    b[A.n - 3] = -1;
    const x1 = new Float64Array(A.n);
    const x2 = new Float64Array(A.n);
    createSolver(S, { method: "amg", maxCoarse: 20 }).solve(b, x1, { tol: 1e-10 });
    createSolver(U, { method: "amg", maxCoarse: 20 }).solve(b, x2, { tol: 1e-10 });
    expect(relDiff(x2, x1)).toBeLessThan(1e-7);
  });

  it("apply leaves r untouched", () => {
    const r = Float64Array.from({ length: A.n }, (_, i) => Math.sin(i));
    const copy = r.slice();
    h.apply(r, new Float64Array(A.n));
    expect(r).toEqual(copy);
  });
});

describe("AMG-CG against the direct solver", () => {
  it.each([4, 8] as const)("agree to 1e-9 on a %i-neighbour grid with a road", (nb) => {
    const N = 70;
    const A = gridLaplacian(N, N, landscape(N, N, nb, 1e-3, 1, { x0: 35, w: 3, c: 1e-4 }), nb, [[123, 1]]);
    const b = new Float64Array(A.n);
    b[10] = 1;
    b[A.n - 10] = -1;
    const xa = new Float64Array(A.n);
    const xd = new Float64Array(A.n);
    const amg = createSolver(A, { method: "amg", maxCoarse: 50 });
    expect(amg.method).toBe("amg-cg");
    const ra = amg.solve(b, xa, { tol: 1e-11 });
    createSolver(A, { method: "direct" }).solve(b, xd, { tol: 1e-11 });
    expect(ra.relResidual).toBeLessThan(1e-11);
    expect(relDiff(xa, xd)).toBeLessThan(1e-9);
  });

  it("one setup serves many right-hand sides", () => {
    const N = 50;
    const A = gridLaplacian(N, N, landscape(N, N, 11), 8, [[0, 0.5]]);
    const amg = createSolver(A, { method: "amg", maxCoarse: 30 });
    const direct = createSolver(A, { method: "direct" });
    const r = rng(5);
    for (let t = 0; t < 12; t++) {
      const b = new Float64Array(A.n);
      b[Math.floor(r() * A.n)] += 1;
      b[Math.floor(r() * A.n)] -= 1;
      const xa = new Float64Array(A.n);
      const xd = new Float64Array(A.n);
      const res = amg.solve(b, xa, { tol: 1e-10 });
      direct.solve(b, xd);
      expect(res.relResidual).toBeLessThan(1e-10);
      expect(relDiff(xa, xd)).toBeLessThan(1e-7);
    }
  });

  it("uses the initial guess: a solved system takes zero iterations", () => {
    const N = 30;
    const A = gridLaplacian(N, N, landscape(N, N, 2), 4, [[5, 1]]);
    const s = createSolver(A, { method: "amg", maxCoarse: 10 });
    const b = Float64Array.from({ length: A.n }, (_, i) => (i % 7) - 3);
    const x = new Float64Array(A.n);
    s.solve(b, x, { tol: 1e-10 });
    expect(s.solve(b, x, { tol: 1e-8 }).iterations).toBe(0);
  });
});

describe("bad conditioning", () => {
  it.each([1e3, 1e4, 1e5, 1e6])("roads of resistance %d beside habitat of 1 converge to the true residual", (R) => {
    const N = 80;
    const c = new Float64Array(N * N).fill(1);
    for (let y = 0; y < N; y++) for (let x = 38; x < 42; x++) c[y * N + x] = 1 / R; // a 4-cell-wide road
    for (let x = 0; x < N; x++) c[40 * N + x] = 1 / R; // and a crossing one
    for (const nb of [4, 8] as const) {
      const A = gridLaplacian(N, N, c, nb, [[0, 1]]);
      const b = new Float64Array(A.n);
      b[A.n - 1] = 1;
      b[A.n >> 1] = -0.25;
      // 1e-9 is about the floor double precision allows with a 1e6 contrast (eps * ||A|| * ||x|| / ||b||)
      for (const tol of [1e-6, 1e-9]) {
        const x = new Float64Array(A.n);
        const res = createSolver(A, { method: "amg", maxCoarse: 40 }).solve(b, x, { tol });
        expect(res.relResidual).toBeLessThanOrEqual(tol);
        expect(trueRel(A, x, b)).toBeLessThanOrEqual(tol);
      }
    }
  });
});

describe("failure and options", () => {
  it("throws a SolverError with the residual reached when maxIter is too small", () => {
    const N = 40;
    const A = gridLaplacian(N, N, landscape(N, N, 3), 4, [[0, 1]]);
    const b = new Float64Array(A.n);
    b[A.n - 1] = 1;
    const s = createSolver(A, { method: "jacobi" });
    let err: unknown;
    try {
      s.solve(b, new Float64Array(A.n), { tol: 1e-12, maxIter: 3 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SolverError);
    expect((err as SolverError).relResidual).toBeGreaterThan(1e-12);
    expect((err as SolverError).message).toMatch(/did not reach/);
  });

  it("direct rejects a matrix that is not positive definite", () => {
    const A = laplacianFromEdges(
      3,
      [
        [0, 1, 1],
        [1, 2, 1],
      ],
      [0, 0, 0],
    ); // ungrounded: singular
    expect(() => createSolver(A, { method: "direct" })).toThrow(/not positive definite/);
    // auto falls back to AMG-CG, which solves the consistent singular system
    const s = createSolver(A);
    expect(s.method).toBe("amg-cg");
    const x = new Float64Array(3);
    s.solve(Float64Array.from([1, 0, -1]), x, { tol: 1e-10 });
    expect(x[0] - x[2]).toBeCloseTo(2, 9);
  });

  it("auto picks direct for small systems and AMG for large ones", () => {
    const small = gridLaplacian(20, 20, landscape(20, 20, 1), 4, [[0, 1]]);
    expect(createSolver(small).method).toBe("direct-cholesky");
    const big = gridLaplacian(400, 400, landscape(400, 400, 1), 4, [[0, 1]]);
    expect(createSolver(big, { maxIter: 5 }).method).toBe("amg-cg");
    // a long strip has a tiny envelope in its natural order, even when large
    const strip = gridLaplacian(100000, 1, new Float64Array(100000).fill(1), 4, [[0, 1]]);
    expect(createSolver(strip).method).toBe("direct-cholesky");
  });

  it("zero right-hand side gives zero", () => {
    const A = gridLaplacian(10, 10, landscape(10, 10, 1), 4, [[0, 1]]);
    for (const method of METHODS) {
      const x = new Float64Array(100).fill(3);
      expect(createSolver(A, { method }).solve(new Float64Array(100), x).relResidual).toBe(0);
      expect(x.every((v) => v === 0)).toBe(true);
    }
  });

  it("reverse Cuthill-McKee returns a permutation and narrows a shuffled band", () => {
    const N = 30;
    const A = gridLaplacian(N, N, landscape(N, N, 1), 4, [[0, 1]]);
    const perm = reverseCuthillMcKee(A.n, A.rowPtr, A.col);
    expect([...perm].sort((a, b) => a - b)).toEqual(Array.from({ length: A.n }, (_, i) => i));
    const iperm = new Int32Array(A.n);
    perm.forEach((o, i) => (iperm[o] = i));
    let bw = 0;
    for (let i = 0; i < A.n; i++)
      for (let k = A.rowPtr[i]; k < A.rowPtr[i + 1]; k++) bw = Math.max(bw, Math.abs(iperm[i] - iperm[A.col[k]]));
    expect(bw).toBeLessThanOrEqual(N + 1);
  });
});

describe("singular but consistent systems (an ungrounded Laplacian, as reference.py hands pyamg)", () => {
  it("AMG-CG converges and matches the grounded solution up to a constant", () => {
    const N = 60;
    const c = landscape(N, N, 4, 1e-3, 1, { x0: 30, w: 2, c: 1e-5 });
    const A = gridLaplacian(N, N, c, 8, []);
    const b = new Float64Array(A.n);
    b[5] = 1;
    b[A.n - 5] = -1;
    const x = new Float64Array(A.n);
    const res = createSolver(A, { method: "amg", maxCoarse: 40 }).solve(b, x, { tol: 1e-9 });
    expect(res.relResidual).toBeLessThanOrEqual(1e-9);
    const G = gridLaplacian(N, N, c, 8, [[0, 1]]); // grounding a node that carries no current changes only a constant
    const xg = new Float64Array(A.n);
    createSolver(G, { method: "direct" }).solve(b, xg, { tol: 1e-10 });
    const shift = x[0] - xg[0];
    const xs = x.map((v) => v - shift);
    expect(relDiff(xs, xg)).toBeLessThan(1e-6);
  });
});
