/**
 * Small GeoJSON helpers shared by roads, fences and crossings: pulling line parts out of
 * features and naming a feature in messages (by its id, else its index).
 */
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { CrosswayError } from "../util/errors.ts";

export type XY = [number, number];

/** "feature 3 (id "A-189")" or "feature 3". */
export function featureLabel(f: Feature | undefined, index: number): string {
  const id =
    f?.id ??
    (f?.properties as Record<string, unknown> | null | undefined)?.id ??
    (f?.properties as Record<string, unknown> | null | undefined)?.name;
  return id === undefined || id === null ? `feature ${index}` : `feature ${index} (id ${JSON.stringify(id)})`;
}

/** The features of a collection; a single Feature is a collection of one. */
export function featuresOf(doc: FeatureCollection | Feature, file?: string): Feature[] {
  if (doc && doc.type === "FeatureCollection" && Array.isArray(doc.features)) return doc.features;
  if (doc && doc.type === "Feature") return [doc];
  throw new CrosswayError("expected a GeoJSON FeatureCollection or Feature", { file });
}

/** Line parts (each >= 2 vertices) of a LineString / MultiLineString geometry. */
export function lineParts(g: Geometry | null, label: string, file?: string): XY[][] {
  if (!g) throw new CrosswayError(`${label} has no geometry`, { file });
  if (g.type === "LineString") return [checkLine(g.coordinates, label, file)];
  if (g.type === "MultiLineString") return g.coordinates.map((c) => checkLine(c, label, file));
  if (g.type === "GeometryCollection") return g.geometries.flatMap((gg) => lineParts(gg, label, file));
  throw new CrosswayError(`${label} is a ${g.type}; expected a LineString or MultiLineString`, { file });
}

function checkLine(coords: number[][], label: string, file?: string): XY[] {
  if (coords.length < 2) throw new CrosswayError(`${label} has a line with fewer than 2 vertices`, { file });
  return coords.map((c) => {
    if (!Number.isFinite(c[0]) || !Number.isFinite(c[1])) {
      throw new CrosswayError(`${label} has a non-numeric coordinate ${JSON.stringify(c)}`, { file });
    }
    return [c[0], c[1]];
  });
}
