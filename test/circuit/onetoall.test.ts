/** One-to-all and all-to-one (reduced network, one setup per component) against one full solve per id. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeGrid } from "../../src/grid/grid.ts";
import { advancedOnGraph } from "../../src/circuit/advanced.ts";
import { oneToAllSteps, runOneToAll } from "../../src/circuit/onetoall.ts";

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
          const res = runOneToAll(
            makeGrid(w, w, r),
            makeGrid(w, w, focal),
            { mode, neighbors: eight ? 8 : 4, strengths, tol: 1e-12 },
            {
              onSolve: (id, v, c, _g, solved) => seen.push({ id, v: v.slice(), c: c.slice(), solved }),
            },
          );
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

describe("all-to-one with included pairs (hand-solved chain)", () => {
  // A row of 5 cells of resistance 1 (edge conductance 1): id 1 at cell 0, id 2 at cell 2, id 3 at
  // cell 4; strengths 0.2 (id 2) and 0.3 (id 3); the pair 1-3 is excluded. Ground at id 1.
  const r = Float64Array.from([1, 1, 1, 1, 1]);
  const focal = Float64Array.from([1, NaN, 2, NaN, 3]);
  const strengths = new Map([
    [1, 0.1],
    [2, 0.2],
    [3, 0.3],
  ]);
  const includePair = (a: number, b: number) => !((a === 1 && b === 3) || (a === 3 && b === 1));
  const solveFor = (excludedSource: "none" | "unit") => {
    const out = new Map<number, { v: Float64Array; c: Float64Array; solved: boolean; noPartner: boolean }>();
    const steps = oneToAllSteps(makeGrid(5, 1, r), makeGrid(5, 1, focal), {
      mode: "all-to-one",
      strengths,
      includePair,
      excludedSource,
      tol: 1e-12,
    });
    for (let s = steps.next(); !s.done; s = steps.next())
      out.set(s.value.id, {
        v: s.value.voltages.slice(),
        c: s.value.currents.slice(),
        solved: s.value.solved,
        noPartner: s.value.noPartner,
      });
    return out;
  };

  it('"unit": the excluded id injects 1 A, not its strength (Circuitscape.jl\'s rule)', () => {
    const g1 = solveFor("unit").get(1)!;
    // 1 A enters at cell 4 and flows to the ground through cells 3..0; 0.2 A more joins at cell 2.
    // V = cumulative current x 1 ohm per edge from the ground: 0, 1.2, 2.4, 3.4, 4.4.
    expect(Array.from(g1.v)).toEqual([0, 1.2, 2.4, 3.4, 4.4].map((x) => expect.closeTo(x, 10)));
    expect(Array.from(g1.c)).toEqual([1.2, 1.2, 1.2, 1, 1].map((x) => expect.closeTo(x, 10)));
  });

  it('"none" (the default): the excluded id injects nothing', () => {
    const g1 = solveFor("none").get(1)!;
    expect(Array.from(g1.v)).toEqual([0, 0.2, 0.4, 0.4, 0.4].map((x) => expect.closeTo(x, 10)));
  });

  it("an id the pairs leave with no partner is not solved, whatever excludedSource says", () => {
    const lonely = (a: number, b: number) => a !== 3 && b !== 3;
    for (const excludedSource of ["none", "unit"] as const) {
      const seen = new Map<number, { solved: boolean; noPartner: boolean }>();
      const steps = oneToAllSteps(makeGrid(5, 1, r), makeGrid(5, 1, focal), {
        mode: "all-to-one",
        strengths,
        includePair: lonely,
        excludedSource,
        tol: 1e-12,
      });
      let s = steps.next();
      for (; !s.done; s = steps.next()) seen.set(s.value.id, { solved: s.value.solved, noPartner: s.value.noPartner });
      expect(seen.get(3)).toEqual({ solved: false, noPartner: true });
      expect(seen.get(1)).toEqual({ solved: true, noPartner: false });
      expect(Array.from(s.value.resistances)).toEqual([0, 0, -1]);
    }
  });
});
