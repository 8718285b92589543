import type { Grid } from "../grid/grid.ts";
import { type CostDistance, costDistanceUnchecked } from "./cost-distance.ts";
import { corridorMosaic } from "./corridors.ts";
import type { HeapKind } from "./dijkstra.ts";
import { edgeDistance } from "./euclidean.ts";
import { type FocalNames, type FocalRegions, focalRegions } from "./focal.ts";
import { checkNeighbors, type Neighbors } from "./neighbors.ts";
import { type TracedPath, tracePath } from "./path.ts";
import { checkResistance } from "./resistance-check.ts";

/** Linkage metrics of one pair of focal regions (Linkage Mapper's columns). */
export interface PairLinkage {
  from: number;
  to: number;
  /** Least-cost (cost-weighted) distance; Infinity when no path exists. */
  cwd: number;
  /** The least-cost path from `from` to `to` (null when none). */
  path: TracedPath | null;
  /** Length of that path in map units. */
  pathLength: number;
  /** Edge-to-edge Euclidean distance between the regions (nearest cell centres), map units. */
  euclidean: number;
  /** cwd / pathLength: the mean resistance met along the path. */
  cwdToPathLength: number;
  /** cwd / euclidean. */
  cwdToEuclidean: number;
}

export interface LeastCostAnalysis {
  regions: FocalRegions;
  /** One full cost-distance search per region (in regions.ids order), with back-links. */
  costDistances: CostDistance[];
  /** k x k least-cost distances, 0 on the diagonal, Infinity where unreachable. */
  distance: Float64Array;
  /** Every pair a < b, in id order. */
  linkages: PairLinkage[];
  /** Corridor mosaic: min over connected pairs of CWD_a + CWD_b - LCD_ab, NaN beyond the cut-off or unreachable. */
  corridors: Float64Array;
}

export interface AnalysisOptions {
  neighbors?: Neighbors;
  corridorCutoff?: number;
  heap?: HeapKind;
  names?: FocalNames;
}

/**
 * Everything the `leastcost` command writes, from in-memory grids: cost distance from each focal region,
 * pairwise distances, least-cost paths, linkage metrics and the corridor mosaic.
 * Memory: 9 bytes per cell per region (Float64 cost + Int8 back-link), all kept for the corridors.
 */
export function leastCostAnalysis(res: Grid, focal: Grid, opts: AnalysisOptions = {}): LeastCostAnalysis {
  const neighbors = checkNeighbors(opts.neighbors ?? 8, "--neighbors");
  if (opts.corridorCutoff !== undefined && !(opts.corridorCutoff >= 0)) {
    throw new RangeError(`corridor cut-off must be a number >= 0, got ${opts.corridorCutoff}`);
  }
  checkResistance(res, opts.names?.resistance);
  const regions = focalRegions(focal, res, opts.names);
  const k = regions.ids.length;
  const costDistances = regions.cells.map((cells) => costDistanceUnchecked(res, cells, neighbors, true, opts.heap));

  const distance = new Float64Array(k * k);
  const linkages: PairLinkage[] = [];
  const pairs: [number, number, number][] = [];
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      // Nearest cell of b as seen from a; ties go to the lowest cell index so the path is deterministic.
      const dist = costDistances[a].dist;
      let target = -1;
      let cwd = Infinity;
      for (const c of regions.cells[b]) {
        if (dist[c] < cwd) {
          cwd = dist[c];
          target = c;
        }
      }
      distance[a * k + b] = distance[b * k + a] = cwd;
      const path = target >= 0 ? tracePath(costDistances[a], target) : null;
      const euclidean = edgeDistance(res, regions.labels, regions.cells[a], regions.cells[b]);
      const pathLength = path ? path.length : Infinity;
      linkages.push({
        from: regions.ids[a],
        to: regions.ids[b],
        cwd,
        path,
        pathLength,
        euclidean,
        cwdToPathLength: path ? cwd / pathLength : Infinity,
        cwdToEuclidean: path ? cwd / euclidean : Infinity,
      });
      pairs.push([a, b, cwd]);
    }
  }
  const corridors = corridorMosaic(
    costDistances.map((c) => c.dist),
    pairs,
    opts.corridorCutoff,
  );
  return { regions, costDistances, distance, linkages, corridors };
}
