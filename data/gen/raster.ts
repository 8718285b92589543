/** Burning vectors into the demo's grids (cell-centre rule). */
import type { Position } from "geojson";
import type { Frame } from "./frame.ts";

/** Set out[k] = value for every cell whose centre lies inside the ring (even-odd, scanline). */
export function burnRing(out: Float32Array | Uint8Array, frame: Frame, ring: Position[], value: number): void {
  const { width, height } = frame;
  const xs: number[] = [];
  for (let r = 0; r < height; r++) {
    const y = frame.yTop - (r + 0.5) * frame.cell;
    xs.length = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y) xs.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
    }
    if (xs.length < 2) continue;
    xs.sort((a, b) => a - b);
    for (let p = 0; p + 1 < xs.length; p += 2) {
      // Cells whose centre x = x0 + (c + 0.5) cell lies in [xs[p], xs[p+1]).
      const c0 = Math.max(0, Math.ceil((xs[p] - frame.x0) / frame.cell - 0.5));
      const c1 = Math.min(width - 1, Math.ceil((xs[p + 1] - frame.x0) / frame.cell - 0.5) - 1);
      for (let c = c0; c <= c1; c++) out[r * width + c] = value;
    }
  }
}

/** Mark every cell a polyline passes through (sampled at a quarter cell). */
export function burnLine(out: Uint8Array, frame: Frame, line: Position[]): void {
  const step = frame.cell / 4;
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay] = line[i];
    const [bx, by] = line[i + 1];
    const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / step));
    for (let s = 0; s <= n; s++) {
      const cell = frame.cellOf(ax + ((bx - ax) * s) / n, ay + ((by - ay) * s) / n);
      if (cell) out[cell[1] * frame.width + cell[0]] = 1;
    }
  }
}
