/**
 * Least-cost distances between the core pairs of a scenario, and which structure each least-cost
 * path crosses the road through. One cost-distance search per source core (with back-links) serves
 * all its pairs; the path to a partner core is traced from that core's cheapest cell.
 */
import type { Grid } from "../grid/grid.ts";
import { costDistanceUnchecked, passable, tracePath } from "../leastcost/index.ts";
import type { ResolvedStructure } from "./resolve.ts";
import type { RoadBand } from "./road.ts";

export interface LeastCostPair {
  /** Least-cost distance (resistance x metres), -1 when unreachable. */
  distance: number;
  /** Structure id of the first structure cell on the path, "open road" when the path crosses road
   *  cells without a structure, "" when it touches no road cell. */
  crossing: string;
}

export function leastCostPairs(
  grid: Grid,
  focal: Grid,
  ids: number[],
  include: (a: number, b: number) => boolean,
  neighbours: 4 | 8,
  structureOfCell: Int32Array,
  structures: ResolvedStructure[],
  road: RoadBand,
): Map<string, LeastCostPair> {
  const out = new Map<string, LeastCostPair>();
  const cellsOf = new Map<number, number[]>();
  for (let i = 0; i < focal.data.length; i++) {
    const id = focal.data[i];
    if (id > 0 && passable(grid.data[i])) {
      let l = cellsOf.get(id);
      if (!l) cellsOf.set(id, (l = []));
      l.push(i);
    }
  }
  const isRoad = new Uint8Array(grid.data.length);
  for (let k = 0; k < road.cells.length; k++) isRoad[road.cells[k]] = 1;
  for (let i = 0; i < ids.length; i++) {
    const a = ids[i];
    const partners = ids.slice(i + 1).filter((b) => include(a, b));
    if (partners.length === 0) continue;
    const src = cellsOf.get(a);
    if (!src) {
      for (const b of partners) out.set(`${a},${b}`, { distance: -1, crossing: "" });
      continue;
    }
    const cd = costDistanceUnchecked(grid, Int32Array.from(src), neighbours, true);
    for (const b of partners) {
      let best = -1;
      let bestD = Infinity;
      for (const c of cellsOf.get(b) ?? []) {
        if (cd.dist[c] < bestD) {
          bestD = cd.dist[c];
          best = c;
        }
      }
      if (best < 0) {
        out.set(`${a},${b}`, { distance: -1, crossing: "" });
        continue;
      }
      const path = tracePath(cd, best)!;
      let crossing = "";
      for (let k = 0; k < path.cells.length; k++) {
        const c = path.cells[k];
        const s = structureOfCell[c];
        if (s >= 0) {
          crossing = structures[s].id;
          break;
        }
        if (isRoad[c]) crossing = "open road";
      }
      out.set(`${a},${b}`, { distance: bestD, crossing });
    }
  }
  return out;
}
