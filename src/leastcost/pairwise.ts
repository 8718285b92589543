import type { Grid } from "../grid/grid.ts";
import type { HeapKind } from "./dijkstra.ts";
import { dijkstra } from "./dijkstra.ts";
import type { FocalRegions } from "./focal.ts";
import { checkNeighbors, type Neighbors, stepLengths } from "./neighbors.ts";
import { checkResistance } from "./resistance-check.ts";

export interface PairwiseDistances {
  ids: number[];
  /** k x k row-major least-cost distances; 0 on the diagonal, Infinity where no path exists. */
  distance: Float64Array;
  /** Cells settled over all searches (a measure of the work the early stop saved). */
  settled: number;
}

/**
 * Least-cost distance between every pair of focal regions, when only the distances are needed.
 * The distance from region a to region b is the cost at which a's search first settles a cell of b
 * (Dijkstra settles in cost order, so that is the minimum over b's cells). Costs are symmetric, so the
 * search from region i only has to reach regions i+1..k-1 and stops as soon as it has: k-1 searches, each
 * cut short, instead of k full ones.
 */
export function pairwiseDistances(
  res: Grid,
  regions: FocalRegions,
  opts: { neighbors?: Neighbors; heap?: HeapKind; file?: string } = {},
): PairwiseDistances {
  const neighbors = checkNeighbors(opts.neighbors ?? 8);
  checkResistance(res, opts.file);
  const k = regions.ids.length;
  const distance = new Float64Array(k * k);
  const n = res.width * res.height;
  const dist = new Float64Array(n); // reused by every search
  const stepLength = stepLengths(res.transform, neighbors);
  const need = new Uint8Array(k + 1);
  let settled = 0;
  for (let i = 0; i < k - 1; i++) {
    need.fill(0);
    for (let j = i + 1; j < k; j++) need[j + 1] = 1;
    const stats = dijkstra({
      res: res.data,
      width: res.width,
      height: res.height,
      neighbors,
      stepLength,
      sources: regions.cells[i],
      dist,
      back: null,
      heap: opts.heap,
      stop: { labels: regions.labels, need },
    });
    settled += stats.settled;
    for (let j = i + 1; j < k; j++) {
      const d = stats.firstReach![j + 1];
      distance[i * k + j] = d;
      distance[j * k + i] = d;
    }
  }
  return { ids: regions.ids.slice(), distance, settled };
}
