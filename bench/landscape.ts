/**
 * Synthetic benchmark landscapes, shared by every benchmark so that crossway and the reference
 * tools read the very same files.
 */
import { type Grid, makeGrid } from "../src/grid/grid.ts";
import { crsFromEpsg } from "../src/grid/crs.ts";

/** A resistance surface: smooth hills 1..~100, noise, 3% nodata, a highway column of 1000 with gaps. */
export function landscape(width: number, height: number): Grid {
  const data = new Float32Array(width * height);
  let s = 2024;
  const road = Math.floor(width * 0.55);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const i = r * width + c;
      const base = 1 + 45 * (1 + Math.sin(c / 83) * Math.cos(r / 57)) + (s >>> 24) / 16;
      data[i] = (s & 31) === 0 ? NaN : Math.round(base * 8) / 8;
    }
    data[r * width + road] = r % 397 === 0 ? 2 : 1000;
  }
  return makeGrid(width, height, data, { transform: [400000, 30, 0, 4900000, 0, -30], crs: crsFromEpsg(32652) });
}

/** k square focal regions spread over the grid; their cells are made passable (resistance 1). */
export function focalGrid(res: Grid, k: number, side: number): Grid {
  const { width, height } = res;
  const data = new Float32Array(width * height);
  const spots = [
    [0.1, 0.1],
    [0.85, 0.15],
    [0.5, 0.45],
    [0.15, 0.85],
    [0.9, 0.9],
    [0.3, 0.6],
    [0.7, 0.3],
  ];
  for (let id = 1; id <= k; id++) {
    const [fx, fy] = spots[(id - 1) % spots.length];
    const r0 = Math.floor(fy * (height - side));
    const c0 = Math.floor(fx * (width - side));
    for (let r = r0; r < r0 + side; r++) {
      for (let c = c0; c < c0 + side; c++) {
        data[r * width + c] = id;
        res.data[r * width + c] = 1; // habitat under every core cell, so tools that drop nodata core cells agree
      }
    }
  }
  return { ...res, data, nodata: 0 };
}

export function row(cols: (string | number)[], widths: number[]): string {
  return cols.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
}

/** Least-squares fit of log(time) = a + p log(cells): p near 1 means linear growth. */
export function growthExponent(cells: number[], secs: number[]): number {
  const xs = cells.map(Math.log);
  const ys = secs.map(Math.log);
  const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
  const my = ys.reduce((s, v) => s + v, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}
