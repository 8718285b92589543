import { describe, expect, it } from "vitest";
import { createSolver, shareSym, symFromCsr } from "../../src/solve/index.ts";
import { gridLaplacian, landscape, rng } from "./grid.ts";

describe("unit-column solves on two threads sharing the matrix and the AMG hierarchy", () => {
  it("give bitwise the columns of one-by-one solves, and the worker thread solves some of them", () => {
    const W = 90;
    const A = gridLaplacian(W, W, landscape(W, W, 7, 1e-3, 1), 8, [[0, 1]]);
    const r = rng(3);
    const at = Array.from({ length: 10 }, () => 1 + Math.floor(r() * (A.n - 1)));
    // one by one, on private memory
    const one = createSolver(A, { method: "amg" });
    const b = new Float64Array(A.n);
    const expected = at.map((i) => {
      const x = new Float64Array(A.n);
      b[i] = 1;
      one.solve(b, x, { tol: 1e-10 });
      b[i] = 0;
      return x;
    });
    // two threads, shared memory
    const S = shareSym(symFromCsr(A));
    const two = createSolver(S, { method: "amg" });
    const out = two.solveUnitColumns!(at, { tol: 1e-10, threads: 2, awaitWorkers: true });
    expect(out.workerColumns).toBeGreaterThan(0);
    expect(out.workerColumns).toBeLessThan(at.length);
    for (let m = 0; m < at.length; m++) {
      expect(out.results[m].relResidual).toBeLessThanOrEqual(1e-10);
      expect(Array.from(out.columns[m])).toEqual(Array.from(expected[m]));
    }
    // the hierarchy now lives in shared memory, and the solver still solves alone
    const x = new Float64Array(A.n);
    b[at[0]] = 1;
    two.solve(b, x, { tol: 1e-10 });
    expect(Array.from(x)).toEqual(Array.from(expected[0]));
  }, 60_000);
  it("probe mode keeps only the entries asked for, bitwise those of the full columns, on one thread and on two", () => {
    const W = 80;
    const A = shareSym(symFromCsr(gridLaplacian(W, W, landscape(W, W, 5, 1e-3, 1), 8, [[0, 1]])));
    const at = [17, 2500, 4000, 6399];
    const probe = Int32Array.from([5, 17, 2500, 6000]);
    const full = createSolver(A, { method: "amg" }).solveUnitColumns!(at, { tol: 1e-9, threads: 1 });
    for (const threads of [1, 2]) {
      const out = createSolver(A, { method: "amg" }).solveUnitColumns!(at, { tol: 1e-9, threads, probe, awaitWorkers: threads > 1 });
      expect(out.columns).toEqual([]);
      for (let m = 0; m < at.length; m++)
        for (let j = 0; j < probe.length; j++) expect(out.probes![m * probe.length + j]).toBe(full.columns[m][probe[j]]);
    }
  }, 60_000);
  it("a matrix not on SharedArrayBuffer is refused with a clear error", () => {
    const A = gridLaplacian(30, 30, landscape(30, 30, 1), 4, [[0, 1]]);
    expect(() => createSolver(A, { method: "amg" }).solveUnitColumns!([3, 5], { threads: 2 })).toThrow(/SharedArrayBuffer/);
  });
});
