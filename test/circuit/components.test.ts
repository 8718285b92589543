import { describe, expect, it } from "vitest";
import { makeGrid, type Grid } from "../../src/grid/grid.ts";
import { runPairwise } from "../../src/circuit/pairwise.ts";
import { runOneToAll } from "../../src/circuit/onetoall.ts";
import { advancedOnGraph } from "../../src/circuit/advanced.ts";
import { buildCircuitGraph } from "../../src/graph/circuit-graph.ts";

/**
 * Graphs with several connected components. The component holding most nodes is solved on the whole
 * graph's Laplacian grounded in place (the other components each pinned at 0 V); a smaller one on a copy
 * of its own matrix. Either way each component's answers must be those of the component alone: the same
 * grid with every other component erased to nodata (a one-component graph).
 */
const W = 48;
const H = 40;

/** Random resistances in [1, 100), a nodata moat around a 10 x 8 island at the bottom right. */
function landscape(seed: number): Float64Array {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const d = new Float64Array(W * H);
  for (let i = 0; i < d.length; i++) d[i] = 1 + 99 * rnd() ** 2;
  for (let r = 28; r < H; r++) for (let c = 34; c < W; c++) if (r === 28 || c === 34) d[r * W + c] = NaN;
  return d;
}
const onIsland = (i: number) => Math.floor(i / W) > 28 && i % W > 34;

function focal(): Float64Array {
  const f = new Float64Array(W * H).fill(NaN);
  const put = (r: number, c: number, id: number) => {
    for (let dr = 0; dr < 2; dr++) for (let dc = 0; dc < 2; dc++) f[(r + dr) * W + c + dc] = id;
  };
  put(2, 2, 1); // mainland
  put(30, 5, 2);
  put(5, 40, 3);
  put(20, 20, 4);
  put(30, 36, 5); // island
  put(37, 45, 6);
  return f;
}

/** Largest |a - b| over the cells where `want` has a value, relative to the largest |want|; NaN must match. */
function mapDiff(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let worst = 0;
  let max = 0;
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i])) {
      expect(got[i]).toBeNaN();
      continue;
    }
    worst = Math.max(worst, Math.abs(got[i] - want[i]));
    max = Math.max(max, Math.abs(want[i]));
  }
  expect(max).toBeGreaterThan(0);
  return worst / max;
}

const run = (res: Float64Array, foc: Float64Array, threads = 1) =>
  runPairwise(makeGrid(W, H, res) as Grid, makeGrid(W, H, foc) as Grid, { tol: 1e-10, threads, focalOffGraph: "disconnected" });

describe("pairwise on a graph with several components", () => {
  const res = landscape(7);
  const foc = focal();
  const both = run(res, foc);
  const mainlandOnly = run(
    res.map((v, i) => (onIsland(i) ? NaN : v)),
    foc,
  );
  const islandOnly = run(
    res.map((v, i) => (onIsland(i) ? v : NaN)),
    foc,
  );
  const k = both.ids.length;
  const at = (r: { resistances: Float64Array }, a: number, b: number) => r.resistances[(a - 1) * k + (b - 1)];

  it("the large component's resistances equal those of the component alone", () => {
    for (let a = 1; a <= 4; a++)
      for (let b = a + 1; b <= 4; b++) {
        const want = at(mainlandOnly, a, b);
        expect(want).toBeGreaterThan(0);
        expect(Math.abs(at(both, a, b) - want) / want).toBeLessThan(1e-8);
      }
  });
  it("the small component's resistance equals that of the component alone", () => {
    const want = at(islandOnly, 5, 6);
    expect(want).toBeGreaterThan(0);
    expect(Math.abs(at(both, 5, 6) - want) / want).toBeLessThan(1e-8);
  });
  it("pairs across components are -1", () => {
    for (let a = 1; a <= 4; a++) for (const b of [5, 6]) expect(at(both, a, b)).toBe(-1);
  });
  it("the cumulative current map is the sum of the two components' maps", () => {
    const want = mainlandOnly.cumulativeCurrent!.map((v, i) => (onIsland(i) ? islandOnly.cumulativeCurrent![i] : v));
    expect(mapDiff(both.cumulativeCurrent!, want)).toBeLessThan(1e-7);
  });
  it("the in-place system is positive definite (the other components are pinned): the direct solver takes it", () => {
    const direct = runPairwise(makeGrid(W, H, res) as Grid, makeGrid(W, H, foc) as Grid, {
      tol: 1e-10,
      solver: "direct",
      focalOffGraph: "disconnected",
    });
    for (let i = 0; i < k * k; i++) {
      const want = both.resistances[i];
      expect(Math.abs(direct.resistances[i] - want)).toBeLessThanOrEqual(1e-8 * Math.abs(want));
    }
  });
  it("two threads give bitwise the one-thread answer", () => {
    const two = run(res, foc, 2);
    expect(Array.from(two.resistances)).toEqual(Array.from(both.resistances));
  });
});

describe("one-to-all and advanced on a graph with several components", () => {
  const res = landscape(11);
  const foc = focal();
  const mainland = res.map((v, i) => (onIsland(i) ? NaN : v));
  const island = res.map((v, i) => (onIsland(i) ? v : NaN));
  const oneToAll = (r: Float64Array) =>
    runOneToAll(makeGrid(W, H, r) as Grid, makeGrid(W, H, foc) as Grid, { mode: "one-to-all", tol: 1e-10, focalOffGraph: "disconnected" });

  it("one-to-all: each component's resistances and currents are those of the component alone", () => {
    const both = oneToAll(res);
    const a = oneToAll(mainland);
    const b = oneToAll(island);
    for (let i = 0; i < 6; i++) {
      const want = i < 4 ? a.resistances[i] : b.resistances[i];
      expect(want).toBeGreaterThan(0);
      expect(Math.abs(both.resistances[i] - want) / want).toBeLessThan(1e-8);
    }
    const want = a.cumulativeCurrent.map((v, i) => (onIsland(i) ? b.cumulativeCurrent[i] : v));
    expect(mapDiff(both.cumulativeCurrent, want)).toBeLessThan(1e-7);
  });

  it("advanced: sources and grounds in both components give each component's own voltages", () => {
    const solve = (r: Float64Array) => {
      const graph = buildCircuitGraph(makeGrid(W, H, r) as Grid);
      const s = new Float64Array(graph.nNodes);
      const g = new Float64Array(graph.nNodes);
      const node = (row: number, col: number) => graph.nodeOfCell[row * W + col];
      const put = (arr: Float64Array, row: number, col: number, v: number) => {
        const u = node(row, col);
        if (u >= 0) arr[u] = v;
      };
      put(s, 3, 3, 2); // mainland: a source, a direct ground and a finite one
      put(g, 35, 5, Infinity);
      put(g, 6, 40, 0.5);
      put(s, 31, 37, 1); // island: a source and a finite ground
      put(g, 38, 46, 0.25);
      const out = advancedOnGraph(graph, s, g, { tol: 1e-10 });
      const cells = new Float64Array(W * H).fill(NaN);
      for (let i = 0; i < cells.length; i++) if (graph.nodeOfCell[i] >= 0) cells[i] = out.voltages[graph.nodeOfCell[i]];
      return { cells, solved: out.solved };
    };
    const both = solve(res);
    const a = solve(mainland);
    const b = solve(island);
    expect(both.solved).toBe(2);
    const want = a.cells.map((v, i) => (onIsland(i) ? b.cells[i] : v));
    expect(mapDiff(both.cells, want)).toBeLessThan(1e-8);
  });
});
