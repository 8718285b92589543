/**
 * Circuitscape's pairwise rule for point-file regions (only the pair's own regions short-circuited),
 * solved on one reduced network, against the direct construction: a graph per pair with just those
 * two regions merged (runPairwise on a focal grid holding only a and b).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeGrid } from "../../src/grid/grid.ts";
import { buildCircuitGraph } from "../../src/graph/circuit-graph.ts";
import { regionPairSteps, regionPairsApply, type RegionPairMethod } from "../../src/circuit/pair-regions.ts";
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

// Each method on every scene: tied solves preconditioned by a direct factor ("direct") and by the AMG
// path (on these small systems the V-cycle is its coarse factor alone), and the reduced network.
const methods: { regionMethod: RegionPairMethod; solver?: "amg" | "direct" }[] = [
  { regionMethod: "tied", solver: "direct" },
  { regionMethod: "tied", solver: "amg" },
  { regionMethod: "reduced" },
];

describe.each(methods)("point-file regions shorted pair by pair (%o)", (method) => {
  it("answers equal a graph per pair (R, voltages, currents per cell)", () => {
    let applied = 0;
    fc.assert(
      fc.property(scene, ({ w, r, focal, eight }) => {
        const grid = makeGrid(w, w, r);
        const g = buildCircuitGraph(grid, { neighbors: eight ? 8 : 4 });
        const ids = [...new Set(Array.from(focal).filter((x) => x > 0))].sort((a, b) => a - b);
        if (!regionPairsApply(g, focal, ids)) return;
        applied++;
        const steps = regionPairSteps(g, focal, ids, { tol: 1e-12, ...method });
        for (;;) {
          const st = steps.next();
          if (st.done) break;
          const { a, b, voltages, currents } = st.value;
          const pf = makeGrid(
            w,
            w,
            Float64Array.from(focal, (v) => (v === a || v === b ? v : NaN)),
          );
          runPairwise(
            grid,
            pf,
            { neighbors: eight ? 8 : 4, tol: 1e-12 },
            {
              onPair(_a, _b, v, c, g1) {
                for (let i = 0; i < w * w; i++) {
                  const u0 = g.nodeOfCell[i];
                  const u1 = g1.nodeOfCell[i];
                  if (u0 < 0 || u1 < 0 || Number.isNaN(v[u1])) continue;
                  expect(Math.abs(voltages[u0] - v[u1])).toBeLessThan(1e-8);
                  expect(Math.abs(currents[u0] - c[u1])).toBeLessThan(1e-8);
                }
              },
            },
          );
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
        const steps = regionPairSteps(g, focal, ids, { tol: 1e-12, ...method, currents: false });
        let st = steps.next();
        while (!st.done) st = steps.next();
        const R = st.value.resistances;
        const k = ids.length;
        for (let x = 0; x < k; x++)
          for (let y = x + 1; y < k; y++) {
            const pf = makeGrid(
              w,
              w,
              Float64Array.from(focal, (v) => (v === ids[x] || v === ids[y] ? v : NaN)),
            );
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

/** A multi-level AMG case: high contrast (1..1e4, a road of 1e5 with one crossing), nodata, side x side regions at `corners`. */
function hardScene(
  w: number,
  seed: number,
  corners: number[][] = [
    [3, 3],
    [w - 7, 5],
    [w / 2 - 10, w - 8],
    [w - 6, w - 6],
  ],
  side = 3,
): { grid: ReturnType<typeof makeGrid>; focal: Float64Array } {
  let s = seed;
  const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const r = new Float64Array(w * w);
  for (let i = 0; i < w * w; i++) r[i] = rand() < 0.04 ? NaN : 10 ** (4 * rand());
  const road = Math.floor(w / 2);
  for (let y = 0; y < w; y++) r[y * w + road] = y === 7 ? 3 : 1e5;
  const focal = new Float64Array(w * w);
  corners.forEach(([x0, y0], id) => {
    for (let y = y0; y < y0 + side; y++)
      for (let x = x0; x < x0 + side; x++) {
        focal[y * w + x] = id + 1;
        if (Number.isNaN(r[y * w + x])) r[y * w + x] = 1;
      }
  });
  return { grid: makeGrid(w, w, r), focal };
}

describe("tied pair solves on a multi-level AMG hierarchy", () => {
  it("match a graph per pair solved directly (R to 1e-6 relative, voltages, currents)", () => {
    const w = 48; // 2304 nodes: more than the coarsest size, so the V-cycle has levels
    const { grid, focal } = hardScene(w, 7);
    const g = buildCircuitGraph(grid, { neighbors: 8 });
    const ids = [1, 2, 3, 4];
    expect(regionPairsApply(g, focal, ids)).toBe(true);
    const steps = regionPairSteps(g, focal, ids, { tol: 1e-6, solver: "amg", regionMethod: "tied" });
    let pairs = 0;
    for (;;) {
      const st = steps.next();
      if (st.done) {
        expect(st.value.solves).toBe(6);
        break;
      }
      const { a, b, voltages, currents } = st.value;
      const pf = makeGrid(
        w,
        w,
        Float64Array.from(focal, (v) => (v === a || v === b ? v : NaN)),
      );
      const one = runPairwise(
        grid,
        pf,
        { neighbors: 8, tol: 1e-12, solver: "direct" },
        {
          onPair(_a, _b, v, c, g1) {
            let vmax = 0;
            let cmax = 0;
            for (let u = 0; u < v.length; u++) {
              if (v[u] !== v[u]) continue;
              vmax = Math.max(vmax, Math.abs(v[u]));
              cmax = Math.max(cmax, Math.abs(c[u]));
            }
            for (let i = 0; i < w * w; i++) {
              const u0 = g.nodeOfCell[i];
              const u1 = g1.nodeOfCell[i];
              if (u0 < 0 || u1 < 0) continue;
              expect(Math.abs(voltages[u0] - v[u1])).toBeLessThan(1e-6 * vmax);
              expect(Math.abs(currents[u0] - c[u1])).toBeLessThan(1e-5 * cmax);
            }
          },
        },
      );
      const want = one.resistances[1];
      pairs++;
      // the resistance is the voltage at b (a at 0 V, 1 A)
      let vb = NaN;
      for (let i = 0; i < w * w; i++) if (focal[i] === b && g.nodeOfCell[i] >= 0) vb = voltages[g.nodeOfCell[i]];
      expect(Math.abs(vb - want)).toBeLessThan(1e-6 * want);
    }
    expect(pairs).toBe(6);
  });
});

describe("tied pair resistances on threads", () => {
  it("two threads give the resistances of one thread bit for bit, and those of the path with maps to the tolerance", () => {
    const w = 48;
    const { grid, focal } = hardScene(w, 11);
    const ids = [1, 2, 3, 4];
    const run = (threads: number, currents: boolean) => {
      const g = buildCircuitGraph(grid, { neighbors: 8 });
      const steps = regionPairSteps(g, focal, ids, { tol: 1e-6, solver: "amg", regionMethod: "tied", threads, currents });
      let st = steps.next();
      while (!st.done) st = steps.next();
      return st.value;
    };
    const one = run(1, false);
    const two = run(2, false);
    const maps = run(1, true);
    expect(Array.from(two.resistances)).toEqual(Array.from(one.resistances));
    // the path with maps keeps each solution and starts from a Float64 difference, the threads from
    // Float32 slots they accumulated: other iterates, each within the tolerance (1e-6 relative residual)
    one.resistances.forEach((r, i) => expect(Math.abs(maps.resistances[i] - r)).toBeLessThanOrEqual(1e-6 * Math.abs(r)));
    expect(two.iterations).toEqual(one.iterations);
    expect(one.solves).toBe(6);
    // warm starts: the pairs without the ground's region (1) start from the superposition of two solved
    // pairs and need fewer iterations than any pair solved from zero (a wrong sign or slot would need more)
    for (const its of [one.iterations, maps.iterations]) {
      const cold = Math.min(...its.slice(0, 3));
      for (const it of its.slice(3)) expect(it).toBeLessThan(cold);
    }
  }, 120_000);
});

describe("tied pairs beyond the warm-start slots", () => {
  it("seven regions (six pairs with the ground's region, four slots): every resistance equals a graph per pair", () => {
    const w = 40;
    const corners = [
      [2, 2],
      [30, 3],
      [5, 30],
      [33, 33],
      [17, 18],
      [10, 15],
      [25, 12],
    ];
    const { grid, focal } = hardScene(w, 3, corners, 2);
    const ids = [1, 2, 3, 4, 5, 6, 7];
    const g = buildCircuitGraph(grid, { neighbors: 8 });
    const steps = regionPairSteps(g, focal, ids, { tol: 1e-10, solver: "amg", regionMethod: "tied", currents: false, threads: 2 });
    let st = steps.next();
    while (!st.done) st = steps.next();
    const R = st.value.resistances;
    // 6 cold pairs with region 1; of the 15 others, the 6 among regions 2-5 start warm
    expect(st.value.solves).toBe(21);
    const k = ids.length;
    for (let x = 0; x < k; x++)
      for (let y = x + 1; y < k; y++) {
        const pf = makeGrid(
          w,
          w,
          Float64Array.from(focal, (v) => (v === ids[x] || v === ids[y] ? v : NaN)),
        );
        const want = runPairwise(grid, pf, { neighbors: 8, tol: 1e-12 }).resistances[1];
        expect(Math.abs(R[x * k + y] - want)).toBeLessThanOrEqual(1e-8 * want);
      }
  }, 60_000);
});
