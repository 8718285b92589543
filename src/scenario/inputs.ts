/**
 * Reading the scenario's input files: grids (GeoTIFF / ESRI ASCII) and GeoJSON features brought
 * into the grid's CRS. Paths in a scenario file are relative to the file's folder.
 */
import type { Feature, Geometry, Position } from "geojson";
import { assertAligned } from "../grid/align.ts";
import type { Crs, Grid } from "../grid/grid.ts";
import { readGeoJson, readGrid as readAnyGrid } from "../io/index.ts";
import { CrosswayError } from "../util/errors.ts";

/** A grid in Float64 (the scenario engine burns structures into it and needs the precision). */
export function readGrid(path: string): Promise<Grid> {
  return readAnyGrid(path, { float64: true });
}

/** Same size, geotransform and CRS as the template, or an error naming both files. */
export function checkAligned(g: Grid, gFile: string, template: Grid, tFile: string): void {
  assertAligned(g, gFile, template, tFile);
}

export interface Features {
  features: Feature[];
  /** Position -> grid coordinates (the features are already reprojected: the identity). */
  toGrid: (p: Position) => [number, number];
}

/** A GeoJSON file's features reprojected into the grid's CRS. */
export async function readFeatures(path: string, gridCrs: Crs | null): Promise<Features> {
  if (!gridCrs) throw new CrosswayError("the landscape grid has no CRS, so GeoJSON cannot be placed on it", { file: path });
  const fc = await readGeoJson(path, gridCrs);
  return { features: fc.features, toGrid: (p) => [p[0], p[1]] };
}

/** LineString / MultiLineString parts of a geometry, in grid coordinates. */
export function lineParts(g: Geometry | null, toGrid: Features["toGrid"]): number[][][] {
  if (!g) return [];
  if (g.type === "LineString") return [g.coordinates.map(toGrid)];
  if (g.type === "MultiLineString") return g.coordinates.map((l) => l.map(toGrid));
  return [];
}

/** Representative point of a point or line geometry (for a line, its midpoint by vertex average). */
export function anchorPoint(g: Geometry, toGrid: Features["toGrid"]): [number, number] | null {
  if (g.type === "Point") return toGrid(g.coordinates);
  if (g.type === "LineString" || g.type === "MultiPoint") {
    const pts = g.coordinates.map(toGrid);
    return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
  }
  return null;
}
