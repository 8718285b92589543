import { type Grid, makeGrid } from "../../src/grid/grid.ts";

/** A north-up grid of `w` x `h` cells of size `cell`, origin (x0, y0) at the top-left corner. */
export function blankGrid(w: number, h: number, cell = 10, fill = 1, x0 = 0, y0 = h * cell): Grid<Float64Array> {
  const data = new Float64Array(w * h).fill(fill);
  return makeGrid(w, h, data, { transform: [x0, cell, 0, y0, 0, -cell], crs: { epsg: 32652 } });
}

/**
 * Cells reachable from `start` by 8-neighbour moves through finite, positive cells (the cell
 * graph's rule: NaN and +Infinity are not in the graph). Independent of the code under test.
 */
export function reach8(data: ArrayLike<number>, w: number, h: number, starts: number[]): Uint8Array {
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  const ok = (i: number) => data[i] > 0 && data[i] < Infinity;
  for (const s of starts) {
    if (ok(s) && !seen[s]) {
      seen[s] = 1;
      stack.push(s);
    }
  }
  while (stack.length) {
    const i = stack.pop()!;
    const r = Math.floor(i / w);
    const c = i - r * w;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        if (!dr && !dc) continue;
        const rr = r + dr;
        const cc = c + dc;
        if (rr < 0 || cc < 0 || rr >= h || cc >= w) continue;
        const j = rr * w + cc;
        if (!seen[j] && ok(j)) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
  }
  return seen;
}

/** Treat cells with resistance >= `limit` as walls and ask whether row 0 reaches the last row. */
export function topReachesBottom(data: ArrayLike<number>, w: number, h: number, limit = Infinity): boolean {
  const walled = Float64Array.from(data as ArrayLike<number>, (v) => (v >= limit ? Infinity : v));
  const starts = Array.from({ length: w }, (_, c) => c);
  const seen = reach8(walled, w, h, starts);
  for (let c = 0; c < w; c++) if (seen[(h - 1) * w + c]) return true;
  return false;
}

export function countOf(mask: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  return n;
}
