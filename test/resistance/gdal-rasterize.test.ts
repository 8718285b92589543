/**
 * Reprojected roads land on the right cells: the same EPSG:4326 line rasterized onto a UTM 52N
 * grid by crossway and by GDAL (ogr2ogr -t_srs, then gdal_rasterize).
 *
 * Rules compared:
 * - crossway's centreline walk  == gdal_rasterize -at (all touched) on the line, exactly;
 * - crossway's width rule (cell centre within width/2 of the line) vs gdal_rasterize (centre rule)
 *   on ST_Buffer(line, width/2): GDAL's buffer approximates round caps and joins with chords, so
 *   its polygon lies inside the true buffer; the two agree except for cells whose centres lie in
 *   that thin sliver, which we exclude by distance (computed here independently);
 * - crossway adds cells only to close diagonal contacts (counted in `thickened`).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GDAL } from "../support/tools.ts";
import { makeGrid } from "../../src/grid/grid.ts";
import { crsFromEpsg } from "../../src/grid/crs.ts";
import { readGeoJson, readGrid } from "../../src/io/index.ts";
import { lineParts } from "../../src/resistance/geometry.ts";
import { frameOf, traverseSegment } from "../../src/resistance/rasterize.ts";
import { rasterizeRoads } from "../../src/resistance/roads.ts";

const W = 120;
const H = 90;
const CELL = 50;
const X0 = 402000;
const Y0 = 4798000;
const TE = [String(X0), String(Y0 - H * CELL), String(X0 + W * CELL), String(Y0)];
// A bent highway in WGS 84 longitude/latitude, leaving the grid on the east side.
const LONLAT = [
  [127.7915, 43.2951],
  [127.8203, 43.3047],
  [127.8412, 43.3188],
  [127.8791, 43.3262],
];

function gdal(dir: string, widthHalf: number) {
  execFileSync("ogr2ogr", ["-f", "GPKG", "-nln", "road", "-t_srs", "EPSG:32652", join(dir, "l.gpkg"), join(dir, "l.geojson")]);
  const rast = (src: string, out: string, extra: string[]) => {
    execFileSync("gdal_rasterize", [
      "-q",
      ...extra,
      "-burn",
      "1",
      "-ot",
      "Byte",
      "-init",
      "0",
      "-a_srs",
      "EPSG:32652",
      "-te",
      ...TE,
      "-tr",
      String(CELL),
      String(CELL),
      join(dir, src),
      join(dir, out),
    ]);
  };
  rast("l.gpkg", "at.tif", ["-at"]);
  execFileSync("ogr2ogr", [
    "-f",
    "GPKG",
    "-nln",
    "buf",
    "-dialect",
    "sqlite",
    "-sql",
    `SELECT ST_Buffer(geom, ${widthHalf}) AS geom FROM road`,
    join(dir, "b.gpkg"),
    join(dir, "l.gpkg"),
  ]);
  rast("b.gpkg", "buf.tif", []);
  const xy = execFileSync("ogrinfo", ["-q", "-al", join(dir, "l.gpkg")], { encoding: "utf8" });
  return { xy };
}

describe.skipIf(!GDAL.available)("roads from EPSG:4326 onto a UTM 52N grid agree with GDAL", () => {
  const dir = mkdtempSync(join(tmpdir(), "crossway-rast-"));
  writeFileSync(
    join(dir, "l.geojson"),
    JSON.stringify({
      type: "FeatureCollection",
      features: [{ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: LONLAT } }],
    }),
  );
  const grid = makeGrid(W, H, new Float32Array(W * H).fill(1), { transform: [X0, CELL, 0, Y0, 0, -CELL], crs: crsFromEpsg(32652) });

  for (const width of [8, 150]) {
    it(`width ${width} m on ${CELL} m cells`, async () => {
      const { xy } = gdal(dir, width / 2);
      const fc = await readGeoJson(join(dir, "l.geojson"), grid.crs!);
      const line = lineParts(fc.features[0].geometry, "road");
      // Our reprojected vertices match PROJ's (via ogr2ogr) to well under a millimetre.
      const m = /LINESTRING \(([^)]+)\)/.exec(xy)!;
      const gv = m[1].split(",").map((p) => p.trim().split(/\s+/).map(Number));
      expect(gv.length).toBe(line[0].length);
      for (let i = 0; i < gv.length; i++) {
        expect(Math.abs(gv[i][0] - line[0][i][0])).toBeLessThan(1e-3);
        expect(Math.abs(gv[i][1] - line[0][i][1])).toBeLessThan(1e-3);
      }
      const at = (await readGrid(join(dir, "at.tif"))).data;
      const buf = (await readGrid(join(dir, "buf.tif"))).data;
      // 1. The centreline walk equals GDAL's all-touched line, cell for cell.
      const walk = new Uint8Array(W * H);
      const f = frameOf(grid);
      for (let s = 0; s + 1 < line[0].length; s++) {
        const [a, b] = [line[0][s], line[0][s + 1]];
        traverseSegment(f, a[0], a[1], b[0], b[1], (i) => {
          walk[i] = 1;
        });
      }
      let walkCells = 0;
      for (let i = 0; i < W * H; i++) {
        expect(walk[i], `cell ${i}`).toBe(at[i]);
        walkCells += walk[i];
      }
      expect(walkCells).toBeGreaterThan(100);
      // 2. The road mask: GDAL's all-touched line and GDAL's buffer, plus only thickening cells,
      //    apart from centres in the chord sliver of GDAL's buffer.
      const rr = rasterizeRoads(grid, [{ parts: line, width, resistance: 1000, label: "road" }]);
      const dist = (i: number) => {
        const cx = X0 + ((i % W) + 0.5) * CELL;
        const cy = Y0 - (Math.floor(i / W) + 0.5) * CELL;
        let best = Infinity;
        for (let s = 0; s + 1 < line[0].length; s++) {
          const [ax, ay] = line[0][s];
          const [bx, by] = line[0][s + 1];
          const vx = bx - ax;
          const vy = by - ay;
          const t = Math.max(0, Math.min(1, ((cx - ax) * vx + (cy - ay) * vy) / (vx * vx + vy * vy)));
          best = Math.min(best, Math.hypot(ax + t * vx - cx, ay + t * vy - cy));
        }
        return best;
      };
      const sliver = (width / 2) * (1 - Math.cos(Math.PI / 16)); // >= 8 segments per quarter circle
      let extra = 0;
      let bufCells = 0;
      for (let i = 0; i < W * H; i++) {
        if (at[i]) expect(rr.mask[i]).toBe(1);
        if (buf[i]) {
          bufCells++;
          expect(rr.mask[i], `buffer cell ${i}`).toBe(1);
        }
        if (rr.mask[i] && !at[i] && !buf[i]) {
          const d = dist(i);
          if (d > width / 2)
            extra++; // must be a thickening cell
          else expect(d).toBeGreaterThan(width / 2 - sliver); // in GDAL's chord sliver
        }
      }
      expect(extra).toBe(rr.thickened);
      if (width > CELL) expect(bufCells).toBeGreaterThan(walkCells * 2);
    });
  }
});
