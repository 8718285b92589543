/**
 * GeoJSON in any CRS proj4 knows, reprojected on reading to the CRS the caller works in (a grid's).
 *
 * The CRS of a file is its legacy "crs" member when present ({"type":"name","properties":{"name":
 * "urn:ogc:def:crs:EPSG::32652"}} or "EPSG:32652"; also the older {"type":"EPSG","properties":{"code":n}}),
 * else WGS 84 longitude/latitude as RFC 7946 says.
 */
import type { Feature, FeatureCollection, Geometry, Position } from "geojson";
import type { Crs } from "../grid/grid.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { readTextFile } from "../util/read-input.ts";
import { CrosswayError } from "../util/errors.ts";
import { crsFromEpsg, makeTransformer, parseCrsName } from "../grid/crs.ts";

const GEOMETRY_TYPES = new Set(["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"]);

/** The CRS a parsed GeoJSON document declares (WGS 84 when it declares none). */
export function geoJsonCrs(doc: unknown, file?: string): Crs {
  const crs = (doc as { crs?: unknown } | null)?.crs;
  if (crs === undefined || crs === null) return crsFromEpsg(4326);
  const where = { file, field: "crs" };
  if (typeof crs === "string") return parseCrsName(crs, where);
  const c = crs as { type?: unknown; properties?: { name?: unknown; code?: unknown } };
  if (c.type === "name" && typeof c.properties?.name === "string") return parseCrsName(c.properties.name, where);
  if (c.type === "EPSG" && c.properties?.code !== undefined) return crsFromEpsg(Number(c.properties.code), where);
  throw new CrosswayError(
    `unrecognised crs member ${JSON.stringify(crs)} (expected {"type":"name","properties":{"name":"EPSG:<code>"}})`,
    where,
  );
}

type Tf = (x: number, y: number) => [number, number];

function mapPositions(coords: unknown, depth: number, tf: Tf, where: () => string, file: string): unknown {
  if (!Array.isArray(coords)) throw new CrosswayError(`${where()}: coordinates must be an array`, { file });
  if (depth === 0) {
    const [x, y, ...rest] = coords as number[];
    if (coords.length < 2 || typeof x !== "number" || typeof y !== "number" || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw new CrosswayError(`${where()}: a position must be [x, y] numbers, got ${JSON.stringify(coords)}`, { file });
    }
    const [tx, ty] = tf(x, y);
    if (!Number.isFinite(tx) || !Number.isFinite(ty)) {
      throw new CrosswayError(`${where()}: position [${x}, ${y}] cannot be reprojected (outside the CRS's area?)`, { file });
    }
    return [tx, ty, ...rest] as Position;
  }
  return coords.map((c) => mapPositions(c, depth - 1, tf, where, file));
}

const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

function mapGeometry(g: unknown, tf: Tf, where: () => string, file: string): Geometry | null {
  if (g === null) return null;
  const geom = g as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  if (typeof geom !== "object" || typeof geom.type !== "string" || !GEOMETRY_TYPES.has(geom.type)) {
    throw new CrosswayError(`${where()}: not a GeoJSON geometry (type ${JSON.stringify(geom?.type)})`, { file });
  }
  if (geom.type === "GeometryCollection") {
    if (!Array.isArray(geom.geometries)) throw new CrosswayError(`${where()}: GeometryCollection without geometries`, { file });
    return { type: "GeometryCollection", geometries: geom.geometries.map((x) => mapGeometry(x, tf, where, file)!) };
  }
  return { type: geom.type, coordinates: mapPositions(geom.coordinates, DEPTH[geom.type], tf, where, file) } as Geometry;
}

function featureLabel(f: unknown, i: number): string {
  const id = (f as { id?: unknown })?.id;
  const name = (f as { properties?: { name?: unknown } })?.properties?.name;
  return `feature ${i}${id !== undefined ? ` (id ${JSON.stringify(id)})` : ""}${typeof name === "string" ? ` ("${name}")` : ""}`;
}

/**
 * Read a GeoJSON file (FeatureCollection, Feature or bare geometry) as a FeatureCollection, with every
 * coordinate in `targetCrs` (default: the file's own CRS). Bad structure -> CrosswayError naming the feature.
 */
export async function readGeoJson(path: string, targetCrs?: Crs): Promise<FeatureCollection> {
  const text = readTextFile(path);
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CrosswayError(`not valid JSON (${(err as Error).message})`, { file: path, cause: err });
  }
  if (doc === null || typeof doc !== "object") throw new CrosswayError("not a GeoJSON object", { file: path });
  const source = geoJsonCrs(doc, path);
  const tf = targetCrs ? makeTransformer(source, targetCrs) : (x: number, y: number): [number, number] => [x, y];
  let features: unknown[];
  if (doc.type === "FeatureCollection") {
    if (!Array.isArray(doc.features)) throw new CrosswayError('FeatureCollection has no "features" array', { file: path });
    features = doc.features;
  } else if (doc.type === "Feature") features = [doc];
  else if (GEOMETRY_TYPES.has(doc.type)) features = [{ type: "Feature", properties: {}, geometry: doc }];
  else
    throw new CrosswayError(`not GeoJSON: type ${JSON.stringify(doc.type)} (expected FeatureCollection, Feature or a geometry)`, {
      file: path,
    });
  const out: Feature[] = features.map((f, i) => {
    const feat = f as { type?: unknown; id?: string | number; properties?: unknown; geometry?: unknown };
    const where = (): string => featureLabel(f, i);
    if (feat === null || typeof feat !== "object" || feat.type !== "Feature") {
      throw new CrosswayError(`${where()}: expected an object with "type": "Feature"`, { file: path });
    }
    if (!("geometry" in feat)) throw new CrosswayError(`${where()}: has no "geometry"`, { file: path });
    const res: Feature = {
      type: "Feature",
      properties: (feat.properties ?? {}) as Feature["properties"],
      geometry: mapGeometry(feat.geometry, tf, where, path) as Geometry,
    };
    if (feat.id !== undefined) res.id = feat.id;
    return res;
  });
  return { type: "FeatureCollection", features: out };
}

/** Write a FeatureCollection atomically. With a CRS other than WGS 84, a "crs" member names its EPSG code. */
export async function writeGeoJson(path: string, fc: FeatureCollection, crs?: Crs | null): Promise<void> {
  const doc: Record<string, unknown> = { type: "FeatureCollection" };
  if (crs && crs.epsg !== 4326) {
    if (crs.epsg === undefined) {
      throw new CrosswayError("cannot name a CRS without an EPSG code in GeoJSON", { file: path, field: "crs" });
    }
    doc.crs = { type: "name", properties: { name: `urn:ogc:def:crs:EPSG::${crs.epsg}` } };
  }
  doc.features = fc.features;
  await writeFileAtomic(path, JSON.stringify(doc) + "\n");
}
