import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GDAL } from "../support/tools.ts";
import { makeGrid } from "../../src/grid/grid.ts";
import { crsFromEpsg, epsgFromWkt, makeTransformer, parseCrsName, proj4Def, sameCrs, wktForEpsg } from "../../src/grid/crs.ts";
import { readGrid, writeGrid } from "../../src/io/index.ts";
import { CrosswayError } from "../../src/util/errors.ts";
import { fx } from "./fixtures.ts";

describe("crs", () => {
  it.skipIf(!GDAL.available)("knows WGS 84, Web Mercator, NAD83 and the UTM zones; matches GDAL's projection", () => {
    for (const code of [4326, 4269, 3857, 32601, 32652, 32660, 32701, 32760]) expect(crsFromEpsg(code).epsg).toBe(code);
    expect(proj4Def(crsFromEpsg(32752))).toMatch(/\+zone=52 \+south/);
    for (const code of [32652, 32752, 3857]) {
      const [x, y] = makeTransformer(crsFromEpsg(4326), crsFromEpsg(code))(131.5, -0.5 + (code === 32752 ? -10 : 43));
      const want = execFileSync("gdaltransform", ["-s_srs", "EPSG:4326", "-t_srs", `EPSG:${code}`, "-output_xy"], {
        input: `131.5 ${code === 32752 ? -10.5 : 42.5}\n`,
        encoding: "utf8",
      })
        .trim()
        .split(/\s+/)
        .map(Number);
      expect(x).toBeCloseTo(want[0], 3);
      expect(y).toBeCloseTo(want[1], 3);
    }
  });

  it.skipIf(!GDAL.available)("every built-in family projects a point in its area as GDAL does", () => {
    // [code, lon, lat] inside each system's area of use.
    const cases: Array<[number, number, number]> = [
      [4269, -100, 45],
      [4258, 10, 50],
      [4490, 116, 40],
      [4284, 131, 43.2],
      [3035, 10, 50],
      [25832, 9.5, 50],
      [25838, 45, 55],
      [26910, -123, 45],
      [28422, 131.2, 43.1],
      [28404, 21, 55],
      [28432, 189, 65],
    ];
    for (const [code, lon, lat] of cases) {
      const [x, y] = makeTransformer(crsFromEpsg(4326), crsFromEpsg(code))(lon, lat);
      const want = execFileSync("gdaltransform", ["-s_srs", "EPSG:4326", "-t_srs", `EPSG:${code}`, "-output_xy"], {
        input: `${lon} ${lat}\n`,
        encoding: "utf8",
        env: { ...process.env, OSR_DEFAULT_AXIS_MAPPING_STRATEGY: "TRADITIONAL_GIS_ORDER" },
      })
        .trim()
        .split(/\s+/)
        .map(Number);
      // Geographic systems agree to ~1e-8 degree, projected ones to a centimetre (datum shifts are 7-parameter in both).
      const tol = Math.abs(x) < 400 ? 1e-6 : 0.05;
      expect(Math.abs(x - want[0]), `EPSG:${code} x`).toBeLessThan(tol);
      expect(Math.abs(y - want[1]), `EPSG:${code} y`).toBeLessThan(tol);
    }
  });

  it("sameCrs compares codes, else definitions", () => {
    expect(sameCrs(crsFromEpsg(32652), { epsg: 32652 })).toBe(true);
    expect(sameCrs(crsFromEpsg(32652), crsFromEpsg(32653))).toBe(false);
    expect(
      sameCrs({ proj4: "+proj=utm +zone=52 +datum=WGS84 +units=m +no_defs" }, { proj4: "+datum=WGS84 +proj=utm +units=m +zone=52" }),
    ).toBe(true);
    expect(sameCrs(null, null)).toBe(true);
    expect(sameCrs(crsFromEpsg(4326), null)).toBe(false);
  });

  it("unknown CRS is a CrosswayError", () => {
    expect(() => crsFromEpsg(99999)).toThrow(CrosswayError);
    expect(() => crsFromEpsg(99999)).toThrow(/unknown CRS EPSG:99999/);
    expect(() => parseCrsName("OGC:WHATEVER")).toThrow(CrosswayError);
    expect(() => makeTransformer({ epsg: 123456 }, crsFromEpsg(4326))).toThrow(/unknown CRS EPSG:123456/);
  });

  it.skipIf(!GDAL.available)("reads the EPSG code of a WKT's root, and writes WKT that GDAL identifies", () => {
    const wkt = execFileSync("gdalsrsinfo", ["-o", "wkt1", "EPSG:32652"], { encoding: "utf8" });
    expect(epsgFromWkt(wkt)).toBe(32652);
    const esri = execFileSync("gdalsrsinfo", ["-o", "wkt_esri", "EPSG:32652"], { encoding: "utf8" });
    expect(epsgFromWkt(esri)).toBe(32652);
    expect(epsgFromWkt(execFileSync("gdalsrsinfo", ["-o", "wkt2", "EPSG:4326"], { encoding: "utf8" }))).toBe(4326);
    expect(epsgFromWkt('PROJCS["x",GEOGCS["y",AUTHORITY["EPSG","4326"]],UNIT["metre",1,AUTHORITY["EPSG","9001"]]]')).toBeUndefined();
    for (const code of [4326, 32652, 32752]) {
      const out = execFileSync("gdalsrsinfo", ["-e", "-o", "epsg", wktForEpsg(code)!], { encoding: "utf8" });
      expect(out).toContain(`EPSG:${code}`);
    }
  });
});

describe("readGrid / writeGrid", () => {
  it("dispatches by extension and round-trips through each format", async () => {
    const d = mkdtempSync(join(tmpdir(), "crossway-grid-"));
    const g = await readGrid(fx("f64_lzw_tiled.tif"), { float64: true });
    for (const name of ["a.tif", "a.TIFF", "a.asc", "a.asc.gz"]) {
      await writeGrid(join(d, name), g);
      const back = await readGrid(join(d, name), { float64: true });
      expect(Array.from(back.data)).toEqual(Array.from(g.data));
      expect(back.transform).toEqual(g.transform);
      expect(back.crs?.epsg).toBe(32652);
    }
    const asc = await readGrid(fx("int.asc"));
    expect(asc.data).toBeInstanceOf(Float32Array);
    const grid = makeGrid(1, 1, new Float32Array(1));
    await expect(writeGrid(join(d, "a.png"), grid)).rejects.toThrow(/a\.png: unknown grid format/);
    await expect(readGrid(join(d, "a.img"))).rejects.toBeInstanceOf(CrosswayError);
    expect(readdirSync(d).some((f) => f.includes(".tmp-") || f.endsWith(".png"))).toBe(false);
  });
});
