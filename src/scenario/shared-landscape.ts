/**
 * A landscape packed for worker threads: the big per-cell arrays (land grids, core ids) on
 * SharedArrayBuffers, shared by every worker; the small ones (road band, crossing edges) copied.
 */
import type { Grid } from "../grid/grid.ts";
import { toShared } from "../parallel/shared.ts";
import type { Core, Landscape } from "./evaluate.ts";
import { makePolyline } from "../geometry/polyline.ts";
import type { CrossingEdges } from "./crossing-edges.ts";
import type { RoadBand } from "./road.ts";

export interface PackedLandscape {
  template: Omit<Grid, "data">;
  lands: Record<string, Float64Array>;
  focal: Float64Array;
  cores: Core[];
  centreline: number[][];
  road: RoadBand;
  edges: CrossingEdges;
}

export function packLandscape(ls: Landscape, lands: Map<string, Float64Array>, centreline: number[][]): PackedLandscape {
  const { data: _d, ...template } = ls.template;
  const shared: Record<string, Float64Array> = {};
  for (const [k, v] of lands) shared[k] = toShared(v);
  return {
    template,
    lands: shared,
    focal: toShared(Float64Array.from(ls.focal.data)),
    cores: ls.cores,
    centreline,
    road: ls.road,
    edges: ls.edges,
  };
}

/** The landscape for one land key, views over the shared memory (nothing copied). */
export function unpackLandscape(p: PackedLandscape, landKey: string): Landscape {
  const land = p.lands[landKey];
  if (!land) throw new Error(`no land grid '${landKey}' in the shared landscape`);
  return {
    template: { ...p.template, data: land },
    land,
    focal: { ...p.template, data: p.focal },
    cores: p.cores,
    line: makePolyline(p.centreline),
    road: p.road,
    edges: p.edges,
  };
}
