import type { Grid } from "../grid/grid.ts";
import { CrosswayError } from "../util/errors.ts";

/**
 * Least-cost convention for resistance values: r > 0 is a cost per map unit; NaN (nodata) and +Infinity are
 * impassable. Zero or negative resistance has no meaning as a cost (a zero-cost cell would make distances
 * depend on arbitrary tie-breaking, a negative one breaks Dijkstra), so it is an error, not silently dropped.
 */
export function checkResistance(res: Grid, file = "resistance"): void {
  const d = res.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v <= 0 || v === -Infinity) {
      let count = 0;
      for (let j = i; j < d.length; j++) if (d[j] <= 0) count++;
      const row = Math.floor(i / res.width);
      const col = i - row * res.width;
      throw new CrosswayError(
        `resistance must be > 0 (use nodata or a very large value for barriers); cell row ${row}, col ${col} is ${v}` +
          (count > 1 ? ` (${count} cells are <= 0)` : ""),
        { file, field: "resistance" },
      );
    }
  }
}

/** True when a cell can be entered: finite positive resistance. */
export function passable(v: number): boolean {
  return v > 0 && v < Infinity;
}
