/**
 * Hard benchmark landscapes: the sharp contrasts of real land cover, where AMG's strength threshold,
 * smoother and aggregation are put to the test (bench/landscape.ts is smooth: sine hills, tiny noise).
 * Each is deterministic (a fixed seed), resistances as Float32, NaN = nodata.
 *
 *   smooth  bench/landscape.ts (1..~100, 3 % nodata, one highway column)
 *   rough   log-uniform random field 1..1e4: half white noise cell by cell, half a smooth field
 *   mosaic  land-cover classes in Voronoi patches (~40 cells across), resistances 1, 10, 100, 1e3, 1e4
 *   roads   the mosaic crossed by 6 roads of 1e3..1e5 (2 cells wide) with a few 1-cell crossings of
 *           resistance 1..10, and nodata lakes (discs) covering ~5 %
 */
import { type Grid, makeGrid } from "../src/grid/grid.ts";
import { crsFromEpsg } from "../src/grid/crs.ts";
import { landscape } from "./landscape.ts";

export type LandscapeKind = "smooth" | "rough" | "mosaic" | "roads";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function grid(width: number, height: number, data: Float32Array): Grid {
  return makeGrid(width, height, data, { transform: [400000, 30, 0, 4900000, 0, -30], crs: crsFromEpsg(32652) });
}

/** Bilinear value noise on a lattice of `step` cells, values 0..1. */
function valueNoise(width: number, height: number, step: number, rand: () => number): Float32Array {
  const gw = Math.ceil(width / step) + 2;
  const gh = Math.ceil(height / step) + 2;
  const lattice = new Float32Array(gw * gh);
  for (let i = 0; i < lattice.length; i++) lattice[i] = rand();
  const out = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    const y = r / step;
    const y0 = Math.floor(y);
    const fy = y - y0;
    for (let c = 0; c < width; c++) {
      const x = c / step;
      const x0 = Math.floor(x);
      const fx = x - x0;
      const a = lattice[y0 * gw + x0];
      const b = lattice[y0 * gw + x0 + 1];
      const d = lattice[(y0 + 1) * gw + x0];
      const e = lattice[(y0 + 1) * gw + x0 + 1];
      out[r * width + c] = (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
    }
  }
  return out;
}

export function rough(width: number, height: number): Grid {
  const rand = rng(11);
  const smooth = valueNoise(width, height, 25, rand);
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = 10 ** (4 * (0.5 * rand() + 0.5 * smooth[i]));
  return grid(width, height, data);
}

const CLASSES = [1, 10, 100, 1e3, 1e4];

/** Class of each cell: the nearest of random seeds (~one per 40 x 40 cells), on a bucket grid. */
function mosaicData(width: number, height: number, rand: () => number): Float32Array {
  const B = 40;
  const bw = Math.ceil(width / B);
  const bh = Math.ceil(height / B);
  const sx = new Float64Array(bw * bh);
  const sy = new Float64Array(bw * bh);
  const cls = new Float32Array(bw * bh);
  for (let i = 0; i < bw * bh; i++) {
    sx[i] = ((i % bw) + rand()) * B;
    sy[i] = (Math.floor(i / bw) + rand()) * B;
    // habitat-heavy, as land cover is: half the patches are the two best classes
    const u = rand();
    cls[i] = CLASSES[u < 0.3 ? 0 : u < 0.5 ? 1 : u < 0.7 ? 2 : u < 0.85 ? 3 : 4];
  }
  const data = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    const by = Math.floor(r / B);
    for (let c = 0; c < width; c++) {
      const bx = Math.floor(c / B);
      let best = Infinity;
      let k = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const x = bx + dx;
          const y = by + dy;
          if (x < 0 || y < 0 || x >= bw || y >= bh) continue;
          const q = y * bw + x;
          const d = (sx[q] - c) ** 2 + (sy[q] - r) ** 2;
          if (d < best) {
            best = d;
            k = q;
          }
        }
      data[r * width + c] = cls[k];
    }
  }
  return data;
}

export function mosaic(width: number, height: number): Grid {
  return grid(width, height, mosaicData(width, height, rng(23)));
}

export function roads(width: number, height: number): Grid {
  const rand = rng(37);
  const data = mosaicData(width, height, rand);
  // lakes: discs of nodata, ~5 % of the area, kept off the focal spots of bench/landscape.ts's focalGrid
  const spots = [
    [0.1, 0.1],
    [0.85, 0.15],
    [0.5, 0.45],
    [0.15, 0.85],
    [0.9, 0.9],
  ];
  let lake = 0;
  while (lake < 0.05 * width * height) {
    const cx = rand() * width;
    const cy = rand() * height;
    const rad = (0.01 + 0.03 * rand()) * Math.min(width, height);
    if (spots.some(([fx, fy]) => Math.hypot(fx * width - cx, fy * height - cy) < rad + 0.03 * width)) continue;
    for (let r = Math.max(0, Math.floor(cy - rad)); r < Math.min(height, cy + rad); r++)
      for (let c = Math.max(0, Math.floor(cx - rad)); c < Math.min(width, cx + rad); c++)
        if ((c - cx) ** 2 + (r - cy) ** 2 <= rad * rad && data[r * width + c] === data[r * width + c]) {
          data[r * width + c] = NaN;
          lake++;
        }
  }
  // roads: 3 vertical and 3 horizontal, 2 cells wide, resistance 1e3..1e5, with narrow crossings
  for (let k = 0; k < 6; k++) {
    const vertical = k < 3;
    const span = vertical ? width : height;
    const len = vertical ? height : width;
    const at = Math.floor(((k % 3) + 0.5 + 0.3 * (rand() - 0.5)) * (span / 3));
    const r = 10 ** (3 + 2 * rand());
    const crossings = new Set<number>();
    for (let q = 0; q < 4; q++) crossings.add(Math.floor(rand() * len));
    for (let t = 0; t < len; t++) {
      const open = crossings.has(t);
      for (let w = 0; w < 2; w++) {
        const i = vertical ? t * width + at + w : (at + w) * width + t;
        if (data[i] !== data[i]) continue; // a road does not cross a lake
        data[i] = open ? 1 + 9 * rand() : r;
      }
    }
  }
  return grid(width, height, data);
}

export const LANDSCAPES: Record<LandscapeKind, (width: number, height: number) => Grid> = {
  smooth: landscape,
  rough,
  mosaic,
  roads,
};
