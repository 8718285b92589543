import fc from "fast-check";
import type { FeatureCollection } from "geojson";
import { describe, expect, it } from "vitest";
import { burnCrossings, type Crossing, crossingsFromGeoJson } from "../../src/resistance/crossings.ts";
import { applyRoads, rasterizeFences, rasterizeRoads, type RoadLine } from "../../src/resistance/roads.ts";
import { blankGrid, countOf, reach8, topReachesBottom } from "./helpers.ts";

const RROAD = 1e4;
/** 30 x 30 grid of 10 m cells (y 0..300), a road along y = 150 of width `w`, fences 5 m beyond each edge. */
function landscape(w: number, withFence = true, angle = 0) {
  const g = blankGrid(30, 30, 10, 2);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const L = 400;
  const line: [number, number][] = [
    [150 - L * c, 150 - L * s],
    [150 + L * c, 150 + L * s],
  ];
  const roads: RoadLine[] = [{ parts: [line], width: w, resistance: RROAD, label: "road" }];
  const rr = rasterizeRoads(g, roads);
  const off = w / 2 + 5;
  const fenceLines = withFence
    ? [1, -1].map((sg) => ({ parts: [line.map(([x, y]) => [x - sg * off * s, y + sg * off * c] as [number, number])] }))
    : [];
  const fences = withFence ? rasterizeFences(g, fenceLines) : null;
  const surface = applyRoads(g.data, rr, fences);
  const ctx = { grid: g, roads, roadMask: rr.mask, roadResistance: rr.resistance, fenceMask: fences, rmax: 1e5 };
  return { g, surface, ctx };
}
/**
 * On the 30 x 30 grid of 10 m cells centred on (150, 150): does any cell more than `margin` m to one side
 * of the centreline (at `angle`) reach, through 8-neighbour moves over finite cells, a cell more than
 * `margin` m to the other side?
 */
function crossesRoad(angle: number, margin: number): (data: Float64Array) => boolean {
  const side = (i: number) => {
    const x = (i % 30) * 10 + 5 - 150;
    const y = 295 - Math.floor(i / 30) * 10 - 150;
    const d = -x * Math.sin(angle) + y * Math.cos(angle);
    return d > margin ? 1 : d < -margin ? -1 : 0;
  };
  const a = [...Array(900).keys()].filter((i) => side(i) === 1);
  const b = [...Array(900).keys()].filter((i) => side(i) === -1);
  return (data) => {
    const seen = reach8(data, 30, 30, a);
    return b.some((i) => seen[i] === 1);
  };
}

const pt = (x: number, y: number, width: number, extra: Partial<Crossing> = {}): Crossing => ({
  geometry: { point: [x, y] },
  type: "underpass",
  width,
  effectiveness: 0.8,
  label: "crossing",
  ...extra,
});

describe("crossings", () => {
  it("without a crossing, road + fences block every 8-neighbour path; a narrow crossing opens one", () => {
    const { surface, ctx } = landscape(24);
    expect(topReachesBottom(surface, 30, 30)).toBe(false); // fences are Infinity
    expect(topReachesBottom(surface, 30, 30, RROAD)).toBe(false); // road alone is tight
    const res = burnCrossings(surface, [pt(153, 150, 3)], ctx, "x.geojson");
    expect(topReachesBottom(res.resistance, 30, 30)).toBe(true);
    // the path goes through the structure: with structure cells as walls it is blocked again
    const walled = Float64Array.from(res.resistance, (v, i) => (res.structureOfCell[i] >= 0 ? Infinity : v));
    expect(topReachesBottom(walled, 30, 30)).toBe(false);
    // one column (x = 153 -> column 15), all road and fence cells in it
    const cols = new Set<number>();
    for (let i = 0; i < 900; i++) if (res.structureOfCell[i] === 0) cols.add(i % 30);
    expect([...cols]).toEqual([15]);
    const opened = res.structures[0].cells;
    let blockedInCol = 0;
    for (let r = 0; r < 30; r++) if (ctx.roadMask[r * 30 + 15] || ctx.fenceMask![r * 30 + 15]) blockedInCol++;
    expect(opened).toBe(blockedInCol);
  });

  it("a crossing wider than a cell opens one lane per cell it overlaps, centred on it; the lanes' shares add up to width / cell", () => {
    const { surface, ctx } = landscape(24, false);
    const cOpen = 0.8 / 2 + 0.2 / RROAD; // e = 0.8 on habitat 2
    for (const [w, n] of [
      [10, 1],
      [10.5, 3],
      [25, 3],
      [40, 5],
    ] as const) {
      const res = burnCrossings(surface, [pt(155, 152, w)], ctx);
      const cols = new Set<number>();
      for (let i = 0; i < 900; i++) if (res.structureOfCell[i] === 0) cols.add(i % 30);
      expect(cols.size).toBe(n);
      expect(res.structures[0].lanes).toBe(n);
      // the share of each column, read back from a road cell of it (row 15): 1/R = f c_open + (1 - f) / R_road
      let total = 0;
      for (const col of cols) total += (1 / res.resistance[15 * 30 + col] - 1 / RROAD) / (cOpen - 1 / RROAD);
      expect(total).toBeCloseTo(w / 10, 9);
    }
  });

  it("on a diagonal road, a narrow crossing still opens a 4-connected chain through the road and fences", () => {
    for (const angle of [Math.PI / 4, 0.3, -1.1, 1.4]) {
      const { surface, ctx } = landscape(12, true, angle);
      // the two sides: cells whose centres lie more than 30 m left / right of the centreline
      const crosses = crossesRoad(angle, 30);
      expect(crosses(surface)).toBe(false);
      const res = burnCrossings(surface, [pt(150, 150, 1)], ctx);
      expect(crosses(res.resistance)).toBe(true);
    }
  });

  it("a line crossing across the road works and uses its own direction", () => {
    const { surface, ctx } = landscape(24);
    const c: Crossing = {
      geometry: {
        line: [
          [100, 120],
          [100, 180],
        ],
      },
      type: "overpass",
      width: 8,
      effectiveness: 1,
      label: "ov",
    };
    const res = burnCrossings(surface, [c], ctx);
    expect(topReachesBottom(res.resistance, 30, 30)).toBe(true);
    expect(res.structures[0].x).toBeCloseTo(100, 9);
    expect(res.structures[0].y).toBeCloseTo(150, 9);
  });

  it("effectiveness rule: 1/R = f (e/R_hab + (1-e)/R_road) + (1-f)/R_road; given resistance wins", () => {
    const { surface, ctx } = landscape(24, false);
    const hab = 2; // blankGrid fill
    for (const e of [0, 0.25, 0.5, 1]) {
      for (const [w, f] of [
        [10, 1],
        [5, 0.5],
        [1, 0.1],
      ]) {
        const res = burnCrossings(surface, [pt(155, 150, w, { effectiveness: e })], ctx);
        const idx = 15 * 30 + 15;
        expect(res.structureOfCell[idx]).toBe(0);
        expect(res.resistance[idx]).toBeCloseTo(1 / (f * (e / hab + (1 - e) / RROAD) + (1 - f) / RROAD), 6);
      }
    }
    // on a fence cell the rest of the cell stays shut: 1/R = f c_open
    const fenced = landscape(24, true);
    const fr = burnCrossings(fenced.surface, [pt(155, 150, 5, { effectiveness: 0.5 })], fenced.ctx);
    const fenceRow = [...Array(30).keys()].find((r) => fenced.ctx.fenceMask![r * 30 + 15] === 1)!;
    expect(fr.resistance[fenceRow * 30 + 15]).toBeCloseTo(1 / (0.5 * (0.5 / hab + 0.5 / RROAD)), 6);
    const res = burnCrossings(surface, [pt(155, 150, 10, { effectiveness: undefined, resistance: 42 })], ctx);
    expect(res.resistance[15 * 30 + 15]).toBe(42);
    // input not modified
    expect(surface[15 * 30 + 15]).toBe(RROAD);
  });

  it("R_hab is the geometric mean of the first passable cells on the two sides, or the one side when the other is nodata", () => {
    // Road rows 14 and 15 (centres 5 m from the centreline, width 24); north of it land 2, south 8.
    const { surface, ctx } = landscape(24, false);
    for (let i = 0; i < 900; i++) {
      const row = Math.floor(i / 30);
      if (row < 14) surface[i] = 2;
      else if (row > 15) surface[i] = 8;
    }
    const e = 0.5;
    const lane = [14 * 30 + 15, 15 * 30 + 15];
    // One full lane (width = cell): 1 / R = e / R_hab + (1 - e) / R_road.
    const both = burnCrossings(surface, [pt(155, 150, 10, { effectiveness: e })], ctx);
    for (const idx of lane) expect(both.resistance[idx]).toBeCloseTo(1 / (e / Math.sqrt(2 * 8) + (1 - e) / RROAD), 9);
    // The far side is nodata (the edge of the study area): the near side alone.
    for (let i = 16 * 30; i < 900; i++) surface[i] = NaN;
    const one = burnCrossings(surface, [pt(155, 150, 10, { effectiveness: e })], ctx);
    for (const idx of lane) expect(one.resistance[idx]).toBeCloseTo(1 / (e / 2 + (1 - e) / RROAD), 9);
  });

  it("a structure whose resistance is above the road's leaves the road as it was (never harder to cross)", () => {
    const { surface, ctx } = landscape(24, false);
    for (const w of [10, 5]) {
      const res = burnCrossings(surface, [pt(155, 150, w, { effectiveness: undefined, resistance: 5 * RROAD })], ctx);
      expect(res.structureOfCell[14 * 30 + 15]).toBe(0);
      for (let i = 0; i < 900; i++) expect(res.resistance[i]).toBe(surface[i]);
    }
  });

  it("errors: off the road, negative width, bad effectiveness, unknown type", () => {
    const { surface, ctx } = landscape(24);
    expect(() => burnCrossings(surface, [pt(150, 250, 5, { label: 'feature 2 (id "U7")' })], ctx, "crossings.geojson")).toThrow(
      /crossings\.geojson: feature 2 \(id "U7"\) \(underpass\) does not touch the road: it lies 100\.0/,
    );
    expect(() => burnCrossings(surface, [pt(150, 150, -4, { label: "feature 0" })], ctx, "c.geojson")).toThrow(
      /c\.geojson: feature 0: width -4/,
    );
    expect(() => burnCrossings(surface, [pt(150, 150, 4, { effectiveness: 1.5 })], ctx)).toThrow(/effectiveness 1\.5/);
    const along: Crossing = {
      geometry: {
        line: [
          [100, 148],
          [200, 155],
        ],
      },
      type: "bridge",
      width: 8,
      effectiveness: 1,
      label: "feature 4",
    };
    expect(() => burnCrossings(surface, [along], ctx, "c.geojson")).toThrow(
      /c\.geojson: feature 4 \(bridge\) runs along the road \(4 degrees from it\)/,
    );
    const doc: FeatureCollection = {
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: { type: "ferry", width_m: 3 }, geometry: { type: "Point", coordinates: [1, 2] } }],
    };
    expect(() => crossingsFromGeoJson(doc, { underpass: { effectiveness: 0.5 } }, "c.geojson")).toThrow(
      /c\.geojson: feature 0: type "ferry" is not one of/,
    );
    doc.features[0].properties = { type: "culvert", width_m: 3 };
    expect(() => crossingsFromGeoJson(doc, { underpass: { effectiveness: 0.5 } }, "c.geojson")).toThrow(/type "culvert" has no entry/);
    doc.features[0].properties = { type: "underpass", width_m: -3 };
    expect(() => crossingsFromGeoJson(doc, { underpass: { effectiveness: 0.5 } }, "c.geojson")).toThrow(
      /c\.geojson: feature 0: width_m -3 must be > 0/,
    );
  });

  it("reads features: per-feature effectiveness overrides the type table, default widths apply", () => {
    const doc: FeatureCollection = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", id: 7, properties: { type: "overpass" }, geometry: { type: "Point", coordinates: [1, 2] } },
        {
          type: "Feature",
          properties: { type: "culvert", width_m: 2, effectiveness: 0.1 },
          geometry: {
            type: "LineString",
            coordinates: [
              [0, 0],
              [0, 5],
            ],
          },
        },
      ],
    };
    const cs = crossingsFromGeoJson(doc, { overpass: { effectiveness: 0.9, defaultWidth: 60 }, culvert: { resistance: 300 } });
    expect(cs[0]).toMatchObject({ width: 60, effectiveness: 0.9, id: 7, type: "overpass" });
    expect(cs[1]).toMatchObject({ width: 2, effectiveness: 0.1, type: "culvert" });
    expect(cs[1].resistance).toBeUndefined();
  });

  it("structureOfCell labels and counts are consistent with several structures", () => {
    const { surface, ctx } = landscape(24);
    const res = burnCrossings(surface, [pt(55, 150, 30), pt(205, 150, 5)], ctx);
    expect(res.structures.map((s) => s.cells)).toEqual(
      [0, 1].map((k) => countOf(Array.from(res.structureOfCell, (o) => (o === k ? 1 : 0)))),
    );
    expect(res.structures[0].cells).toBeGreaterThan(res.structures[1].cells);
  });

  it("property: any road angle and width, with fences, is sealed; one crossing of any width opens it, only through its cells", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -Math.PI / 2, max: Math.PI / 2, noNaN: true }),
        fc.double({ min: 0.5, max: 40, noNaN: true }),
        fc.double({ min: 0.01, max: 35, noNaN: true }),
        fc.double({ min: -30, max: 30, noNaN: true }),
        (angle, w, cw, along) => {
          const { surface, ctx } = landscape(w, true, angle);
          const crosses = crossesRoad(angle, w / 2 + 25);
          expect(crosses(surface)).toBe(false);
          const x = 150 + along * Math.cos(angle);
          const y = 150 + along * Math.sin(angle);
          const res = burnCrossings(surface, [pt(x, y, cw)], ctx);
          expect(crosses(res.resistance)).toBe(true);
          const walled = Float64Array.from(res.resistance, (v, i) => (res.structureOfCell[i] >= 0 ? Infinity : v));
          expect(crosses(walled)).toBe(false);
        },
      ),
      { numRuns: 80 },
    );
  });
});
