/**
 * Circuitscape's pairwise rule for point-file regions (only the pair's own regions short-circuited),
 * solved on one reduced network, against the direct construction: a graph per pair with just those
 * two regions merged (runPairwise on a focal grid holding only a and b).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeGrid } from "../../src/grid/grid.ts";
import { buildCircuitGraph } from "../../src/graph/circuit-graph.ts";
import { regionPairSteps, regionPairsApply } from "../../src/circuit/pair-regions.ts";
import { runPairwise } from "../../src/circuit/pairwise.ts";

const scene = fc
  .record({
    w: fc.integer({ min: 4, max: 8 }),
    vals: fc.array(fc.oneof(fc.constant(NaN), fc.double({ min: 1, max: 30, noNaN: true })), { minLength: 64, maxLength: 64 }),
    cells: fc.uniqueArray(fc.integer({ min: 0, max: 63 }), { minLength: 6, maxLength: 9 }),
    eight: fc.boolean(),
  })
  .map(({ w, vals, cells, eight }) => {
    const n = w * w;
    const r = Float64Array.from(vals.slice(0, n));
    const focal = new Float64Array(n);
    const cs = [...new Set(cells.map((c) => c % n))];
    cs.forEach((c, i) => {
      if (Number.isNaN(r[c])) r[c] = 2; // keep focal cells on habitat
      focal[c] = 1 + (i % 3); // ids 1..3, two or three cells each
    });
    return { w, r, focal, eight };
  });

describe("point-file regions shorted pair by pair", () => {
  it("reduced-network answers equal a graph per pair (R, voltages, currents per cell)", () => {
    let applied = 0;
    fc.assert(
      fc.property(scene, ({ w, r, focal, eight }) => {
        const grid = makeGrid(w, w, r);
        const g = buildCircuitGraph(grid, { neighbors: eight ? 8 : 4 });
        const ids = [...new Set(Array.from(focal).filter((x) => x > 0))].sort((a, b) => a - b);
        if (!regionPairsApply(g, focal, ids)) return;
        applied++;
        const steps = regionPairSteps(g, focal, ids, { tol: 1e-12 });
        for (;;) {
          const st = steps.next();
          if (st.done) break;
          const { a, b, voltages, currents } = st.value;
          const pf = makeGrid(w, w, Float64Array.from(focal, (v) => (v === a || v === b ? v : NaN)));
          runPairwise(grid, pf, { neighbors: eight ? 8 : 4, tol: 1e-12 }, {
            onPair(_a, _b, v, c, g1) {
              for (let i = 0; i < w * w; i++) {
                const u0 = g.nodeOfCell[i];
                const u1 = g1.nodeOfCell[i];
                if (u0 < 0 || u1 < 0 || Number.isNaN(v[u1])) continue;
                expect(Math.abs(voltages[u0] - v[u1])).toBeLessThan(1e-8);
                expect(Math.abs(currents[u0] - c[u1])).toBeLessThan(1e-8);
              }
            },
          });
        }
      }),
      { numRuns: 40 },
    );
    expect(applied).toBeGreaterThan(5);
  });
  it("resistances match", () => {
    fc.assert(
      fc.property(scene, ({ w, r, focal, eight }) => {
        const grid = makeGrid(w, w, r);
        const g = buildCircuitGraph(grid, { neighbors: eight ? 8 : 4 });
        const ids = [...new Set(Array.from(focal).filter((x) => x > 0))].sort((a, b) => a - b);
        if (!regionPairsApply(g, focal, ids)) return;
        const steps = regionPairSteps(g, focal, ids, { tol: 1e-12 });
        let st = steps.next();
        while (!st.done) st = steps.next();
        const R = st.value.resistances;
        const k = ids.length;
        for (let x = 0; x < k; x++)
          for (let y = x + 1; y < k; y++) {
            const pf = makeGrid(w, w, Float64Array.from(focal, (v) => (v === ids[x] || v === ids[y] ? v : NaN)));
            const one = runPairwise(grid, pf, { neighbors: eight ? 8 : 4, tol: 1e-12 });
            const want = one.resistances[1];
            if (want < 0) expect(R[x * k + y]).toBe(-1);
            else expect(Math.abs(R[x * k + y] - want)).toBeLessThanOrEqual(1e-9 * want);
          }
      }),
      { numRuns: 40 },
    );
  });
});
