/**
 * Grid file access for the Circuitscape runner: .asc / .asc.gz through the ASCII reader, .tif / .tiff
 * (and Circuitscape's gzipped .tif.gz) through the GeoTIFF reader of src/io.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Grid } from "../grid/grid.ts";
import { readAsciiGrid, writeAsciiGrid } from "../io/asciigrid.ts";
import { readGeoTiff, writeGeoTiff } from "../io/geotiff.ts";
import { CrosswayError } from "../util/errors.ts";

export function isTiff(path: string): boolean {
  return /\.tiff?(\.gz)?$/i.test(path);
}

/**
 * A grid as Circuitscape reads it: besides the file's own nodata value, -9999 is nodata too, also in a
 * file whose header has no NODATA_value line (Circuitscape's own sgVerify10 habitat is one): in a
 * habitat it is no cell, in a ground grid no ground, in a point, polygon or mask grid no label.
 */
export async function readGridFile(path: string, opts: ReadGridOptions = {}): Promise<Grid> {
  const g = await readGridFileAsStored(path, opts);
  const d = g.data;
  for (let i = 0; i < d.length; i++) if (d[i] === -9999) d[i] = NaN;
  return g;
}

export interface ReadGridOptions {
  /** ASCII grids: `nan` counts the cells written as NaN (in a GeoTIFF NaN is the usual nodata value). */
  counts?: { nan: number };
}

async function readGridFileAsStored(path: string, opts: ReadGridOptions): Promise<Grid> {
  if (/\.asc(\.gz)?$/i.test(path) || !isTiff(path)) return readAsciiGrid(path, { float64: true, counts: opts.counts });
  if (/\.gz$/i.test(path)) {
    const dir = mkdtempSync(join(tmpdir(), "crossway-tifgz-"));
    try {
      let bytes: Buffer;
      try {
        bytes = gunzipSync(readFileSync(path));
      } catch (err) {
        throw new CrosswayError(`cannot decompress: ${(err as Error).message}`, { file: path, cause: err });
      }
      const tmp = join(dir, "grid.tif");
      writeFileSync(tmp, bytes);
      return await readGeoTiff(tmp, { float64: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return readGeoTiff(path, { float64: true });
}

export async function writeAscFile(path: string, grid: Grid): Promise<void> {
  await writeAsciiGrid(path, grid, { prj: false });
}

export async function writeTiffFile(path: string, grid: Grid): Promise<void> {
  await writeGeoTiff(path, grid);
}
