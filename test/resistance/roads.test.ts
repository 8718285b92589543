import fc from "fast-check";
import type { FeatureCollection } from "geojson";
import { describe, expect, it } from "vitest";
import { applyRoads, rasterizeFences, rasterizeRoads, roadLinesFromGeoJson, type RoadLine } from "../../src/resistance/roads.ts";
import { traverseSegment, frameOf } from "../../src/resistance/rasterize.ts";
import { blankGrid, countOf, topReachesBottom } from "./helpers.ts";

const road = (coords: [number, number][], width: number, resistance = 1e4): RoadLine => ({
  parts: [coords],
  width,
  resistance,
  label: "road",
});

describe("road rasterization", () => {
  it("a horizontal road of known width covers exactly the cells whose centres lie within width/2", () => {
    const g = blankGrid(20, 20, 10); // y from 0 (bottom) to 200 (top); row r centre y = 195 - 10 r
    // centreline y = 100 (a row boundary); width 30 -> centres at 95 and 105 (d = 5 <= 15) and 85, 115 (d = 15 <= 15)
    const rr = rasterizeRoads(g, [
      road(
        [
          [-5, 100],
          [205, 100],
        ],
        30,
      ),
    ]);
    for (let row = 0; row < 20; row++) {
      const y = 195 - 10 * row;
      const expected = Math.abs(y - 100) <= 15 ? 1 : 0;
      for (let col = 0; col < 20; col++) expect(rr.mask[row * 20 + col]).toBe(expected);
    }
    expect(countOf(rr.mask)).toBe(4 * 20);
  });

  it("a road narrower than a cell still covers every cell its centreline passes through", () => {
    const g = blankGrid(20, 20, 10);
    const rr = rasterizeRoads(g, [
      road(
        [
          [0, 33],
          [200, 147],
        ],
        2,
      ),
    ]);
    const f = frameOf(g);
    traverseSegment(f, 0, 33, 200, 147, (i) => {
      expect(rr.mask[i]).toBe(1);
    });
    expect(topReachesBottom(applyRoads(g.data, rr, null), 20, 20)).toBe(true); // finite road: passable
    expect(topReachesBottom(applyRoads(g.data, rr, null), 20, 20, 1e4)).toBe(false); // as a wall: tight
  });

  it("a 45-degree 1-cell road does not leak diagonally", () => {
    const g = blankGrid(16, 16, 10);
    // Through cell corners exactly: the classic staircase of corner-touching cells.
    const rr = rasterizeRoads(g, [
      road(
        [
          [0, 160],
          [160, 0],
        ],
        1,
      ),
    ]);
    const walls = applyRoads(g.data, rr, null);
    expect(topReachesBottom(walls, 16, 16, 1e4)).toBe(false);
    // The bare diagonal (cells (i, i) only) leaks: the test can fail.
    const diag = Float64Array.from(g.data);
    for (let i = 0; i < 16; i++) diag[i * 16 + i] = Infinity;
    expect(topReachesBottom(diag, 16, 16)).toBe(true);
  });

  it("property: any straight road across the grid blocks all 8-neighbour paths between the two sides", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: 0.1, max: 40, noNaN: true }),
        (ya, yb, width) => {
          const g = blankGrid(24, 24, 10);
          // from the left edge to the right edge, around the middle (y = 120)
          const rr = rasterizeRoads(g, [
            road(
              [
                [-1, 120 + ya],
                [241, 120 + yb],
              ],
              width,
            ),
          ]);
          const walls = applyRoads(g.data, rr, null);
          expect(topReachesBottom(walls, 24, 24, 1e4)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("property: thin bent roads stay 8-tight", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 40, max: 200, noNaN: true }), { minLength: 3, maxLength: 6 }), (ys) => {
        const g = blankGrid(24, 24, 10);
        const coords = ys.map((y, i) => [-1 + (242 * i) / (ys.length - 1), y] as [number, number]);
        const rr = rasterizeRoads(g, [road(coords, 0.5)]);
        const walls = applyRoads(g.data, rr, null);
        expect(topReachesBottom(walls, 24, 24, 1e4)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it("fences are barriers and 4-connected", () => {
    const g = blankGrid(16, 16, 10);
    const fence = rasterizeFences(g, [
      {
        parts: [
          [
            [0, 3],
            [160, 150],
          ],
        ],
      },
    ]);
    const out = applyRoads(g.data, null, fence);
    expect(out.some((v) => v === Infinity)).toBe(true);
    expect(topReachesBottom(out, 16, 16)).toBe(false);
  });

  it("road cells keep a higher underlying value, overlapping roads take the highest", () => {
    const g = blankGrid(10, 10, 10);
    g.data[5 * 10 + 3] = 1e6;
    g.data[5 * 10 + 4] = NaN;
    const rr = rasterizeRoads(g, [
      road(
        [
          [0, 45],
          [100, 45],
        ],
        5,
        100,
      ),
      road(
        [
          [55, 0],
          [55, 100],
        ],
        5,
        300,
      ),
    ]);
    const out = applyRoads(g.data, rr, null);
    expect(out[5 * 10 + 0]).toBe(100);
    expect(out[5 * 10 + 3]).toBe(1e6);
    expect(Number.isNaN(out[5 * 10 + 4])).toBe(true);
    expect(out[5 * 10 + 5]).toBe(300);
  });

  it("a line entering across the grid edge is walked from the edge (clipped start a rounding error outside)", () => {
    // Found by the crossings property test: this fence line visited no cell at all.
    const g = blankGrid(30, 30, 10);
    const fence = rasterizeFences(g, [
      {
        parts: [
          [
            [-248.15944953222035, 189.8263075882591],
            [549.7302754480313, 131.75749693280932],
          ],
        ],
      },
    ]);
    expect(countOf(fence)).toBeGreaterThanOrEqual(30);
    for (let r = 0; r < 30; r++) expect(fence[r * 30]).toBe(r === 12 ? 1 : 0); // crosses x = 0 at y = 171.8 (row 12)
  });

  it("distance decay beside the road: A exp(-d / L) from the road edge, cut at max distance", () => {
    const g = blankGrid(1, 21, 10); // one column; centres y = 5 .. 205
    // centreline y = 100 (a row boundary), width 20 -> rows 10 (y 105) and 11 (y 95) are road
    const rr = applyRoads(
      g.data,
      rasterizeRoads(
        g,
        [
          road(
            [
              [-5, 100],
              [15, 100],
            ],
            20,
          ),
        ],
        { amplitude: 50, length: 20, maxDistance: 45 },
      ),
      null,
    );
    for (let r = 0; r < 21; r++) {
      if (r === 10 || r === 11) {
        expect(rr[r]).toBe(1e4);
        continue;
      }
      const d = Math.abs(205 - 10 * r - 100) - 10; // distance from the road edge
      const expected = 1 + (d <= 45 ? 50 * Math.exp(-d / 20) : 0);
      expect(rr[r]).toBeCloseTo(expected, 10);
    }
  });

  it("both ends of every step across the centreline are road, for any line (the circuit edge across is road-road)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true })), {
          minLength: 2,
          maxLength: 5,
        }),
        fc.double({ min: 0.1, max: 30, noNaN: true }),
        (pts, width) => {
          const g = blankGrid(20, 20, 10);
          const rr = rasterizeRoads(g, [road(pts as [number, number][], width)]);
          // independent check: every 8-neighbour step whose centre-to-centre segment properly
          // crosses a segment of the line joins two road cells
          const cx = (i: number) => (i % 20) * 10 + 5;
          const cy = (i: number) => 195 - Math.floor(i / 20) * 10;
          const orient = (ax: number, ay: number, bx: number, by: number, px: number, py: number) =>
            Math.sign((bx - ax) * (py - ay) - (by - ay) * (px - ax));
          for (let u = 0; u < 400; u++) {
            for (const [dc, dr] of [
              [1, 0],
              [0, 1],
              [1, 1],
              [-1, 1],
            ]) {
              const c = (u % 20) + dc;
              const r = Math.floor(u / 20) + dr;
              if (c < 0 || c >= 20 || r >= 20) continue;
              const v = r * 20 + c;
              for (let s = 0; s + 1 < pts.length; s++) {
                const [ax, ay] = pts[s];
                const [bx, by] = pts[s + 1];
                const o1 = orient(ax, ay, bx, by, cx(u), cy(u));
                const o2 = orient(ax, ay, bx, by, cx(v), cy(v));
                const o3 = orient(cx(u), cy(u), cx(v), cy(v), ax, ay);
                const o4 = orient(cx(u), cy(u), cx(v), cy(v), bx, by);
                if (o1 * o2 < 0 && o3 * o4 < 0) {
                  expect(rr.mask[u], `step ${u}-${v}`).toBe(1);
                  expect(rr.mask[v], `step ${u}-${v}`).toBe(1);
                }
              }
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("road attributes", () => {
  const fcol: FeatureCollection = {
    type: "FeatureCollection",
    features: [
      {
        type: "Feature",
        id: "A-189",
        properties: { class: "motorway", width_m: 24 },
        geometry: {
          type: "LineString",
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
      },
      {
        type: "Feature",
        properties: { class: "track" },
        geometry: {
          type: "LineString",
          coordinates: [
            [0, 0],
            [1, 2],
          ],
        },
      },
    ],
  };
  it("class table and default width", () => {
    const roads = roadLinesFromGeoJson(
      fcol,
      { classAttribute: "class", table: { motorway: 5000, track: 20 }, widthAttribute: "width_m", defaultWidth: 6 },
      "roads.geojson",
    );
    expect(roads.map((r) => [r.width, r.resistance])).toEqual([
      [24, 5000],
      [6, 20],
    ]);
  });
  it("a class with no table entry names the feature and the file", () => {
    expect(() =>
      roadLinesFromGeoJson(fcol, { classAttribute: "class", table: { motorway: 5000 }, defaultWidth: 6 }, "roads.geojson"),
    ).toThrow(/roads\.geojson: feature 1: class = "track" has no entry in the road table/);
  });
  it("a missing attribute names the feature by id", () => {
    expect(() => roadLinesFromGeoJson(fcol, { classAttribute: "lanes", table: { "4": 1 }, defaultWidth: 6 }, "roads.geojson")).toThrow(
      /feature 0 \(id "A-189"\) has no "lanes" property/,
    );
  });
  it("negative width is an error naming the feature", () => {
    const bad: FeatureCollection = {
      type: "FeatureCollection",
      features: [{ ...fcol.features[0], properties: { class: "motorway", width_m: -3 } }],
    };
    expect(() =>
      roadLinesFromGeoJson(bad, { classAttribute: "class", table: { motorway: 1 }, widthAttribute: "width_m" }, "r.geojson"),
    ).toThrow(/r\.geojson: feature 0 \(id "A-189"\): width -3 must be positive/);
  });
  it("traffic breaks", () => {
    const t: FeatureCollection = {
      type: "FeatureCollection",
      features: [0, 900, 5000].map((aadt) => ({
        type: "Feature",
        properties: { aadt },
        geometry: {
          type: "LineString",
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
      })),
    };
    const roads = roadLinesFromGeoJson(t, {
      trafficAttribute: "aadt",
      breaks: [
        { min: 0, resistance: 10 },
        { min: 500, resistance: 100 },
        { min: 4000, resistance: 1000 },
      ],
      defaultWidth: 8,
    });
    expect(roads.map((r) => r.resistance)).toEqual([10, 100, 1000]);
  });
});
