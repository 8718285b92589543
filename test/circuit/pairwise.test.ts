import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeGrid, type Grid } from "../../src/grid/grid.ts";
import { advancedOnGraph } from "../../src/circuit/advanced.ts";
import { runPairwise } from "../../src/circuit/pairwise.ts";

const grid = (w: number, h: number, v: ArrayLike<number>): Grid => makeGrid(w, h, Float64Array.from(v));
const focalAt = (w: number, h: number, cells: [number, number][]): Grid => {
  const d = new Float64Array(w * h).fill(NaN);
  for (const [cell, id] of cells) d[cell] = id;
  return makeGrid(w, h, d);
};
const R = (res: { ids: number[]; resistances: Float64Array }, a: number, b: number) => {
  const k = res.ids.length;
  return res.resistances[res.ids.indexOf(a) * k + res.ids.indexOf(b)];
};

describe("resistances only (currents: false)", () => {
  it("gives the resistances of a run with maps bit for bit, without any current map, on one thread and on two", () => {
    const W = 60;
    const r = Array.from({ length: W * W }, (_, i) => 1 + ((i * 7919) % 13) + (i % W === 30 ? 50 : 0));
    const f = focalAt(W, W, [
      [61, 1],
      [W * W - 62, 2],
      [W * 30 + 5, 3],
      [W * 10 + 50, 4],
    ]);
    for (const threads of [1, 2]) {
      const only = runPairwise(grid(W, W, r), f, { tol: 1e-8, currents: false, threads, solver: "amg" });
      const ref = runPairwise(grid(W, W, r), f, { tol: 1e-8, threads, solver: "amg" });
      expect(ref.cumulativeCurrent).not.toBeNull();
      expect(only.cumulativeCurrent).toBeNull();
      expect(Array.from(only.resistances)).toEqual(Array.from(ref.resistances));
    }
  }, 60_000);
});

describe("pairwise closed forms", () => {
  it("uniform n x 1 strip: R = (n - 1) r between the end cells; every cell carries 1 A", () => {
    for (const n of [2, 5, 17]) {
      const res = runPairwise(
        grid(n, 1, new Array(n).fill(3)),
        focalAt(n, 1, [
          [0, 1],
          [n - 1, 2],
        ]),
        { neighbors: 8, tol: 1e-12 },
      );
      expect(R(res, 1, 2)).toBeCloseTo((n - 1) * 3, 10);
      for (let i = 0; i < n; i++) expect(res.cumulativeCurrent![i]).toBeCloseTo(1, 10);
    }
  });
  it("series resistors: conductance averaging and resistance averaging", () => {
    const r = [1, 4, 2, 8, 5];
    const f = focalAt(5, 1, [
      [0, 1],
      [4, 2],
    ]);
    let byCond = 0;
    let byRes = 0;
    for (let i = 0; i < 4; i++) {
      byCond += 1 / ((1 / r[i] + 1 / r[i + 1]) / 2);
      byRes += (r[i] + r[i + 1]) / 2;
    }
    expect(R(runPairwise(grid(5, 1, r), f, { tol: 1e-12 }), 1, 2)).toBeCloseTo(byCond, 10);
    expect(R(runPairwise(grid(5, 1, r), f, { avgResistance: true, tol: 1e-12 }), 1, 2)).toBeCloseTo(byRes, 10);
  });
  it("parallel paths: a ring of two equal arms halves the resistance", () => {
    // 3 rows x n columns, middle row nodata except the two ends (the focal cells)
    const n = 6;
    const v = new Array(3 * n).fill(2);
    for (let c = 1; c < n - 1; c++) v[n + c] = NaN;
    const res = runPairwise(
      grid(n, 3, v),
      focalAt(n, 3, [
        [n, 1],
        [2 * n - 1, 2],
      ]),
      { neighbors: 4, tol: 1e-12 },
    );
    const arm = (n + 1) * 2; // n + 1 edges of conductance 1/2 each
    expect(R(res, 1, 2)).toBeCloseTo(arm / 2, 10);
  });
  it("focal regions are short-circuited, pairs in separate components get -1, ids on one node get 0", () => {
    const v = [1, 1, 1, NaN, 1, 1];
    const f = focalAt(6, 1, [
      [0, 1],
      [1, 1],
      [2, 2],
      [4, 3],
      [5, 4],
    ]);
    const res = runPairwise(grid(6, 1, v), f, { tol: 1e-12 });
    expect(R(res, 1, 2)).toBeCloseTo(1, 10); // region 1 = cells 0,1; one edge to cell 2
    expect(R(res, 1, 3)).toBe(-1);
    expect(R(res, 3, 4)).toBeCloseTo(1, 10);
  });
  it("a focal id only on nodata is an error naming it, or -1 when asked", () => {
    const f = focalAt(3, 1, [
      [0, 1],
      [1, 5],
      [2, 2],
    ]);
    const v = [1, NaN, 1];
    expect(() => runPairwise(grid(3, 1, v), f, { focalFile: "focal.asc" })).toThrow(/focal\.asc: focal id 5 lies only on nodata/);
    const res = runPairwise(grid(3, 1, v), f, { focalOffGraph: "disconnected" });
    expect(R(res, 1, 5)).toBe(-1);
  });
  it("runs k - 1 solves for k focal regions in one component", () => {
    const f = focalAt(8, 1, [
      [0, 1],
      [2, 2],
      [5, 3],
      [7, 4],
    ]);
    const res = runPairwise(grid(8, 1, new Array(8).fill(1)), f, {});
    expect(res.solves).toBe(3);
  });
});

// Random small landscapes: resistances 1..50 with some nodata, 3 or 4 focal cells.
const landscape = fc
  .record({
    w: fc.integer({ min: 3, max: 7 }),
    h: fc.integer({ min: 3, max: 7 }),
    seed: fc.array(fc.double({ min: 1, max: 50, noNaN: true }), { minLength: 49, maxLength: 49 }),
    holes: fc.array(fc.integer({ min: 0, max: 48 }), { maxLength: 6 }),
    focal: fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { minLength: 3, maxLength: 4 }),
    eight: fc.boolean(),
  })
  .map(({ w, h, seed, holes, focal, eight }) => {
    const n = w * h;
    const v = seed.slice(0, n);
    const cells = [...new Set(focal.map((c) => c % n))];
    for (const c of holes) if (!cells.includes(c % n)) v[c % n] = NaN;
    return { w, h, v, cells, eight };
  })
  .filter((l) => l.cells.length >= 3);

function solveAll(l: { w: number; h: number; v: number[]; cells: number[]; eight: boolean }, v = l.v) {
  const f = focalAt(
    l.w,
    l.h,
    l.cells.map((c, i) => [c, i + 1] as [number, number]),
  );
  return runPairwise(grid(l.w, l.h, v), f, { neighbors: l.eight ? 8 : 4, tol: 1e-12, focalOffGraph: "disconnected" });
}

describe("pairwise properties", () => {
  it("symmetry and the triangle inequality of effective resistance", () => {
    fc.assert(
      fc.property(landscape, (l) => {
        const res = solveAll(l);
        const k = res.ids.length;
        for (let a = 0; a < k; a++)
          for (let b = 0; b < k; b++) {
            expect(res.resistances[a * k + b]).toBe(res.resistances[b * k + a]);
            for (let c = 0; c < k; c++) {
              const ab = res.resistances[a * k + b];
              const bc = res.resistances[b * k + c];
              const ac = res.resistances[a * k + c];
              if (ab >= 0 && bc >= 0 && ac >= 0) expect(ac).toBeLessThanOrEqual(ab + bc + 1e-9 * (ab + bc));
            }
          }
      }),
      { numRuns: 60 },
    );
  });
  it("Rayleigh monotonicity: lowering one resistance never raises any R_ab", () => {
    fc.assert(
      fc.property(landscape, fc.nat(), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (l, pick, factor) => {
        const on = l.v.map((x, i) => (Number.isNaN(x) ? -1 : i)).filter((i) => i >= 0);
        const cell = on[pick % on.length];
        const lower = l.v.slice();
        lower[cell] *= factor;
        const before = solveAll(l);
        const after = solveAll(l, lower);
        for (let i = 0; i < before.resistances.length; i++) {
          const b = before.resistances[i];
          if (b > 0) expect(after.resistances[i]).toBeLessThanOrEqual(b * (1 + 1e-9));
        }
      }),
      { numRuns: 60 },
    );
  });
  it("superposition agrees with one direct-ground solve per pair (resistance, voltages, currents)", () => {
    fc.assert(
      fc.property(landscape, (l) => {
        const got = new Map<string, { v: Float64Array; c: Float64Array }>();
        const res = runPairwise(
          grid(l.w, l.h, l.v),
          focalAt(
            l.w,
            l.h,
            l.cells.map((c, i) => [c, i + 1] as [number, number]),
          ),
          { neighbors: l.eight ? 8 : 4, tol: 1e-12, focalOffGraph: "disconnected" },
          { onPair: (a, b, v, c) => got.set(`${a},${b}`, { v: v.slice(), c: c.slice() }) },
        );
        const g = res.graph;
        const k = res.ids.length;
        for (let x = 0; x < k; x++)
          for (let y = x + 1; y < k; y++) {
            const r = res.resistances[x * k + y];
            const na = res.focalNode[x];
            const nb = res.focalNode[y];
            if (r < 0 || na === nb) continue;
            // Independent path: 1 A into b, a held at 0 V by a direct ground.
            const s = new Float64Array(g.nNodes);
            const gr = new Float64Array(g.nNodes);
            s[nb] = 1;
            gr[na] = Infinity;
            const one = advancedOnGraph(g, s, gr, { tol: 1e-12 });
            expect(r).toBeCloseTo(one.voltages[nb], 8);
            const mine = got.get(`${res.ids[x]},${res.ids[y]}`)!;
            for (let u = 0; u < g.nNodes; u++) {
              if (Number.isNaN(one.voltages[u])) continue;
              expect(Math.abs(mine.v[u] - one.voltages[u])).toBeLessThan(1e-8 * Math.max(1, r));
              expect(Math.abs(mine.c[u] - one.currents[u])).toBeLessThan(1e-8);
            }
          }
      }),
      { numRuns: 40 },
    );
  });
});

describe("pairwise memory guard", () => {
  it("refuses up front, with an estimate, when the voltage columns would not fit the budget", () => {
    const f = focalAt(8, 1, [
      [0, 1],
      [2, 2],
      [5, 3],
      [7, 4],
    ]);
    expect(() => runPairwise(grid(8, 1, new Array(8).fill(1)), f, { maxColumnBytes: 100 })).toThrow(
      /4 focal regions in one component of 8 cells need 0\.0 GB/,
    );
  });
});
