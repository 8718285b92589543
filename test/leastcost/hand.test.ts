import { describe, expect, it } from "vitest";
import { costDistance, tracePath } from "../../src/leastcost/index.ts";
import { gridFromRows } from "./helpers.ts";

const S2 = Math.SQRT2;
const S5 = Math.sqrt(5);

describe("cost distance on hand-computed grids", () => {
  it("5 x 1 strip: sums of mean resistance x cell size", () => {
    const g = gridFromRows([[1, 2, 3, 4, 5]], 10);
    const cd = costDistance(g, [0], { neighbors: 4 });
    // (1+2)/2*10 = 15, +(2+3)/2*10 = 40, +35 = 75, +45 = 120
    expect(Array.from(cd.dist)).toEqual([0, 15, 40, 75, 120]);
    // From the middle cell both ways.
    expect(Array.from(costDistance(g, [2], { neighbors: 8 }).dist)).toEqual([40, 25, 0, 35, 80]);
  });

  const g3 = [
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ];

  it("3 x 3, 8 neighbours, source in the corner", () => {
    const cd = costDistance(gridFromRows(g3), [0], { neighbors: 8 });
    const want = [
      0,
      1.5,
      4,
      2.5,
      3 * S2,
      1.5 + 4 * S2, // (1,1) diagonal (1+5)/2*sqrt2; (1,2) via (0,1) diagonally (2+6)/2*sqrt2
      8,
      3 * S2 + 6.5,
      10 * S2, // (2,1) via (1,1) then east; (2,2) two diagonals 3*sqrt2 + 7*sqrt2
    ];
    want.forEach((v, i) => expect(cd.dist[i]).toBeCloseTo(v, 12));
  });

  it("3 x 3, 4 neighbours", () => {
    const cd = costDistance(gridFromRows(g3), [0], { neighbors: 4 });
    const want = [0, 1.5, 4, 2.5, 5, 8.5, 8, 11.5, 16]; // (2,1) = 5 + (5+8)/2; (2,2) = 8.5 + (6+9)/2
    want.forEach((v, i) => expect(cd.dist[i]).toBeCloseTo(v, 12));
  });

  it("3 x 3, 16 neighbours: knight's moves cost the mean of their two end cells x sqrt 5", () => {
    const cd = costDistance(gridFromRows(g3), [0], { neighbors: 16 });
    expect(cd.dist[7]).toBeCloseTo(4.5 * S5, 12); // (0,0) -> (2,1) knight: (1+8)/2*sqrt5 beats 3*sqrt2+6.5
    expect(cd.dist[8]).toBeCloseTo(1.5 + 5.5 * S5, 12); // (0,1) -> (2,2) knight: (2+9)/2*sqrt5
    expect(cd.dist[5]).toBeCloseTo(1.5 + 4 * S2, 12); // knight (1+6)/2*sqrt5 = 7.83 loses to 7.16
  });

  it("nodata and +Infinity are impassable, a many-cell source is one source at cost 0", () => {
    const g = gridFromRows([
      [1, null, 1],
      [1, Infinity, 1],
      [1, 1, 1],
    ]);
    const cd = costDistance(g, [0, 3], { neighbors: 8 });
    expect(cd.dist[1]).toBe(Infinity);
    expect(cd.dist[4]).toBe(Infinity);
    expect(cd.dist[3]).toBe(0);
    expect(cd.dist[7]).toBeCloseTo(S2, 12); // from (1,0) diagonally
    expect(cd.dist[2]).toBeCloseTo(2 * S2 + 1, 12); // (1,0)->(2,1)->(1,2)->(0,2)
    const p = tracePath(cd, 2)!;
    expect(Array.from(p.cells)).toEqual([3, 7, 5, 2]);
    expect(p.length).toBeCloseTo(2 * S2 + 1, 12);
    expect(p.cost).toBe(cd.dist[2]);
  });

  it("step length follows the geotransform (rectangular cells)", () => {
    const g = gridFromRows([
      [2, 2],
      [2, 2],
    ]);
    g.transform = [0, 30, 0, 80, 0, -40];
    const cd = costDistance(g, [0], { neighbors: 8 });
    expect(Array.from(cd.dist)).toEqual([0, 60, 80, 100]);
  });

  it("an unreachable cell has no path and Infinity cost", () => {
    const g = gridFromRows([[1, null, 1]]);
    const cd = costDistance(g, [0]);
    expect(cd.dist[2]).toBe(Infinity);
    expect(tracePath(cd, 2)).toBeNull();
  });

  it("a knight's move jumps past the cells beside it (as in gdistance): barriers must be thick enough", () => {
    const g = gridFromRows([
      [1, Infinity, 1],
      [Infinity, Infinity, 1],
      [1, 1, 1],
    ]);
    expect(costDistance(g, [0], { neighbors: 8 }).dist[5]).toBe(Infinity);
    const cd = costDistance(g, [0], { neighbors: 16 });
    expect(cd.dist[5]).toBeCloseTo(S5, 12); // (0,0) -> (1,2): (1+1)/2 x sqrt5
    expect(cd.dist[7]).toBeCloseTo(S5, 12); // (0,0) -> (2,1)
  });
});
