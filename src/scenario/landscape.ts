/**
 * Prepare the parts of a landscape that every scenario shares: the centreline, the road band, the
 * crossing edges, and which side of the line is "west" (taken from the cores the user put there).
 */
import type { Grid } from "../grid/grid.ts";
import { CrosswayError } from "../util/errors.ts";
import { findCrossingEdges } from "./crossing-edges.ts";
import type { Core, Landscape } from "./evaluate.ts";
import { makePolyline, nearest } from "../geometry/polyline.ts";
import { roadBand } from "./road.ts";

export interface LandscapeParts {
  template: Grid;
  land: Float64Array;
  focal: Grid;
  cores: Core[];
  centreline: number[][];
  /** The highway's lines as drawn (grid CRS); default: the joined centreline. */
  roadParts?: number[][][];
  roadWidthM: number;
  neighbours: 4 | 8;
  /** For messages. */
  coresFile?: string;
}

/** Centroid of each core id's cells, in map units. */
function coreCentroids(focal: Grid): Map<number, [number, number]> {
  const sums = new Map<number, [number, number, number]>();
  const t = focal.transform;
  for (let i = 0; i < focal.data.length; i++) {
    const id = focal.data[i];
    if (!(id > 0)) continue;
    const r = Math.floor(i / focal.width);
    const c = i - r * focal.width;
    let s = sums.get(id);
    if (!s) sums.set(id, (s = [0, 0, 0]));
    s[0] += t[0] + (c + 0.5) * t[1];
    s[1] += t[3] + (r + 0.5) * t[5];
    s[2]++;
  }
  return new Map([...sums].map(([id, s]) => [id, [s[0] / s[2], s[1] / s[2]]]));
}

export function prepareLandscape(p: LandscapeParts): Landscape {
  const line = makePolyline(p.centreline);
  const cent = coreCentroids(p.focal);
  const votes = { west: [0, 0], east: [0, 0] }; // [left, right] counts
  for (const c of p.cores) {
    const xy = cent.get(c.id);
    if (!xy) throw new CrosswayError(`core ${c.id} has no cells on the grid`, { file: p.coresFile });
    const side = nearest(line, xy[0], xy[1]).side;
    votes[c.side][side > 0 ? 0 : 1]++;
  }
  const westSide: 1 | -1 = votes.west[0] + votes.east[1] >= votes.west[1] + votes.east[0] ? 1 : -1;
  for (const c of p.cores) {
    const xy = cent.get(c.id)!;
    const side = nearest(line, xy[0], xy[1]).side;
    const isWest = side === westSide;
    if ((c.side === "west") !== isWest) {
      throw new CrosswayError(
        `core ${c.id} is marked '${c.side}' but its centroid (${xy[0].toFixed(0)}, ${xy[1].toFixed(0)}) lies on the other side of the highway from the other '${c.side}' cores`,
        { file: p.coresFile },
      );
    }
  }
  const edges = findCrossingEdges(p.template, line, p.neighbours, westSide);
  const parts = (p.roadParts ?? [p.centreline]).map((part) => part.map((q) => [q[0], q[1]] as [number, number]));
  const road = roadBand(p.template, line, p.roadWidthM, parts);
  return { template: p.template, land: p.land, focal: p.focal, cores: p.cores, line, road, edges };
}
