import { type Grid, cellCenter } from "../grid/grid.ts";
import type { CostDistance } from "./cost-distance.ts";
import { DIR_DC, DIR_DR } from "./neighbors.ts";

export interface TracedPath {
  /** Cells from the source to the target (row-major indices). */
  cells: Int32Array;
  /** Accumulated cost at the target (the cost distance), in resistance x map units. */
  cost: number;
  /** Sum of the step lengths along the path, in map units. */
  length: number;
}

/**
 * Least-cost path from the nearest source to `target`, following the back-links. Returns null when the target
 * is unreachable. The path ends where a cell has no back-link, i.e. at a source cell.
 */
export function tracePath(cd: CostDistance, target: number): TracedPath | null {
  if (!cd.back) throw new Error("tracePath needs back-links (costDistance with backlinks: true)");
  const { back, width, stepLength } = cd;
  const n = width * cd.height;
  if (!(target >= 0 && target < n)) throw new RangeError(`target cell ${target} outside the grid`);
  if (cd.dist[target] === Infinity) return null;
  // First walk counts the steps so the result is one exact-size typed array.
  let steps = 0;
  let length = 0;
  for (let c = target; back[c] >= 0; steps++) {
    if (steps > n) throw new Error("back-links form a cycle"); // cannot happen with positive step costs
    const d = back[c];
    length += stepLength[d];
    c -= DIR_DR[d] * width + DIR_DC[d];
  }
  const cells = new Int32Array(steps + 1);
  let c = target;
  for (let k = steps; k > 0; k--) {
    cells[k] = c;
    const d = back[c];
    c -= DIR_DR[d] * width + DIR_DC[d];
  }
  cells[0] = c;
  return { cells, cost: cd.dist[target], length };
}

/** A path's cells as [x, y] cell centres in the grid's map coordinates (its CRS). */
export function pathCoordinates(grid: Grid, cells: Int32Array): [number, number][] {
  const out: [number, number][] = new Array(cells.length);
  for (let k = 0; k < cells.length; k++) {
    const row = Math.floor(cells[k] / grid.width);
    out[k] = cellCenter(grid, cells[k] - row * grid.width, row);
  }
  return out;
}
