import { type Grid, makeGrid } from "../../src/grid/grid.ts";

/** A north-up grid from rows of numbers (null = nodata), cell size `cell`, origin (0, 0) at the lower left. */
export function gridFromRows(rows: (number | null)[][], cell = 1): Grid<Float64Array> {
  const h = rows.length;
  const w = rows[0].length;
  const data = new Float64Array(w * h);
  rows.forEach((r, i) => r.forEach((v, j) => (data[i * w + j] = v === null ? NaN : v)));
  return makeGrid(w, h, data, { transform: [0, cell, 0, h * cell, 0, -cell] });
}

/** Independent reference: Bellman-Ford relaxation to a fixed point on the same cell graph (slow, obviously right). */
export function bellmanFord(res: Grid, sources: number[], moves: [number, number, number][]): Float64Array {
  const { width: w, height: h, data } = res;
  const dist = new Float64Array(w * h).fill(Infinity);
  for (const s of sources) dist[s] = 0;
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < w * h; i++) {
      if (dist[i] === Infinity) continue;
      const r = Math.floor(i / w);
      const c = i % w;
      for (const [dr, dc, len] of moves) {
        const r2 = r + dr;
        const c2 = c + dc;
        if (r2 < 0 || r2 >= h || c2 < 0 || c2 >= w) continue;
        const j = r2 * w + c2;
        if (!(data[j] > 0 && data[j] < Infinity)) continue;
        const nd = dist[i] + ((data[i] + data[j]) / 2) * len;
        if (nd < dist[j] * (1 - 1e-14)) {
          dist[j] = nd;
          changed = true;
        }
      }
    }
  }
  return dist;
}

export function moves(neighbors: 4 | 8 | 16, cell = 1): [number, number, number][] {
  const m: [number, number, number][] = [
    [0, 1, cell],
    [1, 0, cell],
    [0, -1, cell],
    [-1, 0, cell],
  ];
  if (neighbors >= 8)
    for (const [a, b] of [
      [1, 1],
      [1, -1],
      [-1, 1],
      [-1, -1],
    ])
      m.push([a, b, cell * Math.SQRT2]);
  if (neighbors === 16)
    for (const [a, b] of [
      [1, 2],
      [2, 1],
      [2, -1],
      [1, -2],
      [-1, -2],
      [-2, -1],
      [-2, 1],
      [-1, 2],
    ])
      m.push([a, b, cell * Math.sqrt(5)]);
  return m;
}

export function relDiff(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}
