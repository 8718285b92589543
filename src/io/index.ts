/**
 * Grid I/O by file extension: .tif/.tiff (GeoTIFF), .asc and .asc.gz (ESRI ASCII grid).
 */
import type { Grid } from "../grid/grid.ts";
import { CrosswayError } from "../util/errors.ts";
import { readAsciiGrid, writeAsciiGrid } from "./asciigrid.ts";
import { readGeoTiff, writeGeoTiff } from "./geotiff.ts";

export { readAsciiGrid, writeAsciiGrid, readPrjEpsg, prjPathFor } from "./asciigrid.ts";
export type { ReadAsciiOptions, WriteAsciiOptions } from "./asciigrid.ts";
export { readGeoTiff, writeGeoTiff } from "./geotiff.ts";
export type { ReadGeoTiffOptions, WriteGeoTiffOptions } from "./geotiff.ts";
export { crsFromEpsg, proj4Def, sameCrs, makeTransformer, parseCrsName, crsLabel, epsgDef, epsgFromWkt, wktForEpsg } from "../grid/crs.ts";
export { readGeoJson, writeGeoJson } from "./geojson.ts";

export type GridFormat = "geotiff" | "ascii";

/** Which format a path's extension names, or a CrosswayError for an unknown one. */
export function gridFormat(path: string): GridFormat {
  const p = path.toLowerCase();
  if (p.endsWith(".tif") || p.endsWith(".tiff")) return "geotiff";
  if (p.endsWith(".asc") || p.endsWith(".asc.gz")) return "ascii";
  throw new CrosswayError("unknown grid format: expected a .tif, .tiff, .asc or .asc.gz file", { file: path });
}

/** Read a grid, choosing the reader by extension. Float32 unless opts.float64. */
export async function readGrid(path: string, opts: { float64?: boolean } = {}): Promise<Grid> {
  return gridFormat(path) === "geotiff" ? readGeoTiff(path, opts) : readAsciiGrid(path, opts);
}

/** Write a grid atomically, choosing the writer by extension. */
export async function writeGrid(path: string, grid: Grid): Promise<void> {
  return gridFormat(path) === "geotiff" ? writeGeoTiff(path, grid) : writeAsciiGrid(path, grid);
}
