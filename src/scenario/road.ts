/**
 * The road band on the grid: which cells are road, and for each road cell its chainage along the
 * centreline. Structures and fences are placed by chainage, so burning one is a scan over the
 * (few thousand) road cells, not over the grid.
 */
import type { Grid } from "../grid/grid.ts";
import { type Centreline, project } from "./highway.ts";

export interface RoadBand {
  /** Indices of road cells, ascending. */
  cells: Int32Array;
  /** Chainage of each road cell's centre projected on the centreline. */
  chainage: Float64Array;
  /** Half-width used (map units): max(width/2, 0.75 cell). */
  halfWidth: number;
  cellSize: number;
}

/**
 * Road cells: centre within halfWidth = max(width/2, 0.75 cell) of the centreline, PLUS both end
 * cells of every step that crosses the centreline (`crossingCells`, from the crossing edges).
 * Why both ends: with Circuitscape's default average-conductance rule an edge from a land cell
 * (c = 1/5) to a road cell (c = 1/10000) still has g ~ 0.1 - a road one cell thick barely blocks.
 * Only when every step across the line joins two road cells does the road's resistance act in full
 * (g = 1/r_road). The band is then two to three cells thick whatever the road's drawn width.
 */
export function roadBand(grid: Grid, line: Centreline, widthM: number, crossingCells: ArrayLike<number> = []): RoadBand {
  const { width, height, transform: t } = grid;
  const cell = Math.min(Math.abs(t[1]), Math.abs(t[5]));
  const halfWidth = Math.max(widthM / 2, 0.75 * cell);
  const reach = Math.ceil(halfWidth / cell) + 1;
  const seen = new Set<number>();
  const { xy, chain } = line;
  for (let s = 0; s < chain.length - 1; s++) {
    const steps = Math.max(1, Math.ceil((chain[s + 1] - chain[s]) / (cell / 2)));
    for (let k = 0; k <= steps; k++) {
      const x = xy[2 * s] + ((xy[2 * s + 2] - xy[2 * s]) * k) / steps;
      const y = xy[2 * s + 1] + ((xy[2 * s + 3] - xy[2 * s + 1]) * k) / steps;
      const c0 = Math.floor((x - t[0]) / t[1]);
      const r0 = Math.floor((y - t[3]) / t[5]);
      for (let dr = -reach; dr <= reach; dr++) {
        for (let dc = -reach; dc <= reach; dc++) {
          const c = c0 + dc;
          const r = r0 + dr;
          if (c >= 0 && r >= 0 && c < width && r < height) seen.add(r * width + c);
        }
      }
    }
  }
  const forced = new Set<number>();
  for (let k = 0; k < crossingCells.length; k++) {
    forced.add(crossingCells[k]);
    seen.add(crossingCells[k]);
  }
  const cells: number[] = [];
  const chainage: number[] = [];
  for (const idx of [...seen].sort((a, b) => a - b)) {
    const r = Math.floor(idx / width);
    const c = idx - r * width;
    const p = project(line, t[0] + (c + 0.5) * t[1], t[3] + (r + 0.5) * t[5]);
    if (p.dist <= halfWidth || forced.has(idx)) {
      cells.push(idx);
      chainage.push(p.chainage);
    }
  }
  return { cells: Int32Array.from(cells), chainage: Float64Array.from(chainage), halfWidth, cellSize: cell };
}
