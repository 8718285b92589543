import type { Feature, FeatureCollection, LineString } from "geojson";
import type { Grid } from "../grid/grid.ts";
import type { PairLinkage } from "./analysis.ts";
import { pathCoordinates } from "./path.ts";

/** Tables never show Infinity or NaN: an unreachable pair is written as -1, as Circuitscape does. */
function num(v: number): string {
  return v < Infinity ? String(v) : "-1";
}

/**
 * Circuitscape's _resistances.out layout: first row "0" then the ids, then one row per id starting with the
 * id; 0 on the diagonal, -1 where no path exists. Values keep full double precision (shortest round-trip).
 */
export function formatCostDistances(ids: number[], distance: Float64Array): string {
  const k = ids.length;
  const lines = [["0", ...ids.map(String)].join(" ")];
  for (let a = 0; a < k; a++) {
    const row = [String(ids[a])];
    for (let b = 0; b < k; b++) row.push(a === b ? "0" : num(distance[a * k + b]));
    lines.push(row.join(" "));
  }
  return lines.join("\n") + "\n";
}

export const LINKAGE_COLUMNS = [
  "from_id",
  "to_id",
  "connected",
  "cwd",
  "lcp_length",
  "cwd_to_path_length_ratio",
  "euclidean_distance",
  "cwd_to_euclidean_ratio",
] as const;

/** One row per pair; metrics of a pair with no path are -1 (connected = false). */
export function formatLinkagesCsv(linkages: PairLinkage[]): string {
  const lines = [LINKAGE_COLUMNS.join(",")];
  for (const l of linkages) {
    const ok = l.path !== null;
    lines.push(
      [l.from, l.to, ok, num(l.cwd), num(l.pathLength), num(l.cwdToPathLength), String(l.euclidean), num(l.cwdToEuclidean)].join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * Least-cost paths as GeoJSON LineStrings through cell centres, in the grid's map coordinates (its CRS;
 * io/geojson.ts writeGeoJson names a projected CRS in the legacy `crs` member that GDAL and QGIS read).
 */
export function pathsFeatureCollection(grid: Grid, linkages: PairLinkage[]): FeatureCollection<LineString> {
  const features: Feature<LineString>[] = [];
  for (const l of linkages) {
    if (!l.path) continue;
    features.push({
      type: "Feature",
      properties: { from_id: l.from, to_id: l.to, cost: l.cwd, length: l.pathLength, cells: l.path.cells.length },
      geometry: { type: "LineString", coordinates: pathCoordinates(grid, l.path.cells) },
    });
  }
  return { type: "FeatureCollection", features };
}
