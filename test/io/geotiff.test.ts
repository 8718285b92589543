import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GDAL } from "../support/tools.ts";
import { makeGrid, type Grid } from "../../src/grid/grid.ts";
import { readAsciiGrid } from "../../src/io/asciigrid.ts";
import { readGeoTiff, writeGeoTiff } from "../../src/io/geotiff.ts";
import { CrosswayError } from "../../src/util/errors.ts";
import { expected, floatValue, fx, H, intValue, signedValue, TRANSFORM_32652, W } from "./fixtures.ts";

const tmp = (): string => mkdtempSync(join(tmpdir(), "crossway-tif-"));
const gdalinfo = (p: string): any => JSON.parse(execFileSync("gdalinfo", ["-json", p], { encoding: "utf8" }));

function sameValues(actual: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(actual.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i])) expect(actual[i], `cell ${i}`).toBeNaN();
    else expect(actual[i], `cell ${i}`).toBe(want[i]);
  }
}

describe("readGeoTiff reads what GDAL writes", () => {
  const f32 = (f: (r: number, c: number) => number) => expected(f).map(Math.fround);
  const cases: Array<[string, Float64Array, number]> = [
    ["byte_deflate.tif", expected(intValue), 255],
    ["uint16_lzw.tif", expected(intValue), 255],
    ["uint32_packbits.tif", expected(intValue), 255],
    ["int8_lzw.tif", expected(signedValue), -128],
    ["int16_none.tif", expected(signedValue), -9999],
    ["int32_tiled.tif", expected(signedValue), -9999],
    ["f32_deflate_pred3.tif", f32(floatValue), -9999],
    ["f64_lzw_tiled.tif", expected(floatValue), -9999],
  ];
  for (const [name, want, nodata] of cases) {
    it(`${name}: values, nodata, geotransform, EPSG`, async () => {
      const g = await readGeoTiff(fx(name), { float64: true });
      expect([g.width, g.height]).toEqual([W, H]);
      expect(g.data).toBeInstanceOf(Float64Array);
      sameValues(g.data, want);
      expect(g.nodata).toBe(nodata);
      expect(g.transform).toEqual(TRANSFORM_32652);
      expect(g.crs?.epsg).toBe(32652);
      expect(g.crs?.proj4).toMatch(/\+proj=utm \+zone=52 /);
    });
  }

  it("defaults to Float32", async () => {
    const g = await readGeoTiff(fx("f64_lzw_tiled.tif"));
    expect(g.data).toBeInstanceOf(Float32Array);
    sameValues(g.data, f32(floatValue));
  });

  it.skipIf(!GDAL.available)("PixelIsPoint, ModelTransformation and EPSG:4326 georeferencing match gdalinfo", async () => {
    for (const name of ["f32_point.tif", "f32_rotated.tif", "f32_4326.tif"]) {
      const g = await readGeoTiff(fx(name));
      const info = gdalinfo(fx(name));
      for (let k = 0; k < 6; k++) expect(g.transform[k]).toBeCloseTo(info.geoTransform[k], 9);
      sameValues(g.data, f32(floatValue));
    }
    // The point file's tie point is a cell centre: without GDAL's half-pixel shift the origin would be 500025.
    expect((await readGeoTiff(fx("f32_point.tif"))).transform).toEqual(TRANSFORM_32652);
    expect((await readGeoTiff(fx("f32_rotated.tif"))).transform).toEqual([500000, 40, 30, 4800000, 30, -40]);
    const geo = await readGeoTiff(fx("f32_4326.tif"));
    expect(geo.crs?.epsg).toBe(4326);
    expect(geo.transform[0]).toBe(130);
    expect(geo.transform[3]).toBe(43.5);
  });
});

describe("readGeoTiff reads what tifffile writes", () => {
  it("big-endian Float32 and Float64, little-endian UInt16, no georeferencing", async () => {
    // Written by tifffile (test/fixtures/io/tifffile/make.py), committed so that tests need no Python.
    const d = fx("tifffile");
    const want = Array.from({ length: 35 }, (_, i) => i * 1.5 - 3);
    for (const name of ["be32.tif", "be64.tif"]) {
      const g = await readGeoTiff(join(d, name), { float64: true });
      expect(Array.from(g.data)).toEqual(want);
      expect([g.width, g.height]).toEqual([7, 5]);
      expect(g.transform).toEqual([0, 1, 0, 5, 0, -1]);
      expect(g.crs).toBeNull();
    }
    expect(Array.from((await readGeoTiff(join(d, "le16.tif"))).data)).toEqual(want.map((v) => v * 2 + 6));
  });
});

describe("writeGeoTiff: GDAL reads what crossway writes", () => {
  async function roundTripThroughGdal(g: Grid, epsg: number): Promise<void> {
    const d = tmp();
    const p = join(d, "out.tif");
    await writeGeoTiff(p, g);
    const info = gdalinfo(p);
    expect(info.coordinateSystem.wkt).toMatch(new RegExp(`ID\\["EPSG",${epsg}\\]\\]$`));
    expect(info.geoTransform).toEqual(g.transform);
    expect(info.bands[0].noDataValue).toBe(g.nodata);
    expect(info.bands[0].type).toBe(g.data instanceof Float64Array ? "Float64" : "Float32");
    expect(info.metadata?.[""]?.AREA_OR_POINT ?? "Area").toBe("Area");
    expect(info.metadata?.IMAGE_STRUCTURE?.COMPRESSION).toBe("DEFLATE");
    expect(info.metadata?.IMAGE_STRUCTURE?.PREDICTOR).toBe("3");
    // GDAL's own reading of the values, printed with 17 digits.
    execFileSync("gdal_translate", ["-q", "-of", "AAIGrid", "-co", "SIGNIFICANT_DIGITS=17", p, join(d, "gdal.asc")]);
    const viaGdal = await readAsciiGrid(join(d, "gdal.asc"), { float64: true });
    sameValues(viaGdal.data, g.data);
    // And ours.
    const back = await readGeoTiff(p, { float64: g.data instanceof Float64Array });
    sameValues(back.data, g.data);
    expect(back.transform).toEqual(g.transform);
    expect(back.crs?.epsg).toBe(epsg);
    expect(readdirSync(d).filter((f) => f.includes(".tmp-"))).toEqual([]);
  }

  it.skipIf(!GDAL.available)("Float64 grid in EPSG:32652", async () => {
    const g = await readGeoTiff(fx("f64_lzw_tiled.tif"), { float64: true });
    await roundTripThroughGdal(g, 32652);
  });

  it.skipIf(!GDAL.available)("Float32 grid in EPSG:4326, many strips, another nodata value", async () => {
    const w = 301;
    const h = 257;
    const data = new Float32Array(w * h);
    for (let i = 0; i < data.length; i++) data[i] = i % 97 === 5 ? NaN : Math.cos(i * 0.37) * 1000;
    const g = makeGrid(w, h, data, { transform: [129.5, 0.001, 0, 43.7, 0, -0.001], crs: { epsg: 4326 }, nodata: -3.5 });
    await roundTripThroughGdal(g, 4326);
  });

  it.skipIf(!GDAL.available)("rotated grid is written as ModelTransformation", async () => {
    const g = await readGeoTiff(fx("f32_rotated.tif"));
    const d = tmp();
    await writeGeoTiff(join(d, "r.tif"), g);
    expect(gdalinfo(join(d, "r.tif")).geoTransform).toEqual([500000, 40, 30, 4800000, 30, -40]);
  });
});

describe("LZW decoding (our decoder replaces the package's)", () => {
  it.skipIf(!GDAL.available)("decodes large GDAL LZW files (full 12-bit dictionary, clear codes, horizontal predictor)", async () => {
    const d = tmp();
    const w = 257;
    const h = 211;
    const data = new Float64Array(w * h);
    let s = 99;
    for (let i = 0; i < data.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      data[i] = i % 3 === 0 ? (s >>> 16) % 65000 : Math.floor(i / 50) % 300; // noise and runs
    }
    const src = join(d, "src.tif");
    await writeGeoTiff(src, makeGrid(w, h, data, { transform: [0, 1, 0, h, 0, -1], crs: { epsg: 32652 }, nodata: 65535 }));
    for (const [ot, pred] of [
      ["UInt16", "2"],
      ["Float64", "1"],
      ["Int32", "2"],
      ["Float32", "3"],
    ]) {
      const out = join(d, `lzw_${ot}.tif`);
      execFileSync("gdal_translate", ["-q", "-ot", ot, "-co", "COMPRESS=LZW", "-co", `PREDICTOR=${pred}`, src, out]);
      const g = await readGeoTiff(out, { float64: true });
      sameValues(g.data, ot === "Float32" ? data.map(Math.fround) : data);
    }
  });

  it("turns corrupt compressed data into a CrosswayError, never a crash", async () => {
    const d = tmp();
    const p = join(d, "c.tif");
    for (const name of ["uint16_lzw.tif", "f64_lzw_tiled.tif", "byte_deflate.tif", "int8_lzw.tif"]) {
      const bytes = readFileSync(fx(name));
      for (let k = 0; k < 25; k++) {
        const c = Buffer.from(bytes);
        const at = Math.floor((c.length * k) / 25);
        for (let j = 0; j < 24 && at + j < c.length; j++) c[at + j] ^= 0xa5;
        writeFileSync(p, c);
        const e = await readGeoTiff(p).then(
          () => undefined,
          (x: unknown) => x,
        );
        if (e !== undefined) expect(e, `${name} corrupted at ${at}: ${String(e)}`).toBeInstanceOf(CrosswayError);
      }
    }
  });
});

describe("GeoTIFF bad input", () => {
  async function err(p: Promise<unknown>): Promise<Error> {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(CrosswayError);
    return e as Error;
  }

  it("missing file, truncated TIFF, not a TIFF, JPEG compression", async () => {
    const d = tmp();
    expect((await err(readGeoTiff(join(d, "none.tif")))).message).toMatch(/none\.tif: file not found/);
    const bytes = readFileSync(fx("uint32_packbits.tif"));
    for (const cut of [bytes.length - 200, 600, 100, 10]) {
      writeFileSync(join(d, "cut.tif"), bytes.subarray(0, cut));
      expect((await err(readGeoTiff(join(d, "cut.tif")))).message, `cut at ${cut}`).toMatch(/cut\.tif: (corrupt|truncated)/);
    }
    writeFileSync(join(d, "text.tif"), "hello, this is not a tiff");
    expect((await err(readGeoTiff(join(d, "text.tif")))).message).toMatch(/text\.tif: not a TIFF/);
    expect((await err(readGeoTiff(fx("byte_jpeg.tif")))).message).toMatch(/byte_jpeg\.tif: unsupported compression JPEG/);
  });

  it.skipIf(!GDAL.available)("64-bit integers (written by GDAL) are refused by name", async () => {
    const d = tmp();
    execFileSync("gdal_translate", ["-q", "-ot", "Int64", fx("signed.asc"), join(d, "i64.tif")]);
    expect((await err(readGeoTiff(join(d, "i64.tif")))).message).toMatch(/i64\.tif: unsupported sample type: 64-bit integers/);
  });

  it("refuses a CRS it cannot encode, leaving nothing behind", async () => {
    const d = tmp();
    const g = makeGrid(2, 2, new Float32Array(4), { crs: { proj4: "+proj=utm +zone=52 +datum=WGS84" } });
    expect((await err(writeGeoTiff(join(d, "x.tif"), g))).message).toMatch(/x\.tif: .*without an EPSG code/);
    expect(readdirSync(d)).toEqual([]);
  });
});
