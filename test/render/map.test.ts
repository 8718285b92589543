import { createCanvas, loadImage } from "@napi-rs/canvas";
import type { FeatureCollection } from "geojson";
import { describe, expect, it } from "vitest";
import { makeGrid, type Grid } from "../../src/grid/grid.ts";
import { font, fontSource } from "../../src/render/fonts.ts";
import { mapKind } from "../../src/render/kinds.ts";
import { drawMap, renderMap } from "../../src/render/map.ts";
import { colorize, printSize } from "../../src/render/raster.ts";
import { rampLut } from "../../src/render/ramps.ts";
import { makeStretch } from "../../src/render/stretch.ts";
import { STYLE } from "../../src/render/style.ts";
import { crsLabel } from "../../src/render/crs-label.ts";

/** 60 x 40 cells of 100 m in UTM 52N; the west column block is nodata (sea). */
function landscape(): Grid {
  const w = 60;
  const h = 40;
  const d = new Float32Array(w * h);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) d[r * w + c] = c < 5 ? NaN : 1e-4 * Math.exp((c + r) / 10);
  return makeGrid(w, h, d, { transform: [600000, 100, 0, 4700000, 0, -100], crs: { epsg: 32652 } });
}
const X = (c: number) => 600000 + c * 100;
const Y = (r: number) => 4700000 - r * 100;
const highway: FeatureCollection = {
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: {},
      geometry: {
        type: "LineString",
        coordinates: [
          [X(40), Y(0)],
          [X(40), Y(40)],
        ],
      },
    },
  ],
};
const crossings: FeatureCollection = {
  type: "FeatureCollection",
  features: [
    { type: "Feature", properties: { name: "Overpass A", type: "overpass" }, geometry: { type: "Point", coordinates: [X(40), Y(10)] } },
    {
      type: "Feature",
      properties: { name: "Bridge B", type: "bridge", proposed: true },
      geometry: { type: "Point", coordinates: [X(40), Y(30)] },
    },
  ],
};
const cores: FeatureCollection = {
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      properties: { name: "West core" },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [X(10), Y(10)],
            [X(25), Y(10)],
            [X(25), Y(30)],
            [X(10), Y(30)],
            [X(10), Y(10)],
          ],
        ],
      },
    },
  ],
};

describe("fonts", () => {
  it("registers a real face: text has proportional widths, not fixed-size boxes", () => {
    const f = font(20);
    expect(fontSource()).toMatch(/\.ttf$/i);
    const ctx = createCanvas(10, 10).getContext("2d");
    ctx.font = f;
    const narrow = ctx.measureText("iiiiiiii").width;
    const wide = ctx.measureText("WWWWWWWW").width;
    expect(narrow).toBeGreaterThan(0);
    expect(wide).toBeGreaterThan(narrow * 2);
  });
});

describe("raster colouring", () => {
  it("nodata is transparent, data opaque with the ramp's colours", () => {
    const g = landscape();
    const s = makeStretch("log", g.data);
    const lut = rampLut("magma");
    const px = colorize(g, s, lut);
    expect(px[3]).toBe(0); // (0,0) is nodata
    const i = (39 * 60 + 59) * 4; // brightest cell: the top of the stretch
    expect(px[i + 3]).toBe(255);
    expect([px[i], px[i + 1], px[i + 2]]).toEqual([lut[765], lut[766], lut[767]]);
    const grey = colorize(g, s, lut, { nodata: [233, 236, 239, 255] });
    expect([...grey.slice(0, 4)]).toEqual([233, 236, 239, 255]);
  });

  it("print size keeps the aspect ratio", () => {
    expect(printSize(60, 40, 1800)).toEqual({ width: 1800, height: 1200, scale: 30 });
  });
});

describe("renderMap", () => {
  it("draws a print-sized PNG that decodes, with the highway where it should be", async () => {
    const g = landscape();
    const spec = { grid: g, ...mapKind("current"), title: "Current", overlays: { highway, crossings, cores }, illustrative: true };
    const { canvas, layout } = drawMap(spec);
    expect(Math.max(layout.width, layout.height)).toBeGreaterThanOrEqual(1600);
    expect(layout.map.x1 - layout.map.x0).toBeGreaterThanOrEqual(1600);
    // A point on the highway away from symbols and labels: its core colour.
    const [hx, hy] = layout.project(X(40), Y(20));
    const ctx = canvas.getContext("2d");
    const p = ctx.getImageData(Math.round(hx), Math.round(hy), 1, 1).data;
    expect([p[0], p[1], p[2]]).toEqual([...STYLE.highwayCoreRgb]);
    // Off the road, inside the data: not the road colour, and the ramp's colour for that cell.
    const [ox, oy] = layout.project(X(50.5), Y(35.5));
    const q = ctx.getImageData(Math.round(ox), Math.round(oy), 1, 1).data;
    expect([q[0], q[1], q[2]]).not.toEqual([...STYLE.highwayCoreRgb]);
    // The scale bar is a nice length: the frame is 6 km wide, the bar may take 30% -> 1 km.
    expect(layout.scaleBarKm).toBe(1);

    const png = await renderMap(spec);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    const img = await loadImage(png);
    expect(img.width).toBe(layout.width);
    expect(img.height).toBe(layout.height);
  });

  it("nodata can be transparent in the PNG itself", async () => {
    const g = landscape();
    const png = await renderMap({
      grid: g,
      ramp: "viridis",
      stretch: "linear",
      title: "T",
      legend: { label: "L", units: "u" },
      nodata: "transparent",
    });
    const { layout } = drawMap({
      grid: g,
      ramp: "viridis",
      stretch: "linear",
      title: "T",
      legend: { label: "L", units: "u" },
      nodata: "transparent",
    });
    const img = await loadImage(png);
    const c = createCanvas(img.width, img.height);
    const ctx = c.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const [x, y] = layout.project(X(2.5), Y(20.5));
    expect(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data[3]).toBe(0);
    const [x2, y2] = layout.project(X(30.5), Y(20.5));
    expect(ctx.getImageData(Math.round(x2), Math.round(y2), 1, 1).data[3]).toBe(255);
  });

  it("a difference map centres zero on the neutral colour", () => {
    const d = new Float32Array(100);
    for (let i = 0; i < 100; i++) d[i] = i < 50 ? -(i + 1) : (i - 49) * 3; // unbalanced signs
    const g = makeGrid(10, 10, d, { transform: [0, 1000, 0, 10000, 0, -1000], crs: { epsg: 32652 } });
    const { layout } = drawMap({ grid: g, ...mapKind("difference"), title: "Diff" });
    expect(layout.stretch.unit(0)).toBe(0.5);
    expect(layout.stretch.lo).toBe(-layout.stretch.hi);
  });

  it("refuses rotated grids", () => {
    const g = makeGrid(2, 2, new Float32Array(4), { transform: [0, 1, 0.2, 2, 0, -1] });
    expect(() => drawMap({ grid: g, ramp: "viridis", stretch: "linear", title: "T", legend: { label: "L", units: "u" } })).toThrow(
      /north-up/,
    );
  });

  it("names the CRS", () => {
    expect(crsLabel({ epsg: 32652 })).toBe("EPSG:32652 - WGS 84 / UTM zone 52N");
    expect(crsLabel(null)).toBe("CRS unknown");
  });
});

describe("lines along the road", () => {
  it("a fence marked onTop is drawn over the highway, so it shows on the map", () => {
    const g = landscape();
    // A fence along the highway from row 15 to row 25 (between the two crossings).
    const fence: FeatureCollection = {
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: {},
          geometry: {
            type: "LineString",
            coordinates: [
              [X(40), Y(15)],
              [X(40), Y(25)],
            ],
          },
        },
      ],
    };
    const red = "#ff0000";
    const colourOnRoad = (onTop: boolean) => {
      const { canvas, layout } = drawMap({
        grid: g,
        ...mapKind("current"),
        title: "Fence",
        overlays: { highway, lines: [{ data: fence, label: "Fence", color: red, width: 5, onTop }] },
      });
      const [x, y] = layout.project(X(40), Y(20));
      return [...canvas.getContext("2d").getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)];
    };
    expect(colourOnRoad(true)).toEqual([255, 0, 0]);
    // Under the highway (the old drawing order) the road's amber core covers it.
    expect(colourOnRoad(false)).toEqual([...STYLE.highwayCoreRgb]);
  });

  it("km marks and a locator inset are drawn when given", () => {
    const g = landscape();
    const marks = [{ x: X(40), y: Y(20), dx: 0, dy: -1, label: "km 2" }];
    const frame: [number, number][] = [
      [131.1, 42.4],
      [131.2, 42.4],
      [131.2, 42.3],
      [131.1, 42.3],
    ];
    const plain = drawMap({ grid: g, ...mapKind("current"), title: "Marks", overlays: { highway } });
    const marked = drawMap({ grid: g, ...mapKind("current"), title: "Marks", overlays: { highway, marks }, locator: frame });
    // The tick crosses the road: 10 px to the side of the road at the mark is the tick's dark ink.
    const [x, y] = marked.layout.project(X(40), Y(20));
    const at = (c: typeof plain, px: number, py: number) => [
      ...c.canvas.getContext("2d").getImageData(Math.round(px), Math.round(py), 1, 1).data.slice(0, 3),
    ];
    expect(at(marked, x + 9, y)).toEqual([0x20, 0x20, 0x20]);
    expect(at(plain, x + 9, y)).not.toEqual([0x20, 0x20, 0x20]);
    // The inset sits at the bottom of the legend panel and is framed; the plain map has none there.
    const ix = marked.layout.map.x1 + 36 + 190;
    const iy = marked.layout.height - 96 - 5;
    expect(at(marked, ix, iy)).not.toEqual([255, 255, 255]);
  });
});
