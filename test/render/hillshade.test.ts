import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GDAL } from "../support/tools.ts";
import { makeGrid } from "../../src/grid/grid.ts";
import { readGeoTiff, writeGeoTiff } from "../../src/io/geotiff.ts";
import { hillshade } from "../../src/render/hillshade.ts";

const dir = mkdtempSync(join(tmpdir(), "crossway-hs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("hillshade (Horn, azimuth 315, altitude 45)", () => {
  it("flat ground gets cos(45 deg) everywhere", () => {
    const g = makeGrid(5, 4, new Float32Array(20).fill(120), { transform: [0, 30, 0, 120, 0, -30] });
    for (const v of hillshade(g)) expect(v).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it("a plane matches the closed form: lit slopes facing north-west, dark facing south-east", () => {
    // z rises to the east by a per metre: the slope faces west. Horn's dz/dx is exactly a.
    const a = 0.5;
    const w = 8;
    const h = 6;
    const cs = 10;
    const data = new Float64Array(w * h);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) data[r * w + c] = a * c * cs;
    const hs = hillshade(makeGrid(w, h, data, { transform: [0, cs, 0, h * cs, 0, -cs] }));
    const slope = Math.atan(a);
    const aspect = Math.PI; // atan2(0, -a)
    const expected =
      Math.cos(Math.PI / 4) * Math.cos(slope) + Math.sin(Math.PI / 4) * Math.sin(slope) * Math.cos((3 * Math.PI) / 4 - aspect);
    expect(hs[2 * w + 3]).toBeCloseTo(expected, 6);
    expect(expected).toBeGreaterThan(Math.SQRT1_2); // west-facing, lit from the north-west: brighter than flat
    // Rising to the west instead: faces east, away from the light: darker than flat.
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) data[r * w + c] = -a * c * cs;
    const hs2 = hillshade(makeGrid(w, h, data, { transform: [0, cs, 0, h * cs, 0, -cs] }));
    expect(hs2[2 * w + 3]).toBeLessThan(Math.SQRT1_2);
  });

  it("nodata cells stay NaN and their neighbours are still shaded", () => {
    const d = new Float32Array(9).fill(5);
    d[4] = NaN;
    const hs = hillshade(makeGrid(3, 3, d, { transform: [0, 1, 0, 3, 0, -1] }));
    expect(hs[4]).toBeNaN();
    expect(hs[0]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it.skipIf(!GDAL.available)("agrees with gdaldem hillshade on a rough surface (interior cells)", async () => {
    const w = 40;
    const h = 30;
    const data = new Float32Array(w * h);
    for (let r = 0; r < h; r++)
      for (let c = 0; c < w; c++) data[r * w + c] = 200 + 80 * Math.sin(c / 4) * Math.cos(r / 5) + 30 * Math.sin((c * r) / 37);
    const dem = makeGrid(w, h, data, { transform: [500000, 50, 0, 4800000, 0, -50], crs: { epsg: 32652 } });
    const src = join(dir, "dem.tif");
    const out = join(dir, "hs.tif");
    await writeGeoTiff(src, dem);
    execFileSync("gdaldem", ["hillshade", "-q", "-alg", "Horn", "-az", "315", "-alt", "45", src, out]);
    const ref = await readGeoTiff(out);
    const ours = hillshade(dem);
    let worst = 0;
    for (let r = 1; r < h - 1; r++) {
      for (let c = 1; c < w - 1; c++) {
        // gdaldem writes bytes 1 + 254 * shade (0 is its nodata).
        const g = ref.data[r * w + c];
        worst = Math.max(worst, Math.abs(1 + 254 * ours[r * w + c] - g));
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
  });
});
