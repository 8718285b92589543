/**
 * I/O speed on a 10-million-cell grid (3200 x 3125): write and read ESRI ASCII (.asc, .asc.gz) and
 * GeoTIFF, Float32 and Float64. Prints seconds per step. Files go to the OS temp folder.
 *   node --import tsx bench/io.ts [cells] [--quick]      (--quick: 1 M cells)
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeGrid } from "../src/grid/grid.ts";
import { readAsciiGrid, writeAsciiGrid } from "../src/io/asciigrid.ts";
import { crsFromEpsg } from "../src/grid/crs.ts";
import { readGeoTiff, writeGeoTiff } from "../src/io/geotiff.ts";

const positional = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const cells = process.argv.includes("--quick") ? 1_000_000 : Number(positional[0] ?? 10_000_000);
if (!(cells > 0)) throw new Error(`bench/io.ts: the cell count must be a positive number, got ${positional[0]}`);
const width = 3200;
const height = Math.ceil(cells / width);
const dir = mkdtempSync(join(tmpdir(), "crossway-bench-io-"));

function landscape(ArrayType: Float32ArrayConstructor | Float64ArrayConstructor) {
  const data = new ArrayType(width * height);
  // Smooth values with some noise and nodata, like a resistance surface.
  let s = 12345;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const i = r * width + c;
      data[i] = (s & 1023) === 0 ? NaN : 1 + 50 * (1 + Math.sin(c / 97) * Math.cos(r / 61)) + (s >>> 22) / 1024;
    }
  }
  return makeGrid(width, height, data, { transform: [400000, 30, 0, 4900000, 0, -30], crs: crsFromEpsg(32652) });
}

async function time(label: string, f: () => Promise<unknown>, file?: string): Promise<void> {
  const t0 = performance.now();
  await f();
  const s = (performance.now() - t0) / 1000;
  const size = file ? ` (${(statSync(file).size / 1e6).toFixed(1)} MB)` : "";
  console.log(`${label.padEnd(34)} ${s.toFixed(2)} s${size}`);
}

console.log(`crossway io bench: ${width} x ${height} = ${((width * height) / 1e6).toFixed(1)} M cells`);
try {
  for (const [name, T] of [
    ["Float32", Float32Array],
    ["Float64", Float64Array],
  ] as const) {
    const g = landscape(T);
    const f64 = T === Float64Array;
    const asc = join(dir, `g${name}.asc`);
    const gz = join(dir, `g${name}.asc.gz`);
    const tif = join(dir, `g${name}.tif`);
    await time(`write .asc ${name}`, () => writeAsciiGrid(asc, g), asc);
    await time(`read  .asc ${name}`, () => readAsciiGrid(asc, { float64: f64 }));
    if (f64) {
      await time(`write .asc.gz ${name}`, () => writeAsciiGrid(gz, g), gz);
      await time(`read  .asc.gz ${name}`, () => readAsciiGrid(gz, { float64: f64 }));
    }
    await time(`write GeoTIFF ${name} (deflate)`, () => writeGeoTiff(tif, g), tif);
    await time(`read  GeoTIFF ${name}`, () => readGeoTiff(tif, { float64: f64 }));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
