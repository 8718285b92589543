import { describe, expect, it } from "vitest";
import { combineLayers } from "../../src/resistance/combine.ts";
import { reclassify } from "../../src/resistance/reclass.ts";
import { CrosswayError } from "../../src/util/errors.ts";
import { blankGrid } from "./helpers.ts";

describe("reclassify", () => {
  it("maps classes, nodata and barrier", () => {
    const g = blankGrid(5, 1);
    g.data.set([1, 2, 3, 4, NaN]);
    const r = reclassify(g, { "1": 1, "2": 25.5, "3": "nodata", "4": "barrier" }, "lc.tif", "recipe.yaml").data;
    expect(r[0]).toBe(1);
    expect(r[1]).toBe(25.5);
    expect(Number.isNaN(r[2])).toBe(true);
    expect(r[3]).toBe(Infinity);
    expect(Number.isNaN(r[4])).toBe(true);
  });

  it("a class missing from the table names the class, its cell count and the file", () => {
    const g = blankGrid(6, 1);
    g.data.set([1, 7, 7, 7, 9, 1]);
    let err: unknown;
    try {
      reclassify(g, { "1": 1 }, "data/landcover.tif", "recipe.yaml");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CrosswayError);
    const msg = (err as Error).message;
    expect(msg).toContain("data/landcover.tif");
    expect(msg).toContain("class 7 (3 cells)");
    expect(msg).toContain("class 9 (1 cell)");
  });

  it("rejects non-positive resistances in the table", () => {
    const g = blankGrid(1, 1);
    expect(() => reclassify(g, { "1": 0 }, "lc.tif", "r.yaml")).toThrow(/class 1.*must be > 0/);
  });

  it("works with widely spread class values (no dense table)", () => {
    const g = blankGrid(2, 1);
    g.data.set([-100000, 100000]);
    const r = reclassify(
      g,
      new Map([
        [-100000, 3],
        [100000, 4],
      ]),
    ).data;
    expect(Array.from(r)).toEqual([3, 4]);
  });
});

describe("combineLayers", () => {
  const a = blankGrid(4, 1);
  a.data.set([2, 0.2, NaN, Infinity]);
  const b = blankGrid(4, 1);
  b.data.set([3, 0.5, 5, 5]);
  it("sum, product, max, weighted, clipped to [1, Rmax]; NaN and Infinity kept", () => {
    const sum = combineLayers([a, b], { rule: "sum", clip: [1, 4] }).data;
    expect(sum[0]).toBe(4); // 5 clipped
    expect(sum[1]).toBe(1); // 0.7 clipped up
    expect(Number.isNaN(sum[2])).toBe(true);
    expect(sum[3]).toBe(Infinity);
    expect(combineLayers([a, b], { rule: "product", clip: [1, 100] }).data[0]).toBe(6);
    expect(combineLayers([a, b], { rule: "max", clip: [1, 100] }).data[0]).toBe(3);
    expect(combineLayers([a, b], { rule: "weighted_sum", weights: [0.5, 2], clip: [1, 100] }).data[0]).toBe(7);
  });
  it("errors: missing weights, size mismatch, bad clip", () => {
    expect(() => combineLayers([a, b], { rule: "weighted_sum" })).toThrow(/one weight per layer/);
    expect(() => combineLayers([a, blankGrid(3, 1)], { rule: "sum", names: ["habitat", "landcover"] })).toThrow(/landcover is 3 x 1/);
    expect(() => combineLayers([a], { rule: "sum", clip: [5, 1] })).toThrow(/clip/);
  });
});
