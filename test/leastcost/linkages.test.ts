import { describe, expect, it } from "vitest";
import { formatLinkagesCsv, leastCostAnalysis, normalizedCorridor, pathsFeatureCollection } from "../../src/leastcost/index.ts";
import { gridFromRows } from "./helpers.ts";

const S2 = Math.SQRT2;

describe("linkage metrics and corridors on hand-solved grids", () => {
  it("5 x 1 strip: cwd 120, path length 40, ratios 3 and 3", () => {
    const res = gridFromRows([[1, 2, 3, 4, 5]], 10);
    const an = leastCostAnalysis(res, gridFromRows([[1, 0, 0, 0, 2]], 10));
    const l = an.linkages[0];
    expect([l.from, l.to, l.cwd, l.pathLength, l.euclidean, l.cwdToPathLength, l.cwdToEuclidean]).toEqual([1, 2, 120, 40, 40, 3, 3]);
    expect(formatLinkagesCsv(an.linkages).split("\n")[1]).toBe("1,2,true,120,40,3,40,3");
    // Every cell of a strip is on the one path: corridor 0 everywhere.
    expect(Array.from(an.corridors)).toEqual([0, 0, 0, 0, 0]);
    const fc = pathsFeatureCollection(res, an.linkages);
    expect(fc.features[0].geometry.coordinates).toEqual([
      [5, 5],
      [15, 5],
      [25, 5],
      [35, 5],
      [45, 5],
    ]);
    expect(fc.features[0].properties).toEqual({ from_id: 1, to_id: 2, cost: 120, length: 40, cells: 5 });
  });

  it("3 x 5 uniform grid: the corridor off the straight path costs 2 sqrt 2 - 2 extra", () => {
    const ones = [1, 1, 1, 1, 1];
    const res = gridFromRows([ones, ones, ones]);
    const focal = gridFromRows([
      [0, 0, 0, 0, 0],
      [1, 0, 0, 0, 2],
      [0, 0, 0, 0, 0],
    ]);
    const an = leastCostAnalysis(res, focal);
    expect(an.distance[1]).toBe(4);
    // (0,2): from (1,0) one diagonal + one step = sqrt2 + 1, the same from (1,4); minus LCD 4.
    expect(an.corridors[2]).toBeCloseTo(2 * S2 - 2, 12);
    expect(an.corridors[7]).toBe(0);
    // (0,0): 1 from region 1, from region 2 diagonal then 3 steps = sqrt2 + 3; 1 + sqrt2 + 3 - 4 = sqrt2.
    expect(an.corridors[0]).toBeCloseTo(S2, 12);
    // Edge-to-edge Euclidean distance between the cell centres (1,0) and (1,4).
    expect(an.linkages[0].euclidean).toBe(4);
    // A cut-off of 1 keeps the middle row and blanks the rest.
    const cut = leastCostAnalysis(res, focal, { corridorCutoff: 1 });
    expect(
      Array.from(cut.corridors)
        .map((v) => (Number.isNaN(v) ? "x" : "o"))
        .join(""),
    ).toBe("xoooxoooooxooox");
    const one = normalizedCorridor(an.costDistances[0].dist, an.costDistances[1].dist, 4);
    expect(Array.from(one)).toEqual(Array.from(an.corridors));
  });

  it("the mosaic is the cell-wise minimum of the pairs' corridors", () => {
    const res = gridFromRows([
      [1, 3, 2, 5, 1, 1, 2],
      [2, 1, 9, 9, 9, 1, 1],
      [4, 1, 1, 2, 3, null, 2],
      [1, 2, 6, 1, 1, 1, 7],
    ]);
    const focal = gridFromRows([
      [1, 0, 0, 0, 0, 0, 2],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 3, 0, 0, 0],
    ]);
    const an = leastCostAnalysis(res, focal);
    const cd = an.costDistances.map((c) => c.dist);
    const k = 3;
    const per = [
      [0, 1],
      [0, 2],
      [1, 2],
    ].map(([a, b]) => normalizedCorridor(cd[a], cd[b], an.distance[a * k + b]));
    for (let i = 0; i < an.corridors.length; i++) {
      const want = Math.min(per[0][i], per[1][i], per[2][i]);
      if (Number.isNaN(want)) expect(an.corridors[i]).toBeNaN();
      else expect(an.corridors[i]).toBe(want);
    }
    expect(an.corridors[2 * 7 + 5]).toBeNaN(); // nodata cell
    // Not every cell is on some path, so the minimum is not trivially 0.
    expect(Array.from(an.corridors).filter((v) => v > 0).length).toBeGreaterThan(5);
  });
});
