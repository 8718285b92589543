/**
 * The road's segments of `analysis.segment_length_m` along the centreline, as the profile counts them
 * (evaluate.ts's edgeTables): how many, which one a chainage falls in (the last takes the end), and how
 * many road cells on the grid each holds (0: nothing can be observed there). validate, calibrate and
 * the observation simulator place observations with it.
 */
import type { Landscape } from "./evaluate.ts";

export interface RoadSegments {
  count: number;
  of(chainage: number): number;
  /** Road cells on the grid per segment. */
  roadCells: number[];
}

export function roadSegments(ls: Pick<Landscape, "line" | "road">, segmentLength: number): RoadSegments {
  const count = Math.max(1, Math.ceil(ls.line.length / segmentLength));
  const of = (ch: number) => Math.min(count - 1, Math.max(0, Math.floor(ch / segmentLength)));
  const roadCells = new Array<number>(count).fill(0);
  for (const ch of ls.road.chainage) roadCells[of(ch)]++;
  return { count, of, roadCells };
}
