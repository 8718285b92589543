/**
 * A prepared landscape for one land (one parameter variant) as a blob: the land grid, the core ids,
 * the road band and crossing edges the coordinator computed, and the engine version that made them.
 * A worker decodes it once per hash into shared memory for its evaluation threads.
 */
import type { Grid } from "../grid/grid.ts";
import type { CrossingEdges } from "../scenario/crossing-edges.ts";
import type { Core, Landscape } from "../scenario/evaluate.ts";
import { makePolyline } from "../geometry/polyline.ts";
import type { RoadBand } from "../scenario/road.ts";
import type { Study } from "../scenario/study.ts";
import { decodeBlob, encodeBlob } from "./blob.ts";

export interface LandscapeParts {
  engine: string;
  template: Omit<Grid, "data">;
  land: Float64Array;
  focal: Float64Array;
  cores: Core[];
  centreline: number[][];
  road: RoadBand;
  edges: CrossingEdges;
}

export function landscapeParts(study: Study, landKey: string, engine: string): LandscapeParts {
  const ls = study.landscape;
  const land = study.lands.get(landKey);
  if (!land) throw new Error(`no land '${landKey}' in the study`);
  const { data: _d, ...template } = ls.template;
  return {
    engine,
    template,
    land,
    focal: Float64Array.from(ls.focal.data),
    cores: ls.cores,
    centreline: study.centreline,
    road: ls.road,
    edges: ls.edges,
  };
}

export function encodeLandscape(parts: LandscapeParts): Buffer {
  return encodeBlob(parts);
}

export function decodeLandscape(bytes: Uint8Array): LandscapeParts {
  return decodeBlob<LandscapeParts>(bytes);
}

/** The evaluation's view of the parts (no copy). */
export function toLandscape(p: LandscapeParts): Landscape {
  return {
    template: { ...p.template, data: p.land },
    land: p.land,
    focal: { ...p.template, data: p.focal },
    cores: p.cores,
    line: makePolyline(p.centreline),
    road: p.road,
    edges: p.edges,
  };
}
