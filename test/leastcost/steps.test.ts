import { describe, expect, it } from "vitest";
import type { GeoTransform } from "../../src/grid/grid.ts";
import { DIR_DC, DIR_DR, stepLengths } from "../../src/leastcost/neighbors.ts";

describe("least-cost step lengths from the geotransform", () => {
  it("a rotated grid of square cells keeps cell, cell x sqrt 2 and cell x sqrt 5 for every move", () => {
    // 10 m cells turned by 30 degrees: the column axis (t1, t4) and the row axis (t2, t5) are
    // orthogonal and 10 m long, so a move of (dc, dr) cells is 10 * hypot(dc, dr) metres.
    const a = Math.PI / 6;
    const t: GeoTransform = [500000, 10 * Math.cos(a), 10 * Math.sin(a), 4800000, 10 * Math.sin(a), -10 * Math.cos(a)];
    const len = stepLengths(t, 16);
    for (let d = 0; d < 16; d++) {
      const moves = DIR_DC[d] * DIR_DC[d] + DIR_DR[d] * DIR_DR[d]; // 1, 2 or 5
      expect(len[d]).toBeCloseTo(10 * Math.sqrt(moves), 10);
    }
  });

  it("a sheared grid: each move is the sum of the column and row vectors, measured by hand", () => {
    // Column axis (10, 0), row axis (3, -10): one column and one row apart is (13, -10).
    const t: GeoTransform = [0, 10, 3, 0, 0, -10];
    const len = stepLengths(t, 16);
    const of = (dc: number, dr: number) => {
      for (let d = 0; d < 16; d++) if (DIR_DC[d] === dc && DIR_DR[d] === dr) return len[d];
      throw new Error(`no move (${dc}, ${dr})`);
    };
    expect(of(1, 0)).toBeCloseTo(10, 12);
    expect(of(0, 1)).toBeCloseTo(Math.sqrt(109), 12); // (3, -10)
    expect(of(1, 1)).toBeCloseTo(Math.sqrt(269), 12); // (13, -10)
    expect(of(-1, 1)).toBeCloseTo(Math.sqrt(149), 12); // (-7, -10)
    expect(of(2, 1)).toBeCloseTo(Math.sqrt(629), 12); // (23, -10)
    expect(of(1, -2)).toBeCloseTo(Math.sqrt(416), 12); // (4, 20)
  });
});
