import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { schurComplement } from "../../src/solve/schur/index.ts";
import { denseOf, denseSchur, maxRelDiff, rasterGraph } from "./schur-grid.ts";

describe("schurComplement (property)", () => {
  it("equals the dense Schur complement on random small rasters, holes, regions, kept sets and leaf sizes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(4 as const, 8 as const),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 81, maxLength: 81 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 81, maxLength: 81 }),
        fc.boolean(),
        (w, h, nb, leaf, logc, tags, withRegion) => {
          // tag 0: missing cell; tag 1: kept; tag 9: in the region (when there is one); log10 conductance 0..5
          const c = new Float64Array(w * h);
          for (let i = 0; i < w * h; i++) c[i] = tags[i] === 0 ? NaN : 10 ** logc[i];
          const region = withRegion ? [...Array(w * h).keys()].filter((i) => tags[i] === 9) : [];
          const g = rasterGraph(w, h, c, nb, region.length ? [region] : []);
          const keep = [...g.regionNodes];
          for (let v = 0; v < g.A.n; v++) if (g.cellOfNode[v] >= 0 && tags[g.cellOfNode[v]] === 1) keep.push(v);
          const res = schurComplement(g.A, { width: w, height: h, cellOfNode: g.cellOfNode }, keep, { leaf });
          const ref = denseSchur(denseOf(g.A), g.A.n, keep);
          expect(maxRelDiff(res.S, ref)).toBeLessThan(1e-10);
        },
      ),
      { numRuns: 150, seed: 20261203 },
    );
  });
});
