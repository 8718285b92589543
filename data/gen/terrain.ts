/**
 * Elevation of the illustrative landscape, in the manner of southwest Primorye: a main divide running
 * NE-SW near the border, forested spurs and valleys falling east-south-east to the coast.
 *
 * Built drainage-first, so that every valley drains and rivers run down valley bottoms:
 *  1. a priority flood from the outlets (the coast) over a noisy "erodibility"
 *     field grows a drainage tree, as headward erosion would (each cell drains to the neighbour that
 *     reached it first);
 *  2. the area draining through each cell is accumulated down the tree;
 *  3. elevation is integrated up the tree with Flint's law, slope = ks * area^-0.45: steep near the
 *     ridges, gentle along big rivers; ks grows towards the divide (more relief in the mountains);
 *  4. the surface is scaled so that its highest cell is maxElevation, then cliffs where basins meet
 *     are cut back and a light blur smooths the cell-scale steps (both lower the peaks somewhat).
 * The ridges are the drainage divides that this leaves. Not a terrain model of the real place.
 */
import type { Frame } from "./frame.ts";
import { MinHeap } from "./heap.ts";
import { fbm, ridged } from "./noise.ts";
import { hash2 } from "./random.ts";

export interface TerrainOptions {
  seed: number;
  /** Highest elevation (m) before the cliffs are cut back and the surface is smoothed. */
  maxElevation: number;
  /** Steepest slope (rise/run) the surface may keep; cliffs are cut back to it. */
  maxSlope: number;
  /** The main divide: a point on it and its direction (unit vector, pointing NE). */
  divide: { x: number; y: number; dx: number; dy: number };
}

export interface Terrain {
  /** Elevation (m), NaN at sea. */
  elevation: Float32Array;
  /** Cell each cell drains to; -1 at outlets and sea. */
  receiver: Int32Array;
  /** Area draining through each cell, in cells (the cell itself included). */
  accumulation: Float64Array;
  /** Land cells, each after the cell it drains to (outlets first). */
  order: Int32Array;
}

const DC = [1, 1, 0, -1, -1, -1, 0, 1];
const DR = [0, 1, 1, 1, 0, -1, -1, -1];

/** Regional height in [0, 1]: 1 on the divide, down to 0 at the coast east of it, and slowly down
 *  to the west (the Chinese side of the border mountains). */
function regional(x: number, y: number, seaDistance: number, o: TerrainOptions): number {
  const { divide: dv, seed } = o;
  // Signed distance east of the divide along the fall line (dv rotated clockwise), wobbled.
  const g = (x - dv.x) * dv.dy - (y - dv.y) * dv.dx + 3000 * fbm(x, y, 20000, 2, seed + 5);
  const dc = Math.min(seaDistance, 80000);
  return g >= 0 ? dc / (dc + g) : Math.exp(g / 25000);
}

/**
 * @param land 1 on land
 * @param seaDistance distance to the sea (m), Infinity where there is no sea in the frame
 */
export function terrain(frame: Frame, land: Uint8Array, seaDistance: Float32Array, opts: TerrainOptions): Terrain {
  const { width, height, cell } = frame;
  const n = width * height;
  const { seed, divide: dv } = opts;

  // 1. Erodibility key: low where valleys should form first. The regional slope makes the network
  //    grow inland from the coast; NE-SW stretched ridged noise lays out ridges along the trend; the
  //    per-cell jitter makes the channels wander instead of running straight.
  const key = new Float64Array(n);
  const reg = new Float32Array(n);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const k = r * width + c;
      if (!land[k]) continue;
      const x = frame.x0 + (c + 0.5) * frame.cell;
      const y = frame.yTop - (r + 0.5) * frame.cell;
      const s = regional(x, y, seaDistance[k], opts);
      reg[k] = s;
      const wx = 1500 * fbm(x, y, 8000, 3, seed + 11);
      const wy = 1500 * fbm(x, y, 8000, 3, seed + 17);
      const along = ((x + wx) * dv.dx + (y + wy) * dv.dy) / 2.2;
      const across = (x + wx) * dv.dy - (y + wy) * dv.dx;
      const crest = ridged(along, across, 6000, 4, seed + 23);
      key[k] = s + 0.35 * crest + 0.12 * fbm(x, y, 2500, 3, seed + 29) + 0.015 * hash2(c, r, seed + 37);
    }
  }

  // 2. Priority flood from the outlets: land cells beside the sea. (The frame's edges are not outlets:
  //    their heights would have to be invented and would not match the integrated surface.)
  const receiver = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  const order = new Int32Array(n);
  const heap = new MinHeap(4 * (width + height));
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const k = r * width + c;
      if (!land[k]) continue;
      let outlet = false;
      for (let d = 0; d < 8 && !outlet; d++) {
        const rr = r + DR[d];
        const cc = c + DC[d];
        if (rr >= 0 && cc >= 0 && rr < height && cc < width && !land[rr * width + cc]) outlet = true;
      }
      if (outlet) {
        done[k] = 1;
        heap.push(key[k], k);
      }
    }
  }
  let m = 0;
  while (heap.size > 0) {
    const k = heap.pop();
    order[m++] = k;
    const r = (k / width) | 0;
    const c = k - r * width;
    for (let d = 0; d < 8; d++) {
      const rr = r + DR[d];
      const cc = c + DC[d];
      if (rr < 0 || cc < 0 || rr >= height || cc >= width) continue;
      const j = rr * width + cc;
      if (done[j] || !land[j]) continue;
      done[j] = 1;
      receiver[j] = k;
      heap.push(key[j], j);
    }
  }

  // 3. Drainage area, accumulated from the leaves down (reverse flood order).
  const accumulation = new Float64Array(n);
  for (let i = 0; i < m; i++) accumulation[order[i]] = 1;
  for (let i = m - 1; i >= 0; i--) {
    const k = order[i];
    if (receiver[k] >= 0) accumulation[receiver[k]] += accumulation[k];
  }

  // 4. Elevation up the tree from the coast (0 m), in relative units (the final scaling fixes metres):
  //    ks is 1 on the divide and 0.3 at the coast.
  const h = new Float64Array(n).fill(NaN);
  const cellArea = cell * cell;
  let hmax = 0;
  for (let i = 0; i < m; i++) {
    const k = order[i];
    const p = receiver[k];
    if (p < 0) {
      h[k] = 0;
    } else {
      const dc = (k % width) - (p % width);
      const step = dc !== 0 && k - p !== dc ? cell * Math.SQRT2 : cell;
      const ks = 0.3 + 0.7 * reg[k];
      h[k] = h[p] + ks * Math.pow(accumulation[k] * cellArea, -0.45) * step;
    }
    if (h[k] > hmax) hmax = h[k];
  }
  const raw = new Float32Array(n);
  for (let k = 0; k < n; k++) raw[k] = land[k] ? (h[k] * opts.maxElevation) / hmax : NaN;
  // Where two basins meet, their separately integrated heights can differ by a cliff; cut such
  // cliffs back to a steep but real slope.
  limitSlope(raw, width, height, cell, opts.maxSlope);
  // Neighbouring cells on different branches of the tree differ by a whole hillslope step; a light
  // ~100 m blur turns that cell-scale roughness into smooth slopes without moving the valleys.
  const radius = Math.max(1, Math.round(100 / cell));
  const elevation = boxBlur(boxBlur(raw, width, height, radius), width, height, radius);
  // Both steps lower the peaks a little (the highest cell ends near 650 m with maxElevation 800).
  for (let k = 0; k < n; k++) if (land[k]) elevation[k] = Math.max(0, Math.min(opts.maxElevation, elevation[k]));
  return { elevation, receiver, accumulation, order: order.subarray(0, m) };
}

/** Separable box blur that ignores NaN (sea) cells and leaves them NaN; radius in cells. */
export function boxBlur(src: Float32Array, width: number, height: number, radius: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      let s = 0;
      let n = 0;
      for (let q = Math.max(0, c - radius); q <= Math.min(width - 1, c + radius); q++) {
        const v = src[r * width + q];
        if (v === v) { s += v; n++; }
      }
      tmp[r * width + c] = n ? s / n : NaN;
    }
  }
  for (let c = 0; c < width; c++) {
    for (let r = 0; r < height; r++) {
      let s = 0;
      let n = 0;
      for (let q = Math.max(0, r - radius); q <= Math.min(height - 1, r + radius); q++) {
        const v = tmp[q * width + c];
        if (v === v) { s += v; n++; }
      }
      out[r * width + c] = n && src[r * width + c] === src[r * width + c] ? s / n : NaN;
    }
  }
  return out;
}

/**
 * Lower every cell to at most (neighbour + maxSlope x distance), for all neighbours: the largest
 * surface below h whose slopes never exceed maxSlope. It is a min-plus distance transform with
 * 8-neighbour chamfer weights: a forward and a backward raster scan settle it on open ground; around
 * nodata (the sea) a path may need to turn back, so the scans repeat until nothing changes (in
 * practice once more). No pit can appear: a lowered cell stays above the neighbour that lowered it.
 */
export function limitSlope(h: Float32Array, width: number, height: number, cell: number, maxSlope: number): void {
  const a = maxSlope * cell;
  const b = maxSlope * cell * Math.SQRT2;
  let changed = true;
  const relax = (k: number, j: number, w: number) => {
    const v = h[j] + w;
    // Compare in Float32, as stored: otherwise a value that rounds back up would count as a change forever.
    if (v === v && Math.fround(v) < h[k]) {
      h[k] = v;
      changed = true;
    }
  };
  while (changed) {
    changed = false;
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const k = r * width + c;
        if (h[k] !== h[k]) continue;
        if (c > 0) relax(k, k - 1, a);
        if (r > 0) {
          const up = k - width;
          relax(k, up, a);
          if (c > 0) relax(k, up - 1, b);
          if (c + 1 < width) relax(k, up + 1, b);
        }
      }
    }
    for (let r = height - 1; r >= 0; r--) {
      for (let c = width - 1; c >= 0; c--) {
        const k = r * width + c;
        if (h[k] !== h[k]) continue;
        if (c + 1 < width) relax(k, k + 1, a);
        if (r + 1 < height) {
          const dn = k + width;
          relax(k, dn, a);
          if (c > 0) relax(k, dn - 1, b);
          if (c + 1 < width) relax(k, dn + 1, b);
        }
      }
    }
  }
}
