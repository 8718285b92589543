import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GDAL } from "../support/tools.ts";
import { makeGrid, type GeoTransform, type Grid } from "../../src/grid/grid.ts";
import { resampleTo } from "../../src/grid/resample.ts";
import { crsFromEpsg } from "../../src/grid/crs.ts";
import { readGeoTiff, writeGeoTiff } from "../../src/io/geotiff.ts";
import { CrosswayError } from "../../src/util/errors.ts";

const utm = crsFromEpsg(32652);
const tmp = (): string => mkdtempSync(join(tmpdir(), "crossway-resample-"));

function grid(w: number, h: number, t: GeoTransform, f: (c: number, r: number) => number, crs = utm): Grid<Float64Array> {
  const d = new Float64Array(w * h);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) d[r * w + c] = f(c, r);
  return makeGrid(w, h, d, { transform: t, crs });
}

describe("resampleTo", () => {
  it("onto itself is the identity, NaN kept", () => {
    const src = grid(7, 5, [0, 10, 0, 50, 0, -10], (c, r) => ((c * 3 + r) % 5 === 0 ? NaN : c * 100 + r));
    for (const m of ["nearest", "bilinear"] as const) {
      const out = resampleTo(src, src, m);
      expect(Array.from(out.data)).toEqual(Array.from(src.data));
    }
  });

  it("nearest on a grid shifted by whole cells is a shift; outside the source is NaN", () => {
    const src = grid(6, 4, [0, 10, 0, 40, 0, -10], (c, r) => c + 10 * r);
    const tpl = grid(6, 4, [20, 10, 0, 30, 0, -10], () => 0);
    const out = resampleTo(src, tpl, "nearest");
    for (let r = 0; r < 4; r++)
      for (let c = 0; c < 6; c++) {
        const sc = c + 2;
        const sr = r + 1;
        const v = out.data[r * 6 + c];
        if (sc < 6 && sr < 4) expect(v).toBe(sc + 10 * sr);
        else expect(v).toBeNaN();
      }
  });

  it("bilinear reproduces any plane exactly between cell centres", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 9.99, noNaN: true }),
        fc.double({ min: 0.01, max: 9.99, noNaN: true }),
        (a, b, ox, oy) => {
          const src = grid(8, 8, [0, 10, 0, 80, 0, -10], (c, r) => 3 + a * (c * 10 + 5) + b * (80 - r * 10 - 5));
          const tpl = grid(5, 5, [10 + ox, 7, 0, 70 - oy, 0, -7], () => 0);
          const out = resampleTo(src, tpl, "bilinear");
          for (let r = 0; r < 5; r++)
            for (let c = 0; c < 5; c++) {
              const x = 10 + ox + (c + 0.5) * 7;
              const y = 70 - oy - (r + 0.5) * 7;
              expect(out.data[r * 5 + c]).toBeCloseTo(3 + a * x + b * y, 9);
            }
        },
      ),
      { numRuns: 100 },
    );
  });

  it.skipIf(!GDAL.available)("agrees with gdalwarp: bilinear upsampling in one CRS, nearest across CRSs", async () => {
    const d = tmp();
    const src = grid(40, 30, [500000, 100, 0, 4800000, 0, -100], (c, r) => Math.sin(c / 4) * 50 + Math.cos(r / 3) * 30 + c * r * 0.1);
    const srcPath = join(d, "src.tif");
    await writeGeoTiff(srcPath, src);

    // Bilinear onto a finer grid inside the source (GDAL's plain 2x2 kernel when upsampling).
    execFileSync("gdalwarp", [
      "-q",
      "-r",
      "bilinear",
      "-te",
      "500300",
      "4797300",
      "503700",
      "4799700",
      "-tr",
      "40",
      "40",
      "-ot",
      "Float64",
      srcPath,
      join(d, "bil.tif"),
    ]);
    const gdalBil = await readGeoTiff(join(d, "bil.tif"), { float64: true });
    const ours = resampleTo(src, gdalBil, "bilinear");
    for (let i = 0; i < ours.data.length; i++) expect(ours.data[i]).toBeCloseTo(gdalBil.data[i], 6);

    // Nearest from UTM 52N into lon/lat, exact transformer (-et 0).
    execFileSync("gdalwarp", [
      "-q",
      "-r",
      "near",
      "-et",
      "0",
      "-t_srs",
      "EPSG:4326",
      "-te",
      "129.005",
      "43.315",
      "129.045",
      "43.34",
      "-ts",
      "40",
      "25",
      "-ot",
      "Float64",
      "-dstnodata",
      "-9999",
      srcPath,
      join(d, "geo.tif"),
    ]);
    const gdalGeo = await readGeoTiff(join(d, "geo.tif"), { float64: true });
    expect(gdalGeo.crs?.epsg).toBe(4326);
    const ours2 = resampleTo(src, gdalGeo, "nearest");
    let same = 0;
    let valued = 0;
    for (let i = 0; i < ours2.data.length; i++) {
      if (!Number.isNaN(gdalGeo.data[i])) valued++;
      if (Object.is(ours2.data[i], gdalGeo.data[i]) || ours2.data[i] === gdalGeo.data[i]) same++;
    }
    expect(valued).toBeGreaterThan(500);
    // Only cells whose centre falls within rounding of a source cell edge may pick the other neighbour.
    expect(same / ours2.data.length).toBeGreaterThan(0.995);
  });

  it("the approximate transformer stays within its error bound of exact projection", () => {
    // A lon/lat source covering the UTM template, wide enough that rows curve in the source.
    const src = grid(
      600,
      400,
      [128.4, 0.0025, 0, 43.9, 0, -0.0025],
      (c, r) => Math.sin(c / 9) * 10 + Math.cos(r / 7) * 5 + c * 0.01,
      crsFromEpsg(4326),
    );
    const tpl = grid(500, 300, [450000, 200, 0, 4850000, 0, -200], () => 0);
    const exact = resampleTo(src, tpl, "bilinear", { maxError: 0 });
    const approx = resampleTo(src, tpl, "bilinear");
    let valued = 0;
    let maxDiff = 0;
    for (let i = 0; i < exact.data.length; i++) {
      expect(Number.isNaN(approx.data[i])).toBe(Number.isNaN(exact.data[i]));
      if (Number.isNaN(exact.data[i])) continue;
      valued++;
      maxDiff = Math.max(maxDiff, Math.abs(approx.data[i] - exact.data[i]));
    }
    expect(valued).toBeGreaterThan(0.9 * exact.data.length);
    // Values change by at most ~1.2 per source cell here, and positions by at most 0.125 cells.
    expect(maxDiff).toBeLessThan(0.2);
    const near = resampleTo(src, tpl, "nearest");
    const nearExact = resampleTo(src, tpl, "nearest", { maxError: 0 });
    let same = 0;
    for (let i = 0; i < near.data.length; i++) if (Object.is(near.data[i], nearExact.data[i])) same++;
    expect(same / near.data.length).toBeGreaterThan(0.95);
  });

  it("rejects an unknown method", () => {
    const src = grid(2, 2, [0, 1, 0, 2, 0, -1], () => 1);
    expect(() => resampleTo(src, src, "cubic" as never)).toThrow(CrosswayError);
  });
});
