/**
 * Worker thread body for pairwiseDistancesParallel: one early-stopping search from region `i` to regions
 * i+1..k-1 on the shared resistance and labels (workerData, SharedArrayBuffer views: not copied).
 * The cost array is allocated once per thread and reused by every task it runs.
 */
import { workerData } from "piscina";
import { dijkstra } from "./dijkstra.ts";
import type { PairwiseShared } from "./pairwise-parallel.ts";

let dist: Float64Array | null = null;

export default function search(task: { i: number }): { distances: number[]; settled: number } {
  const w = workerData as PairwiseShared;
  const k = w.starts.length - 1;
  dist ??= new Float64Array(w.width * w.height);
  const need = new Uint8Array(k + 1);
  for (let j = task.i + 1; j < k; j++) need[j + 1] = 1;
  const stats = dijkstra({
    res: w.res,
    width: w.width,
    height: w.height,
    neighbors: w.neighbors,
    stepLength: w.stepLength,
    sources: w.cells.subarray(w.starts[task.i], w.starts[task.i + 1]),
    dist,
    back: null,
    stop: { labels: w.labels, need },
  });
  const distances: number[] = [];
  for (let j = task.i + 1; j < k; j++) distances.push(stats.firstReach![j + 1]);
  return { distances, settled: stats.settled };
}
