import { describe, expect, it } from "vitest";
import { makeGrid, type Grid } from "../../src/grid/grid.ts";
import { runPairwise } from "../../src/circuit/pairwise.ts";

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
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
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
    let worst = 0;
    let max = 0;
    for (let i = 0; i < W * H; i++) {
      const want = onIsland(i) ? islandOnly.cumulativeCurrent[i] : mainlandOnly.cumulativeCurrent[i];
      const got = both.cumulativeCurrent[i];
      if (Number.isNaN(want)) {
        expect(got).toBeNaN();
        continue;
      }
      worst = Math.max(worst, Math.abs(got - want));
      max = Math.max(max, Math.abs(want));
    }
    expect(max).toBeGreaterThan(0);
    expect(worst / max).toBeLessThan(1e-7);
  });
  it("two threads give bitwise the one-thread answer", () => {
    const two = run(res, foc, 2);
    expect(Array.from(two.resistances)).toEqual(Array.from(both.resistances));
  });
});
