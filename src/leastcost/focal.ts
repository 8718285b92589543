import { assertAligned } from "../grid/align.ts";
import type { Grid } from "../grid/grid.ts";
import { CrosswayError } from "../util/errors.ts";
import { passable } from "./resistance-check.ts";

/** Focal regions (core areas): each id's passable cells form one source. */
export interface FocalRegions {
  /** Region ids, ascending. */
  ids: number[];
  /** Passable cells of each region (row-major indices), in the order of `ids`. */
  cells: Int32Array[];
  /** Per cell: 1 + index into `ids`, or 0 for cells outside every region (or on impassable cells). */
  labels: Int32Array;
  /** Cells of each region that were dropped because they lie on nodata or impassable resistance. */
  dropped: number[];
}

export interface FocalNames {
  focal?: string;
  resistance?: string;
}

/** Same size, geotransform and CRS as the resistance grid, or a CrosswayError naming both files (src/grid/align.ts). */
export function checkFocalAligned(focal: Grid, res: Grid, names: FocalNames = {}): void {
  assertAligned(focal, names.focal ?? "focal grid", res, names.resistance ?? "resistance grid");
}

/**
 * Read focal regions from a grid of ids (0 and nodata = no region). Ids must be positive integers. Cells of a
 * region on nodata or impassable resistance are dropped (as Circuitscape and scikit-image do: a path cannot
 * start on them); a region with no passable cell at all is an error naming the id.
 */
export function focalRegions(focal: Grid, res: Grid, names: FocalNames = {}): FocalRegions {
  checkFocalAligned(focal, res, names);
  const file = names.focal ?? "focal grid";
  const f = focal.data;
  const r = res.data;
  const n = f.length;
  const count = new Map<number, number>();
  const droppedBy = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = f[i];
    if (v !== v || v === 0) continue;
    if (!Number.isInteger(v) || v < 0) {
      const row = Math.floor(i / focal.width);
      throw new CrosswayError(
        `focal ids must be positive integers (0 or nodata for none); cell row ${row}, col ${i - row * focal.width} is ${v}`,
        { file, field: "focal id" },
      );
    }
    if (passable(r[i])) count.set(v, (count.get(v) ?? 0) + 1);
    else {
      if (!count.has(v)) count.set(v, 0);
      droppedBy.set(v, (droppedBy.get(v) ?? 0) + 1);
    }
  }
  const ids = [...count.keys()].sort((x, y) => x - y);
  if (ids.length === 0) throw new CrosswayError("has no focal region (every cell is 0 or nodata)", { file });
  for (const id of ids) {
    if (count.get(id) === 0) {
      throw new CrosswayError(
        `focal region ${id} lies entirely on nodata or impassable cells of ${names.resistance ?? "the resistance grid"} (${droppedBy.get(id)} cells)`,
        { file, field: `focal id ${id}` },
      );
    }
  }
  const index = new Map(ids.map((id, k) => [id, k]));
  const cells = ids.map((id) => new Int32Array(count.get(id)!));
  const fill = new Int32Array(ids.length);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = f[i];
    if (v !== v || v === 0 || !passable(r[i])) continue;
    const k = index.get(v)!;
    cells[k][fill[k]++] = i;
    labels[i] = k + 1;
  }
  return { ids, cells, labels, dropped: ids.map((id) => droppedBy.get(id) ?? 0) };
}
