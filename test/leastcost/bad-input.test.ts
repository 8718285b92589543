import { describe, expect, it } from "vitest";
import { makeGrid } from "../../src/grid/grid.ts";
import { costDistance, focalRegions, formatCostDistances, formatLinkagesCsv, leastCostAnalysis } from "../../src/leastcost/index.ts";
import { CrosswayError } from "../../src/util/errors.ts";
import { gridFromRows } from "./helpers.ts";

const names = { resistance: "res.asc", focal: "cores.asc" };

describe("bad input gives clear errors", () => {
  it("zero or negative resistance names the file and the cell", () => {
    const g = gridFromRows([
      [1, 1],
      [0, -2],
    ]);
    expect(() => costDistance(g, [0], { file: "res.asc" })).toThrowError(CrosswayError);
    expect(() => costDistance(g, [0], { file: "res.asc" })).toThrowError(/res\.asc: resistance: .*row 1, col 0 is 0 \(2 cells are <= 0\)/);
    expect(() => costDistance(gridFromRows([[1, -Infinity]]), [0])).toThrowError(/> 0/);
  });

  it("a source on nodata or a barrier", () => {
    const g = gridFromRows([[1, null, Infinity]]);
    expect(() => costDistance(g, [1])).toThrowError(/source cell row 0, col 1 lies on nodata/);
    expect(() => costDistance(g, [2])).toThrowError(/impassable/);
    expect(() => costDistance(g, [7])).toThrowError(/outside/);
    expect(() => costDistance(g, [])).toThrowError(/no source/);
  });

  it("a focal region on nodata: partly -> those cells dropped; entirely -> error naming the id", () => {
    const res = gridFromRows([[1, null, 1, null]]);
    const r = focalRegions(gridFromRows([[1, 1, 2, 0]]), res, names);
    expect(r.ids).toEqual([1, 2]);
    expect(Array.from(r.cells[0])).toEqual([0]);
    expect(r.dropped).toEqual([1, 0]);
    expect(() => focalRegions(gridFromRows([[1, 0, 2, 3]]), res, names)).toThrowError(
      /cores\.asc: focal id 3: focal region 3 lies entirely on nodata or impassable cells of res\.asc/,
    );
  });

  it("focal ids must be positive integers; a focal grid with no region is an error", () => {
    const res = gridFromRows([[1, 1, 1]]);
    expect(() => focalRegions(gridFromRows([[1.5, 0, 0]]), res, names)).toThrowError(/positive integers.*1\.5/);
    expect(() => focalRegions(gridFromRows([[-1, 0, 0]]), res, names)).toThrowError(/positive integers/);
    expect(() => focalRegions(gridFromRows([[0, null, 0]]), res, names)).toThrowError(/cores\.asc: has no focal region/);
  });

  it("a misaligned focal grid names both files and what differs", () => {
    const res = gridFromRows([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(() => focalRegions(gridFromRows([[1, 0, 2]]), res, names)).toThrowError(
      /cores\.asc: grids do not align: cores\.asc and res\.asc differ in size \(columns x rows\): 3 x 1 vs 3 x 2/,
    );
    const shifted = gridFromRows([
      [1, 0, 2],
      [0, 0, 0],
    ]);
    shifted.transform = [15, 1, 0, 2, 0, -1];
    expect(() => focalRegions(shifted, res, names)).toThrowError(/upper-left corner \(x, y\): \(15, 2\) vs \(0, 2\)/);
    const crsA = makeGrid(3, 2, new Float64Array(6).fill(1), { crs: { epsg: 32652 } });
    const crsB = makeGrid(3, 2, Float64Array.of(1, 0, 2, 0, 0, 0), { crs: { epsg: 4326 } });
    expect(() => focalRegions(crsB, crsA, names)).toThrowError(/CRS: .*4326.* vs .*32652/);
  });

  it("unreachable pairs are -1 in the tables, never Infinity or NaN", () => {
    const res = gridFromRows([[1, 1, null, 1]], 10);
    const an = leastCostAnalysis(res, gridFromRows([[1, 0, 0, 2]], 10), { names });
    expect(an.distance[1]).toBe(Infinity);
    expect(formatCostDistances(an.regions.ids, an.distance)).toBe("0 1 2\n1 0 -1\n2 -1 0\n");
    const csv = formatLinkagesCsv(an.linkages);
    expect(csv.split("\n")[1]).toBe("1,2,false,-1,-1,-1,30,-1");
    expect(csv).not.toMatch(/Infinity|NaN/);
    expect(an.corridors.every((v) => Number.isNaN(v))).toBe(true);
  });

  it("neighbours other than 4, 8, 16 and a negative cut-off are rejected", () => {
    const g = gridFromRows([[1, 1]]);
    expect(() => costDistance(g, [0], { neighbors: 6 as never })).toThrowError(/4, 8 or 16/);
    expect(() => leastCostAnalysis(g, gridFromRows([[1, 2]]), { corridorCutoff: -1 })).toThrowError(/cut-off/);
  });
});
