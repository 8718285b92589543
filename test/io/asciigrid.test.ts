import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GDAL } from "../support/tools.ts";
import fc from "fast-check";
import { makeGrid } from "../../src/grid/grid.ts";
import { readAsciiGrid, writeAsciiGrid } from "../../src/io/asciigrid.ts";
import { CrosswayError } from "../../src/util/errors.ts";
import { expected, floatValue, fx, H, intValue, TRANSFORM_32652, W } from "./fixtures.ts";

const tmp = (): string => mkdtempSync(join(tmpdir(), "crossway-asc-"));

function sameValues(actual: ArrayLike<number>, want: ArrayLike<number>, rel = 0): void {
  expect(actual.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i])) expect(actual[i], `cell ${i}`).toBeNaN();
    else if (rel === 0) expect(actual[i], `cell ${i}`).toBe(want[i]);
    else expect(Math.abs(actual[i] - want[i]), `cell ${i}`).toBeLessThanOrEqual(rel * Math.abs(want[i]));
  }
}

describe("readAsciiGrid", () => {
  it("reads integer and float grids exactly, nodata as NaN", async () => {
    const g = await readAsciiGrid(fx("int.asc"));
    expect([g.width, g.height]).toEqual([W, H]);
    expect(g.transform).toEqual(TRANSFORM_32652);
    expect(g.nodata).toBe(255);
    expect(g.data).toBeInstanceOf(Float32Array);
    sameValues(g.data, expected(intValue));
    const f = await readAsciiGrid(fx("float.asc"), { float64: true });
    expect(f.data).toBeInstanceOf(Float64Array);
    sameValues(f.data, expected(floatValue));
    const f32 = await readAsciiGrid(fx("float.asc"));
    sameValues(f32.data, expected(floatValue).map(Math.fround));
  });

  it("reads .asc.gz and xllcenter/yllcenter with lower-case keys", async () => {
    const gz = await readAsciiGrid(fx("float.asc.gz"), { float64: true });
    sameValues(gz.data, expected(floatValue));
    const c = await readAsciiGrid(fx("int_center.asc"));
    expect(c.transform).toEqual(TRANSFORM_32652);
    sameValues(c.data, expected(intValue));
  });

  it("reads a grid larger than one read chunk (tokens split across chunks)", async () => {
    const d = tmp();
    const n = 400;
    const vals = Array.from({ length: n * n }, (_, i) => (i % 13 === 0 ? -9999 : Math.sin(i) * 1e3 * (i % 7)));
    const text = vals.map(String).join(" ");
    expect(text.length).toBeGreaterThan(2 ** 21);
    const p = join(d, "big.asc");
    writeFileSync(p, `ncols ${n}\nnrows ${n}\nxllcorner 0\nyllcorner 0\ncellsize 1\nnodata_value -9999\n${text}\n`);
    const g = await readAsciiGrid(p, { float64: true });
    sameValues(
      g.data,
      vals.map((v) => (v === -9999 ? NaN : Number(String(v)))),
    );
  });

  it("parses numbers as JavaScript does", async () => {
    const d = tmp();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 6, maxLength: 6 }),
        fc.constantFrom("%s", "e", "fixed"),
        async (vals, style) => {
          const txt = vals.map((v) => (style === "e" ? v.toExponential() : style === "fixed" ? v.toFixed(3) : String(v)));
          const p = join(d, "p.asc");
          writeFileSync(p, `NCOLS 3\nNROWS 2\nXLLCORNER 0\nYLLCORNER 0\nCELLSIZE 1\n${txt.join("\t")}\r\n`);
          const g = await readAsciiGrid(p, { float64: true });
          const want = txt.map(Number);
          for (let i = 0; i < 6; i++) expect(Object.is(g.data[i], want[i]) || g.data[i] === want[i]).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("accepts a UTF-8 byte-order mark, CRLF, tabs, inf and nan", async () => {
    const p = join(tmp(), "bom.asc");
    writeFileSync(p, "\uFEFFncols\t2\r\nnrows 2\r\nxllcorner 1\r\nyllcorner 2\r\ndx 3\r\ndy 4\r\n1e2\tinf\r\n-Infinity nan\r\n");
    const g = await readAsciiGrid(p);
    expect(Array.from(g.data)).toEqual([100, Infinity, -Infinity, NaN]);
    expect(g.transform).toEqual([1, 3, 0, 10, 0, -4]);
  });

  it.skipIf(!GDAL.available)("reads what GDAL writes (AAIGrid from a Float64 GeoTIFF)", async () => {
    const d = tmp();
    execFileSync("gdal_translate", ["-q", "-of", "AAIGrid", "-co", "SIGNIFICANT_DIGITS=17", fx("f64_lzw_tiled.tif"), join(d, "g.asc")]);
    const g = await readAsciiGrid(join(d, "g.asc"), { float64: true });
    sameValues(g.data, expected(floatValue), 1e-15);
    expect(g.crs?.epsg).toBe(32652); // from GDAL's .prj
  });

  it("names the file and line for bad input", async () => {
    const d = tmp();
    const cases: Array<[string, RegExp]> = [
      ["ncols 2\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2\n3\n", /too few values: found 3.*2 x 2 = 4/],
      ["ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2\n3\n", /line 7: too many values/],
      ["ncols 2\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 abc\n", /line 6: value 2: "abc" is not a number/],
      ["ncols 2\nnrows 1\nxllcorner 0\ncellsize 1\n1 2\n", /line 5: header has no "yllcorner"/],
      ["ncols 2\nnrows x\n", /line 2: header key "nrows": "x" is not a number/],
      ["ncols 2.5\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2\n", /line 1: header "ncols" must be a positive integer/],
      ["ncols 2\nnrowz 1\n", /line 2: unknown header key "nrowz"/],
      ["", /no values after the header/],
    ];
    for (const [text, re] of cases) {
      const p = join(d, "bad.asc");
      writeFileSync(p, text);
      const err = await readAsciiGrid(p).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CrosswayError);
      expect((err as Error).message).toContain(p);
      expect((err as Error).message).toMatch(re);
    }
    const missing = await readAsciiGrid(join(d, "nope.asc")).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CrosswayError);
    expect((missing as Error).message).toMatch(/nope\.asc: file not found/);
    writeFileSync(join(d, "bad.asc.gz"), "not gzip at all");
    const badgz = await readAsciiGrid(join(d, "bad.asc.gz")).catch((e: unknown) => e);
    expect(badgz).toBeInstanceOf(CrosswayError);
  });
});

describe("writeAsciiGrid", () => {
  it("round-trips Float64 values exactly, and Float32 values exactly as Float32", async () => {
    const d = tmp();
    const n = 7 * 5;
    const v64 = new Float64Array(n);
    for (let i = 0; i < n; i++) v64[i] = i === 4 ? NaN : Math.sin(i * 1.7) * 10 ** ((i % 11) - 5);
    const g64 = makeGrid(7, 5, v64, { transform: [100.5, 2.5, 0, 200, 0, -2.5], nodata: -1 });
    for (const name of ["a.asc", "a.asc.gz"]) {
      await writeAsciiGrid(join(d, name), g64);
      const back = await readAsciiGrid(join(d, name), { float64: true });
      sameValues(back.data, v64);
      expect(back.transform).toEqual(g64.transform);
      expect(back.nodata).toBe(-1);
    }
    const g32 = makeGrid(7, 5, Float32Array.from(v64), { transform: [0, 1, 0, 5, 0, -1] });
    await writeAsciiGrid(join(d, "b.asc"), g32);
    sameValues((await readAsciiGrid(join(d, "b.asc"))).data, g32.data);
    expect(readFileSync(join(d, "b.asc"), "utf8")).toMatch(/NODATA_value -9999/);
  });

  it.skipIf(!GDAL.available)("writes what GDAL reads: geotransform, nodata, values and EPSG from the .prj", async () => {
    const d = tmp();
    const g = await readAsciiGrid(fx("float.asc"), { float64: true });
    g.crs = { epsg: 32652 };
    await writeAsciiGrid(join(d, "out.asc"), g);
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", join(d, "out.asc")], { encoding: "utf8" }));
    expect(info.geoTransform).toEqual(TRANSFORM_32652);
    expect(info.bands[0].noDataValue).toBe(-9999);
    expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",32652\]\]$/);
    // GDAL reads an .asc as Float32 unless told otherwise; it must see our digits as the same doubles.
    const args = ["-q", "-oo", "DATATYPE=Float64", "-of", "AAIGrid", "-co", "SIGNIFICANT_DIGITS=17"];
    execFileSync("gdal_translate", [...args, join(d, "out.asc"), join(d, "gdal.asc")]);
    sameValues((await readAsciiGrid(join(d, "gdal.asc"), { float64: true })).data, expected(floatValue), 0);
  });

  it("leaves no partial file when writing fails", async () => {
    const d = tmp();
    const g = makeGrid(2, 1, new Float32Array([1, 2]), { transform: [0, 1, 0.5, 1, 0, -1] });
    await expect(writeAsciiGrid(join(d, "r.asc"), g)).rejects.toThrow(/rotated/);
    expect(readdirSync(d)).toEqual([]);
  });
});
