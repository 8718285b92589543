import { describe, expect, it } from "vitest";
import { makeGrid } from "../../src/grid/grid.ts";
import { runPairwise } from "../../src/circuit/pairwise.ts";

describe("pairwise on two threads", () => {
  it("gives the same resistances and cumulative current as one thread", () => {
    const W = 80;
    const d = new Float64Array(W * W);
    let s = 11;
    for (let i = 0; i < d.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      d[i] = (s & 63) === 0 ? NaN : 1 + (s >>> 20) / 64;
    }
    const f = new Float64Array(W * W).fill(NaN);
    const spots = [
      [3, 3],
      [70, 8],
      [40, 40],
      [10, 72],
      [75, 75],
    ];
    spots.forEach(([x, y], i) => {
      for (let r = y; r < y + 3; r++) for (let c = x; c < x + 3; c++) f[r * W + c] = i + 1;
    });
    const res = makeGrid(W, W, d);
    const focal = makeGrid(W, W, f);
    const one = runPairwise(res, focal, { solver: "amg", threads: 1 });
    const two = runPairwise(res, focal, { solver: "amg", threads: 2 });
    expect(two.solves).toBe(4);
    expect(Array.from(two.resistances)).toEqual(Array.from(one.resistances));
    expect(Array.from(two.cumulativeCurrent!)).toEqual(Array.from(one.cumulativeCurrent!));
  }, 60_000);
});
