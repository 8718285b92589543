/** lon/lat (EPSG:4326) <-> EPSG:32652 map coordinates, through crossway's own CRS helpers. */
import { crsFromEpsg, makeTransformer } from "../../src/grid/crs.ts";

export interface Projector {
  toMap(lon: number, lat: number): [number, number];
  toLonLat(x: number, y: number): [number, number];
}

export function utm52n(): Projector {
  const wgs84 = crsFromEpsg(4326);
  const utm = crsFromEpsg(32652);
  return { toMap: makeTransformer(wgs84, utm), toLonLat: makeTransformer(utm, wgs84) };
}
