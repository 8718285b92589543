import { IndexedMinHeap } from "./indexed-heap.ts";
import { LazyMinHeap } from "./lazy-heap.ts";
import { DIR_DC, DIR_DR, type Neighbors } from "./neighbors.ts";

export type HeapKind = "indexed" | "lazy";

/** Early stop: labels per cell (0 = none, 1..L), and which labels must be reached before the search may stop. */
export interface LabelStop {
  labels: Int32Array;
  /** Length L + 1; need[l] = 1 when label l must be reached. */
  need: Uint8Array;
}

export interface DijkstraInput {
  /** Resistance per cell, row-major; NaN and +Infinity impassable, every other value must be > 0 (checked by the caller). */
  res: Float32Array | Float64Array;
  width: number;
  height: number;
  neighbors: Neighbors;
  /** Length of each direction's step in map units (see stepLengths). */
  stepLength: Float64Array;
  /** Source cells (all at cost 0). The caller guarantees they are passable. */
  sources: Int32Array;
  /** Output: filled with Infinity, then the accumulated cost of every settled cell. */
  dist: Float64Array;
  /** Output, optional: direction code that led into each cell (-1 for sources and unreached cells). */
  back: Int8Array | null;
  /** Default: "lazy" for 4 neighbours, "indexed" (decrease-key) for 8 and 16. */
  heap?: HeapKind;
  stop?: LabelStop;
}

export interface DijkstraStats {
  /** Cells settled (popped with their final cost). */
  settled: number;
  /** True when the search ran until the heap was empty (every reachable cell has its final cost). */
  complete: boolean;
  /** With `stop`: the smallest cost at which each label was reached (Infinity when not reached). */
  firstReach: Float64Array | null;
}

/**
 * Dijkstra's algorithm on the implicit cell graph. Step cost from cell a to neighbour b in direction d is
 * (r_a + r_b) / 2 x stepLength[d]: the ArcGIS / Linkage Mapper / scikit-image MCP_Geometric rule, applied to
 * knight's moves too (R's gdistance also computes a knight move's transition from its two end cells only).
 */
export function dijkstra(input: DijkstraInput): DijkstraStats {
  const { res, width, height, neighbors, sources, dist, back } = input;
  const n = width * height;
  if (dist.length !== n) throw new RangeError(`dist has ${dist.length} cells, expected ${n}`);
  if (back && back.length !== n) throw new RangeError(`back has ${back.length} cells, expected ${n}`);
  dist.fill(Infinity);
  if (back) back.fill(-1);

  // Half step lengths fold the "mean of two resistances" into one multiply per relaxation.
  const half = new Float64Array(neighbors);
  const offset = new Int32Array(neighbors);
  for (let d = 0; d < neighbors; d++) {
    half[d] = 0.5 * input.stepLength[d];
    offset[d] = DIR_DR[d] * width + DIR_DC[d];
  }
  const dr = DIR_DR;
  const dc = DIR_DC;
  const reach = neighbors === 16 ? 2 : 1;
  const rowEnd = height - reach;
  const colEnd = width - reach;

  const stop = input.stop;
  const labels = stop ? stop.labels : null;
  const need = stop ? stop.need : null;
  let remaining = 0;
  let firstReach: Float64Array | null = null;
  if (stop) {
    firstReach = new Float64Array(stop.need.length).fill(Infinity);
    for (let l = 1; l < stop.need.length; l++) if (stop.need[l]) remaining++;
  }

  // Default heap by neighbourhood, from CPU-time measurements on 4 M and 10 M cells (bench/leastcost.ts and
  // the notes in README.md): with 4 neighbours few cells improve twice, so lazy insertion wins (~20%); with
  // 16 the re-pushed stale entries cost more than decrease-key (~15% slower); 8 is close to a tie.
  const kind: HeapKind = input.heap ?? (neighbors === 4 ? "lazy" : "indexed");
  const initial = Math.max(1024, sources.length);
  const heap = kind === "indexed" ? new IndexedMinHeap(n, initial) : new LazyMinHeap(initial);
  for (let s = 0; s < sources.length; s++) {
    const c = sources[s];
    if (dist[c] !== 0) {
      dist[c] = 0;
      heap.push(c, 0);
    }
  }

  let settled = 0;
  let complete = true;
  while (heap.size > 0) {
    const key = heap.topKey();
    const i = heap.pop();
    if (key > dist[i]) continue; // stale entry (lazy heap only)
    settled++;
    if (labels !== null) {
      const l = labels[i];
      if (l > 0 && firstReach![l] === Infinity) {
        firstReach![l] = key;
        if (need![l] && --remaining === 0) {
          complete = heap.size === 0;
          break;
        }
      }
    }
    const ri = res[i];
    const row = (i / width) | 0;
    const col = i - row * width;
    // Cells at least `reach` cells from every edge skip the per-neighbour bounds test (most of the grid).
    const interior = row >= reach && row < rowEnd && col >= reach && col < colEnd;
    for (let d = 0; d < neighbors; d++) {
      if (!interior) {
        const r2 = row + dr[d];
        const c2 = col + dc[d];
        if (r2 < 0 || r2 >= height || c2 < 0 || c2 >= width) continue;
      }
      const j = i + offset[d];
      const rj = res[j];
      if (!(rj < Infinity)) continue; // NaN (nodata) or +Infinity: impassable
      const nd = key + (ri + rj) * half[d];
      if (nd < dist[j]) {
        dist[j] = nd;
        if (back !== null) back[j] = d;
        heap.push(j, nd);
      }
    }
  }
  return { settled, complete, firstReach };
}
