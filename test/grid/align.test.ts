import { describe, expect, it } from "vitest";
import { makeGrid, type GeoTransform, type Grid } from "../../src/grid/grid.ts";
import { alignmentDifferences, assertAligned, isAligned } from "../../src/grid/align.ts";
import { crsFromEpsg } from "../../src/grid/crs.ts";
import { CrosswayError } from "../../src/util/errors.ts";

const utm = crsFromEpsg(32652);
const g = (t: GeoTransform, w = 4, h = 3, crs = utm): Grid => makeGrid(w, h, new Float32Array(w * h), { transform: t, crs });
const base: GeoTransform = [500000, 50, 0, 4800000, 0, -50];

function message(f: () => void): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CrosswayError);
    return (e as Error).message;
  }
  throw new Error("expected a CrosswayError");
}

describe("assertAligned", () => {
  it("accepts identical grids and differences below a millionth of a cell", () => {
    expect(() => assertAligned(g(base), "a.tif", g([500000 + 1e-5, 50, 0, 4800000 - 1e-5, 0, -50]), "b.tif")).not.toThrow();
    expect(isAligned(g(base), g(base, 4, 3, { epsg: 32652 }))).toBe(true); // same code, no proj4 on one side
    expect(isAligned(g(base), g(base, 4, 3, null as never))).toBe(true); // no CRS (an .asc without .prj)
  });

  it("names both files and each difference with both values", () => {
    const m1 = message(() => assertAligned(g(base), "res.tif", g(base, 4, 3, crsFromEpsg(32651)), "focal.asc"));
    expect(m1).toMatch(/res\.tif.*focal\.asc.*CRS: EPSG:32652 vs EPSG:32651/);
    const m2 = message(() => assertAligned(g(base), "res.tif", g([500000, 30, 0, 4800000, 0, -30]), "habitat.tif"));
    expect(m2).toMatch(/res\.tif and habitat\.tif differ in cell size: 50 vs 30/);
    expect(m2).not.toMatch(/corner/);
    const m3 = message(() => assertAligned(g(base), "a.tif", g([500010, 50, 0, 4800000, 0, -50], 5, 3), "b.tif"));
    expect(m3).toMatch(/size \(columns x rows\): 4 x 3 vs 5 x 3/);
    expect(m3).toMatch(/upper-left corner \(x, y\): \(500000, 4800000\) vs \(500010, 4800000\)/);
    expect(alignmentDifferences(g(base), g([500000, 50, 0, 4800000.001, 0, -50]))).toHaveLength(1);
  });
});
