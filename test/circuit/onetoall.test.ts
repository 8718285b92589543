/** One-to-all and all-to-one (reduced network, one setup per component) against one full solve per id. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeGrid } from "../../src/grid/grid.ts";
import { advancedOnGraph } from "../../src/circuit/advanced.ts";
import { runOneToAll } from "../../src/circuit/onetoall.ts";

const scene = fc
  .record({
    w: fc.integer({ min: 3, max: 7 }),
    vals: fc.array(fc.oneof(fc.constant(NaN), fc.double({ min: 1, max: 40, noNaN: true })), { minLength: 49, maxLength: 49 }),
    cells: fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { minLength: 3, maxLength: 6 }),
    ids: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 6, maxLength: 6 }),
    strengths: fc.array(fc.double({ min: 0.1, max: 5, noNaN: true }), { minLength: 4, maxLength: 4 }),
    eight: fc.boolean(),
  })
  .map(({ w, vals, cells, ids, strengths, eight }) => {
    const n = w * w;
    const r = Float64Array.from(vals.slice(0, n));
    const focal = new Float64Array(n).fill(NaN);
    [...new Set(cells.map((c) => c % n))].forEach((c, i) => {
      if (Number.isNaN(r[c])) r[c] = 3;
      focal[c] = ids[i];
    });
    return { w, r, focal, eight, strengths: new Map(strengths.map((s, i) => [i + 1, s])) };
  });

describe("one-to-all / all-to-one", () => {
  for (const mode of ["one-to-all", "all-to-one"] as const) {
    it(`${mode}: voltages and currents equal a full solve per id`, () => {
      fc.assert(
        fc.property(scene, ({ w, r, focal, eight, strengths }) => {
          const seen: { id: number; v: Float64Array; c: Float64Array; solved: boolean }[] = [];
          const res = runOneToAll(makeGrid(w, w, r), makeGrid(w, w, focal), { mode, neighbors: eight ? 8 : 4, strengths, tol: 1e-12 }, {
            onSolve: (id, v, c, _g, solved) => seen.push({ id, v: v.slice(), c: c.slice(), solved }),
          });
          const g = res.graph;
          for (const { id, v, c, solved } of seen) {
            const a = res.ids.indexOf(id);
            const node = res.focalNode[a];
            const s = new Float64Array(g.nNodes);
            const gr = new Float64Array(g.nNodes);
            for (let b = 0; b < res.ids.length; b++) {
              const u = res.focalNode[b];
              if (b === a || u < 0 || u === node) continue;
              if (mode === "one-to-all") gr[u] = Infinity;
              else s[u] += strengths.get(res.ids[b])!;
            }
            if (mode === "one-to-all") s[node] = strengths.get(id)!;
            else gr[node] = Infinity;
            const one = advancedOnGraph(g, s, gr, { tol: 1e-12 });
            const comp = g.component[node];
            let want = false;
            for (let u = 0; u < g.nNodes; u++) if (g.component[u] === comp && !Number.isNaN(one.voltages[u])) want = true;
            expect(solved).toBe(want);
            if (!solved) {
              expect(res.resistances[a]).toBe(-1);
              continue;
            }
            if (mode === "one-to-all") expect(res.resistances[a]).toBeCloseTo(one.voltages[node] / strengths.get(id)!, 8);
            else expect(res.resistances[a]).toBe(0);
            for (let u = 0; u < g.nNodes; u++) {
              if (g.component[u] !== comp) continue;
              expect(Math.abs(v[u] - one.voltages[u])).toBeLessThan(1e-8 * Math.max(1, Math.abs(one.voltages[node])));
              expect(Math.abs(c[u] - one.currents[u])).toBeLessThan(1e-8 * 20);
            }
          }
        }),
        { numRuns: 40 },
      );
    });
  }
});
