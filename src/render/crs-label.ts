/** A human-readable CRS line for map footers: "EPSG:32652 - WGS 84 / UTM zone 52N". */
import type { Crs } from "../grid/grid.ts";

const NAMES: Record<number, string> = {
  4326: "WGS 84 (longitude / latitude)",
  3857: "WGS 84 / Pseudo-Mercator",
  4269: "NAD83 (longitude / latitude)",
};

export function crsLabel(crs: Crs | null | undefined): string {
  if (!crs) return "CRS unknown";
  const e = crs.epsg;
  if (e !== undefined) {
    let name = NAMES[e];
    if (!name && e >= 32601 && e <= 32660) name = `WGS 84 / UTM zone ${e - 32600}N`;
    if (!name && e >= 32701 && e <= 32760) name = `WGS 84 / UTM zone ${e - 32700}S`;
    return name ? `EPSG:${e} - ${name}` : `EPSG:${e}`;
  }
  return crs.proj4 ? crs.proj4 : "CRS unknown";
}
