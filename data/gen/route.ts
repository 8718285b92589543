/** Least-cost route across a cost grid (8 neighbours, Dijkstra), for laying out the demo highway the
 *  way engineers would: along gentle ground, avoiding steep slopes and needless river crossings. */
import { MinHeap } from "./heap.ts";

const DC = [1, 1, 0, -1, -1, -1, 0, 1];
const DR = [0, 1, 1, 1, 0, -1, -1, -1];

/**
 * @param cost per-cell cost (> 0; Infinity = impassable)
 * @returns the cells (indices) from start to end
 */
export function leastCostRoute(cost: Float64Array, width: number, height: number, start: number, end: number): number[] {
  const n = width * height;
  const dist = new Float64Array(n).fill(Infinity);
  const from = new Int32Array(n).fill(-1);
  const heap = new MinHeap(1024);
  dist[start] = 0;
  heap.push(0, start);
  while (heap.size > 0) {
    const key = heap.peekKey();
    const k = heap.pop();
    if (key > dist[k]) continue;
    if (k === end) break;
    const r = (k / width) | 0;
    const c = k - r * width;
    for (let d = 0; d < 8; d++) {
      const rr = r + DR[d];
      const cc = c + DC[d];
      if (rr < 0 || cc < 0 || rr >= height || cc >= width) continue;
      const j = rr * width + cc;
      if (!Number.isFinite(cost[j])) continue;
      const step = (d & 1 ? Math.SQRT2 : 1) * 0.5 * (cost[k] + cost[j]);
      const nd = dist[k] + step;
      if (nd < dist[j]) {
        dist[j] = nd;
        from[j] = k;
        heap.push(nd, j);
      }
    }
  }
  if (!Number.isFinite(dist[end])) throw new Error("demo highway: no route between the end points");
  const path: number[] = [];
  for (let k = end; k !== -1; k = from[k]) path.push(k);
  return path.reverse();
}
