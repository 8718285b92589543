/**
 * The road band on the grid: which cells are road, and for each road cell its chainage along the
 * centreline. The cells are exactly the road that `crossway resistance` burns for the same line
 * and width (src/resistance/roads.ts `rasterizeRoads`): the cells within width/2 of the line, the
 * cells the line passes through, both end cells of every step across the line (so every circuit
 * edge across the road joins two road cells and the road's resistance acts in full under either
 * averaging rule), made 4-connected. Fences are placed by chainage, so burning one is a scan over
 * the (few thousand) road cells, not over the grid.
 */
import type { Grid } from "../grid/grid.ts";
import type { XY } from "../resistance/geometry.ts";
import { rasterizeRoads } from "../resistance/roads.ts";
import { type Polyline, nearest } from "../geometry/polyline.ts";

export interface RoadBand {
  /** Indices of road cells, ascending. */
  cells: Int32Array;
  /** Chainage of each road cell's centre projected on the centreline. */
  chainage: Float64Array;
  /** Half the road width (map units), at least 0.75 cell: how far a structure may lie from the line. */
  halfWidth: number;
  /** The road's full width as given (map units). */
  widthM: number;
  cellSize: number;
  /** The highway's line parts in grid coordinates, as drawn (structures are anchored on them). */
  parts: XY[][];
  /** The joined centreline (chainage). */
  line: Polyline;
  /** Georeferencing of the grid the cells index. */
  grid: Pick<Grid, "width" | "height" | "transform">;
}

export function roadBand(grid: Grid, line: Polyline, widthM: number, parts: XY[][]): RoadBand {
  const { width, transform: t } = grid;
  const cell = Math.min(Math.abs(t[1]), Math.abs(t[5]));
  const rr = rasterizeRoads(grid, [{ parts, width: widthM, resistance: 1, label: "highway" }]);
  const cells: number[] = [];
  const chainage: number[] = [];
  for (let idx = 0; idx < rr.mask.length; idx++) {
    if (!rr.mask[idx]) continue;
    const r = Math.floor(idx / width);
    const c = idx - r * width;
    cells.push(idx);
    chainage.push(nearest(line, t[0] + (c + 0.5) * t[1], t[3] + (r + 0.5) * t[5]).chainage);
  }
  return {
    cells: Int32Array.from(cells),
    chainage: Float64Array.from(chainage),
    halfWidth: Math.max(widthM / 2, 0.75 * cell),
    widthM,
    cellSize: cell,
    parts,
    line,
    grid: { width: grid.width, height: grid.height, transform: [...grid.transform] as Grid["transform"] },
  };
}
