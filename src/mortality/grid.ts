/**
 * The mortality grid: q per cell, the probability that a walker dies on one visit to the cell.
 *   - off the graph (nodata, barriers such as fenced road cells): NaN;
 *   - core cells: 0 (a core is one short-circuited node where walks start and end);
 *   - road cells that are not structure cells: 1 - (1 - q_road)(1 - q_background), q_road from the
 *     stretch of road holding the cell's chainage (traffic.ts);
 *   - every other cell, structure cells included: q_background.
 * Fenced road cells are barriers in the resistance surface (src/resistance), so they are off the
 * graph: a fenced stretch cannot be entered from the verge and kills nobody; an animal at a fence's
 * end can still walk around it onto the open road cells beyond.
 */
import type { ResolvedMortality } from "./traffic.ts";
import { stretchAt } from "./traffic.ts";

export function mortalityGrid(
  resistance: Float64Array,
  focal: ArrayLike<number>,
  road: { cells: Int32Array; chainage: Float64Array },
  structureOfCell: Int32Array,
  m: ResolvedMortality,
): Float64Array {
  const n = resistance.length;
  const q = new Float64Array(n);
  const bg = m.background;
  for (let i = 0; i < n; i++) {
    const r = resistance[i];
    if (!(r > 0 && r < Infinity)) q[i] = NaN;
    else q[i] = focal[i] > 0 ? 0 : bg;
  }
  for (let k = 0; k < road.cells.length; k++) {
    const i = road.cells[k];
    if (q[i] !== q[i] || focal[i] > 0 || structureOfCell[i] >= 0) continue;
    q[i] = openRoadQ(m, road.chainage[k]);
  }
  return q;
}

/** q of an open road cell (on the graph, not a core or structure cell) at a chainage. */
export function openRoadQ(m: ResolvedMortality, chainage: number): number {
  const qr = stretchAt(m.road, chainage).q_cell;
  const bg = m.background;
  return qr + bg - qr * bg; // 1 - (1 - q_road)(1 - q_bg), exactly q_road when q_bg = 0
}
