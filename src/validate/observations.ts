/**
 * Field observations for validation: GeoJSON points in any CRS (reprojected to the grid's), each with a
 * `kind` (crossing: a track or collar fix crossing the road; road_kill: a carcass; camera_structure: a
 * camera at a structure recording use), an optional `count` (default 1) and `date`. Each is snapped to
 * the highway's chainage; a point farther than maxDistance from the centreline, or off the grid, is
 * reported and not used, never silently moved.
 */
import type { Feature } from "geojson";
import { nearest } from "../geometry/polyline.ts";
import { readGeoJson } from "../io/index.ts";
import type { Study } from "../scenario/study.ts";
import { CrosswayError } from "../util/errors.ts";

export const OBSERVATION_KINDS = ["crossing", "road_kill", "camera_structure"] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

export interface Observation {
  index: number;
  kind: ObservationKind;
  count: number;
  date?: string;
  x: number;
  y: number;
  chainage_m: number;
  distance_m: number;
  /** Why it is not used ("" when used). */
  excluded: string;
}

export async function readObservations(file: string, study: Study, maxDistance: number): Promise<Observation[]> {
  const crs = study.landscape.template.crs;
  if (!crs) throw new CrosswayError("the landscape grid has no CRS, so the observations cannot be placed on it", { file });
  const fc = await readGeoJson(file, crs);
  const t = study.landscape.template.transform;
  const [W, H] = [study.landscape.template.width, study.landscape.template.height];
  const out: Observation[] = [];
  fc.features.forEach((f: Feature, i) => {
    const where = `features[${i}]`;
    if (!f.geometry || f.geometry.type !== "Point")
      throw new CrosswayError(`${where}: expected a Point geometry, found ${f.geometry?.type ?? "none"}`, { file, field: where });
    const props = f.properties ?? {};
    const kind = props.kind;
    if (!OBSERVATION_KINDS.includes(kind))
      throw new CrosswayError(`${where}.properties.kind: expected one of ${OBSERVATION_KINDS.join(", ")}, found ${JSON.stringify(kind)}`, {
        file,
        field: `${where}.properties.kind`,
      });
    const count = props.count === undefined || props.count === null ? 1 : Number(props.count);
    if (!Number.isInteger(count) || count < 1)
      throw new CrosswayError(`${where}.properties.count: expected a whole number >= 1, found ${JSON.stringify(props.count)}`, {
        file,
        field: `${where}.properties.count`,
      });
    const [x, y] = f.geometry.coordinates;
    const col = (x - t[0]) / t[1];
    const row = (y - t[3]) / t[5];
    const p = nearest(study.landscape.line, x, y);
    let excluded = "";
    if (!(col >= 0 && row >= 0 && col < W && row < H)) excluded = "outside the grid";
    else if (p.dist > maxDistance) excluded = `${Math.round(p.dist)} m from the highway, more than ${maxDistance} m`;
    out.push({
      index: i,
      kind: kind as ObservationKind,
      count,
      ...(props.date !== undefined ? { date: String(props.date) } : {}),
      x,
      y,
      chainage_m: p.chainage,
      distance_m: p.dist,
      excluded,
    });
  });
  return out;
}
