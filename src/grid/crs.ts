/**
 * Coordinate reference systems: EPSG codes to proj4 definitions, equality, and transformers.
 *
 * We carry definitions for the handful of systems crossway meets (WGS 84, Web Mercator, NAD83,
 * the WGS 84 UTM zones) and accept any code a caller has registered with proj4.defs(). Anything
 * else is an error rather than a guess: a wrong CRS silently misplaces every road and crossing.
 */
import { createRequire } from "node:module";
import type proj4Type from "proj4";
import type { Crs } from "./grid.ts";
import { CrosswayError } from "../util/errors.ts";

// proj4 (about 10 MB once loaded) is loaded on first use: most runs read and write grids in a CRS
// whose definition is in the table below and never reproject. require() gives the very module an
// `import proj4 from "proj4"` elsewhere gets (both resolve its CommonJS main), so codes registered
// with proj4.defs() by a caller are seen here.
const requireCjs = createRequire(import.meta.url);
let proj4Lib: typeof proj4Type | null = null;
/** The proj4 library, loaded on first use. */
export function proj4(): typeof proj4Type {
  return (proj4Lib ??= requireCjs("proj4") as typeof proj4Type);
}

// Pulkovo 1942 to WGS 84 (EPSG's transformation for Russia, as GDAL/PROJ apply it by default).
const PULKOVO = "+ellps=krass +towgs84=23.57,-140.95,-79.8,0,0.35,0.79,-0.22";

const FIXED: Record<number, string> = {
  4326: "+proj=longlat +datum=WGS84 +no_defs",
  4269: "+proj=longlat +datum=NAD83 +no_defs",
  4258: "+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs",
  4490: "+proj=longlat +ellps=GRS80 +no_defs",
  4284: `+proj=longlat ${PULKOVO} +no_defs`,
  3857: "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs",
  3035: "+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs",
};

/** The proj4 definition of an EPSG code, or undefined when we do not know it. */
export function epsgDef(code: number): string | undefined {
  if (FIXED[code]) return FIXED[code];
  if (code >= 32601 && code <= 32660) return `+proj=utm +zone=${code - 32600} +datum=WGS84 +units=m +no_defs`;
  if (code >= 32701 && code <= 32760) return `+proj=utm +zone=${code - 32700} +south +datum=WGS84 +units=m +no_defs`;
  // ETRS89 / UTM 28N-38N, NAD83 / UTM 1N-23N.
  if (code >= 25828 && code <= 25838) return `+proj=utm +zone=${code - 25800} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`;
  if (code >= 26901 && code <= 26923) return `+proj=utm +zone=${code - 26900} +datum=NAD83 +units=m +no_defs`;
  // Pulkovo 1942 / Gauss-Kruger 6-degree zones 4-32 (with the zone number in the false easting),
  // the grid of Russian topographic maps; zone 22 covers southwest Primorye.
  if (code >= 28404 && code <= 28432) {
    const zone = code - 28400;
    return `+proj=tmerc +lat_0=0 +lon_0=${zone * 6 - 3} +k=1 +x_0=${zone * 1000000 + 500000} +y_0=0 ${PULKOVO} +units=m +no_defs`;
  }
  // proj4 ships a few codes and callers may have registered more with proj4.defs().
  const known = proj4().defs(`EPSG:${code}`) as unknown;
  if (known) return `EPSG:${code}`;
  return undefined;
}

/** A Crs for an EPSG code, with its proj4 definition. Unknown code -> CrosswayError. */
export function crsFromEpsg(code: number, where: { file?: string; field?: string } = {}): Crs {
  if (!Number.isInteger(code) || code <= 0) {
    throw new CrosswayError(`EPSG code must be a positive integer, got ${code}`, where);
  }
  const def = epsgDef(code);
  if (def === undefined) {
    throw new CrosswayError(
      `unknown CRS EPSG:${code} (known: 4326, 4269, 4258, 4284, 4490, 3857, 3035, UTM 32601-32660 / 32701-32760 / 25828-25838 / 26901-26923, Pulkovo 1942 GK 28404-28432; or register it with proj4.defs)`,
      where,
    );
  }
  // For codes registered with proj4 the "definition" is the name proj4 resolves itself.
  return { epsg: code, proj4: def };
}

/** The proj4 definition to hand to proj4() for a Crs. */
export function proj4Def(crs: Crs, where: { file?: string; field?: string } = {}): string {
  if (crs.proj4) return crs.proj4;
  if (crs.epsg !== undefined) {
    const def = epsgDef(crs.epsg);
    if (def !== undefined) return def;
    throw new CrosswayError(`unknown CRS EPSG:${crs.epsg}`, where);
  }
  throw new CrosswayError("CRS has neither an EPSG code nor a proj4 definition", where);
}

/** Parse "EPSG:32652", "epsg:4326", "urn:ogc:def:crs:EPSG::32652", "urn:ogc:def:crs:OGC:1.3:CRS84" or a bare number. */
export function parseCrsName(name: string, where: { file?: string; field?: string } = {}): Crs {
  const s = name.trim();
  if (/^urn:ogc:def:crs:OGC:[\d.]*:CRS84$/i.test(s) || /^CRS84$/i.test(s)) return crsFromEpsg(4326, where);
  const m = /^(?:urn:ogc:def:crs:)?EPSG:(?:[\d.]*:)?(\d+)$/i.exec(s) ?? /^(\d+)$/.exec(s);
  if (m) return crsFromEpsg(Number(m[1]), where);
  if (s.startsWith("+proj=")) return { proj4: s };
  throw new CrosswayError(`unknown CRS "${name}" (expected EPSG:<code>, urn:ogc:def:crs:EPSG::<code> or a proj4 string)`, where);
}

function normDef(d: string): string {
  return d
    .trim()
    .split(/\s+/)
    .filter((t) => t !== "+no_defs" && t !== "+wktext" && t !== "+type=crs")
    .sort()
    .join(" ");
}

/** Same CRS? Equal EPSG codes, or (lacking codes on either side) equal proj4 definitions. null only equals null. */
export function sameCrs(a: Crs | null, b: Crs | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.epsg !== undefined && b.epsg !== undefined) return a.epsg === b.epsg;
  let da: string | undefined;
  let db: string | undefined;
  try {
    da = proj4Def(a);
    db = proj4Def(b);
  } catch {
    return false;
  }
  return normDef(da) === normDef(db);
}

/** A function taking (x, y) in `from` to (x, y) in `to`. Identity when the CRSs are the same. */
export function makeTransformer(from: Crs, to: Crs): (x: number, y: number) => [number, number] {
  if (sameCrs(from, to)) return (x, y) => [x, y];
  const conv = proj4()(proj4Def(from), proj4Def(to));
  return (x, y) => {
    const r = conv.forward([x, y]);
    return [r[0], r[1]];
  };
}

/** A short human label: "EPSG:32652" or the proj4 string. */
export function crsLabel(crs: Crs | null): string {
  if (crs === null) return "no CRS";
  if (crs.epsg !== undefined) return `EPSG:${crs.epsg}`;
  return crs.proj4 ?? "unknown CRS";
}

/**
 * The EPSG code a WKT (a .prj) states for itself: AUTHORITY["EPSG","n"] (WKT1) or ID["EPSG",n] (WKT2)
 * directly inside the root object - not one of a nested datum, unit or base CRS. ESRI .prj files carry
 * no authority; for them we recognise the WGS 84 geographic and UTM names only.
 */
export function epsgFromWkt(wkt: string): number | undefined {
  let depth = 0;
  let inQuote = false;
  let found: number | undefined;
  for (let i = 0; i < wkt.length; i++) {
    const ch = wkt[i];
    if (ch === '"') inQuote = !inQuote;
    if (inQuote) continue;
    if (ch === "[" || ch === "(") depth++;
    else if (ch === "]" || ch === ")") depth--;
    else if (depth === 1 && (ch === "A" || ch === "I")) {
      const m = /^(?:AUTHORITY|ID)\s*[[(]\s*"EPSG"\s*,\s*"?(\d+)"?/.exec(wkt.slice(i, i + 40));
      if (m && (i === 0 || /[,\s]/.test(wkt[i - 1]))) found = Number(m[1]);
    }
  }
  if (found !== undefined) return found;
  const utm = /^\s*PROJCS\s*\[\s*"WGS_(?:19)?84_UTM_Zone_(\d{1,2})([NS])"/i.exec(wkt);
  if (utm) return (utm[2].toUpperCase() === "N" ? 32600 : 32700) + Number(utm[1]);
  if (/^\s*GEOGCS\s*\[\s*"(?:GCS_)?WGS[_ ](?:19)?84"/i.test(wkt)) return 4326;
  return undefined;
}

const WGS84_GEOGCS =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],' +
  'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]';

/** WKT1 (with authority) for the codes we can describe without a database; undefined otherwise. */
export function wktForEpsg(code: number): string | undefined {
  if (code === 4326) return WGS84_GEOGCS;
  const north = code >= 32601 && code <= 32660;
  const south = code >= 32701 && code <= 32760;
  if (!north && !south) return undefined;
  const zone = code - (north ? 32600 : 32700);
  return (
    `PROJCS["WGS 84 / UTM zone ${zone}${north ? "N" : "S"}",${WGS84_GEOGCS},PROJECTION["Transverse_Mercator"],` +
    `PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",${zone * 6 - 183}],PARAMETER["scale_factor",0.9996],` +
    `PARAMETER["false_easting",500000],PARAMETER["false_northing",${north ? 0 : 10000000}],` +
    `UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","${code}"]]`
  );
}
