/**
 * Reading the scenario's input files: grids (GeoTIFF / ESRI ASCII) and GeoJSON features brought
 * into the grid's CRS. Paths in a scenario file are relative to the file's folder.
 */
import { readFileSync } from "node:fs";
import type { Feature, FeatureCollection, Geometry, Position } from "geojson";
import type { Crs, Grid } from "../grid/grid.ts";
import { readAsciiGrid } from "../io/asciigrid.ts";
import { crsLabel, makeTransformer, parseCrsName } from "../io/crs.ts";
import { readGeoTiff } from "../io/geotiff.ts";
import { CrosswayError } from "../util/errors.ts";

export async function readGrid(path: string): Promise<Grid> {
  const lower = path.toLowerCase();
  if (lower.endsWith(".asc") || lower.endsWith(".asc.gz")) return readAsciiGrid(path, { float64: true });
  if (lower.endsWith(".tif") || lower.endsWith(".tiff")) return readGeoTiff(path, { float64: true });
  throw new CrosswayError("unknown grid format (expected .tif, .tiff, .asc or .asc.gz)", { file: path });
}

/** Same size, geotransform and CRS as the template, or an error naming both files. */
export function checkAligned(g: Grid, gFile: string, template: Grid, tFile: string): void {
  const tol = 1e-6 * Math.abs(template.transform[1]);
  const diffs: string[] = [];
  if (g.width !== template.width || g.height !== template.height) diffs.push(`size ${g.width} x ${g.height} vs ${template.width} x ${template.height}`);
  if (g.transform.some((v, k) => Math.abs(v - template.transform[k]) > tol)) diffs.push(`geotransform [${g.transform.join(", ")}] vs [${template.transform.join(", ")}]`);
  if (g.crs?.epsg !== undefined && template.crs?.epsg !== undefined && g.crs.epsg !== template.crs.epsg) diffs.push(`${crsLabel(g.crs)} vs ${crsLabel(template.crs)}`);
  if (diffs.length) throw new CrosswayError(`does not align with ${tFile}: ${diffs.join("; ")}`, { file: gFile });
}

export interface Features {
  features: Feature[];
  /** Apply to every position: file CRS -> grid CRS. */
  toGrid: (p: Position) => [number, number];
}

/** A GeoJSON file's features and a transform into the grid's CRS. A legacy "crs" member is honoured;
 *  without one the coordinates are WGS 84 longitude/latitude (RFC 7946). */
export function readFeatures(path: string, gridCrs: Crs | null): Features {
  let doc: FeatureCollection | Feature;
  try {
    doc = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new CrosswayError(`cannot read GeoJSON (${(err as Error).message})`, { file: path, cause: err });
  }
  const features = doc.type === "FeatureCollection" ? doc.features : doc.type === "Feature" ? [doc] : null;
  if (!features) throw new CrosswayError(`expected a GeoJSON FeatureCollection or Feature, got type ${JSON.stringify((doc as { type?: unknown }).type)}`, { file: path });
  const name = (doc as { crs?: { properties?: { name?: string } } }).crs?.properties?.name;
  const fileCrs = name ? parseCrsName(name, { file: path, field: "crs" }) : parseCrsName("EPSG:4326");
  if (!gridCrs) {
    if (name) return { features, toGrid: (p) => [p[0], p[1]] }; // grid without CRS: trust the file's numbers
    throw new CrosswayError("the grid has no CRS, so longitude/latitude GeoJSON cannot be placed on it; give the GeoJSON a crs member", { file: path });
  }
  const tf = makeTransformer(fileCrs, gridCrs);
  return { features, toGrid: (p) => tf(p[0], p[1]) };
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
