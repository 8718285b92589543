/**
 * Least-cost distances between cross-road core pairs, and which structure each least-cost path
 * crosses the road through. Delegates to src/leastcost (cost distance + path tracing).
 */
import type { Grid } from "../grid/grid.ts";
import type { ResolvedStructure } from "./resolve.ts";
import type { RoadBand } from "./road.ts";

export interface LeastCostPair {
  distance: number;
  /** Structure id the path crosses the road through, or "open road". */
  crossing: string;
}

// TODO(issue 4 API): wired once src/leastcost exports cost distance and path tracing.
export function leastCostPairs(
  _grid: Grid,
  _focal: Grid,
  _ids: number[],
  _include: (a: number, b: number) => boolean,
  _neighbours: 4 | 8,
  _structureOfCell: Int32Array,
  _structures: ResolvedStructure[],
  _road: RoadBand,
): Map<string, LeastCostPair> {
  return new Map();
}
