import { describe, expect, it } from "vitest";
import { makeGrid } from "../../src/grid/grid.ts";
import { regionOutlines } from "../../src/render/core-outlines.ts";
import { pointAtChainage } from "../../src/render/scenario-report.ts";
import { anchorOf } from "../../src/render/overlays.ts";

const shoelace = (ring: number[][]) => {
  let a = 0;
  for (let i = 1; i < ring.length; i++) a += ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1];
  return a / 2;
};

describe("raster region outlines", () => {
  it("outline an L-shaped region and a region with a hole, with the right areas", () => {
    // 10 m cells. Id 1: an L of 3 cells. Id 2: a 3 x 3 ring around a hole (8 cells).
    const w = 7;
    const h = 4;
    const d = new Float32Array(w * h);
    d[0 * w + 0] = 1;
    d[1 * w + 0] = 1;
    d[1 * w + 1] = 1;
    for (let r = 0; r < 3; r++) for (let c = 3; c < 6; c++) d[r * w + c] = r === 1 && c === 4 ? 0 : 2;
    d[3 * w + 6] = NaN;
    const fc = regionOutlines(makeGrid(w, h, d, { transform: [1000, 10, 0, 2000, 0, -10] }));
    expect(fc.features.map((f) => f.properties?.name)).toEqual(["Core 1", "Core 2"]);
    const [l, ring] = fc.features.map((f) => f.geometry.coordinates);
    expect(l).toHaveLength(1);
    expect(Math.abs(shoelace(l[0]))).toBeCloseTo(300, 9);
    expect(l[0]).toHaveLength(7); // six corners of an L, closed; collinear vertices dropped
    expect(ring).toHaveLength(2); // outer boundary and the hole
    expect(Math.abs(shoelace(ring[0]))).toBeCloseTo(900, 9);
    expect(Math.abs(shoelace(ring[1]))).toBeCloseTo(100, 9);
    for (const r of [...l, ...ring]) expect(r[0]).toEqual(r[r.length - 1]);
    // Map coordinates: the L starts at the grid's top-left corner (1000, 2000).
    expect(l[0].some((p) => p[0] === 1000 && p[1] === 2000)).toBe(true);
    // The label anchor of the ring-shaped core is its centre.
    const a = anchorOf(fc.features[1].geometry)!;
    expect(a[0]).toBeCloseTo(1045, 6);
    expect(a[1]).toBeCloseTo(1985, 6);
  });
});

describe("points along the highway", () => {
  it("interpolates by chainage and clamps past the end", () => {
    const line = [
      [0, 0],
      [300, 0],
      [300, 400],
    ];
    expect(pointAtChainage(line, 0)).toEqual([0, 0]);
    expect(pointAtChainage(line, 150)).toEqual([150, 0]);
    expect(pointAtChainage(line, 500)).toEqual([300, 200]);
    expect(pointAtChainage(line, 9999)).toEqual([300, 400]);
  });
});
