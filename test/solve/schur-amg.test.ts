import { describe, expect, it } from "vitest";
import { createSolver } from "../../src/solve/index.ts";
import { greensFunction, schurComplement } from "../../src/solve/schur/index.ts";
import { rng } from "./grid.ts";
import { randomConductance, rasterGraph } from "./schur-grid.ts";

describe("G_TT against the AMG-preconditioned CG solver", () => {
  it("for b supported on T, x_T = G_TT b_T (60 x 50 raster, 8 neighbours, conductances 1..1e5, two cores, a road band)", () => {
    const w = 60;
    const h = 50;
    const c = randomConductance(w, h, 11);
    for (let i = 0; i < c.length; i++) if (i % 97 === 5) c[i] = NaN; // scattered nodata cells
    const core = (x0: number, y0: number) => [0, 1, 2].flatMap((dy) => [0, 1, 2].map((dx) => (y0 + dy) * w + x0 + dx));
    // grounds of 1e3 (one per component): with a ground of 1 beside edges of 1e5, CG's true residual
    // stalls near 5e-10 in double; with 1e3 it stalls near 1e-12, so 1e-11 is asked of it
    const g = rasterGraph(w, h, c, 8, [core(5, 5), core(50, 42)], 1e3);
    const keep = [...g.regionNodes];
    for (let v = 0; v < g.A.n; v++) {
      const y = Math.floor(g.cellOfNode[v] / w);
      if (g.cellOfNode[v] >= 0 && y >= 23 && y <= 27) keep.push(v);
    }
    const nT = keep.length;
    const res = schurComplement(g.A, { width: w, height: h, cellOfNode: g.cellOfNode }, keep);
    const G = greensFunction(res.S, nT);
    const solver = createSolver(g.A, { method: "amg", tol: 1e-11, maxIter: 1000 });
    const r = rng(3);
    for (let trial = 0; trial < 3; trial++) {
      const bT = new Float64Array(nT);
      for (let a = 0; a < nT; a++) bT[a] = r() - 0.5;
      const b = new Float64Array(g.A.n);
      keep.forEach((v, a) => (b[v] = bT[a]));
      const x = new Float64Array(g.A.n);
      const out = solver.solve(b, x, { tol: 1e-11 });
      expect(out.relResidual).toBeLessThan(1e-11);
      let num = 0;
      let den = 0;
      for (let a = 0; a < nT; a++) {
        let s = 0;
        for (let q = 0; q < nT; q++) s += G[a * nT + q] * bT[q];
        num += (s - x[keep[a]]) ** 2;
        den += x[keep[a]] ** 2;
      }
      expect(Math.sqrt(num / den)).toBeLessThan(1e-9);
    }
  });
});
