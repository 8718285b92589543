/**
 * A Grid to RGBA pixels: stretch each value onto a colour ramp, nodata transparent (or a fixed
 * colour), optionally shaded by a hillshade so that the data read over the relief.
 * Pixels stay at the grid's own resolution here; map.ts scales them to print size with the canvas
 * library's resampler (area-averaging when shrinking, crisp cells when enlarging coarse grids).
 */
import { createCanvas, type Canvas } from "@napi-rs/canvas";
import { mapToPixel, cellCenter, type Grid } from "../grid/grid.ts";
import type { Stretch } from "./stretch.ts";

export interface ColorizeOptions {
  /** RGBA for nodata; default fully transparent. */
  nodata?: [number, number, number, number];
  /** Opacity of data cells 0..255. */
  alpha?: number;
}

export function colorize(grid: Grid, stretch: Stretch, lut: Uint8Array, opts: ColorizeOptions = {}): Uint8ClampedArray {
  const n = grid.width * grid.height;
  const out = new Uint8ClampedArray(n * 4);
  const nd = opts.nodata ?? [0, 0, 0, 0];
  const alpha = opts.alpha ?? 255;
  const data = grid.data;
  for (let i = 0; i < n; i++) {
    const t = stretch.unit(data[i]);
    const o = i * 4;
    if (Number.isNaN(t)) {
      out[o] = nd[0];
      out[o + 1] = nd[1];
      out[o + 2] = nd[2];
      out[o + 3] = nd[3];
      continue;
    }
    const k = Math.round(t * 255) * 3;
    out[o] = lut[k];
    out[o + 1] = lut[k + 1];
    out[o + 2] = lut[k + 2];
    out[o + 3] = alpha;
  }
  return out;
}

/**
 * The shade of `dem` at each cell of `grid`: the same array when the two grids share shape and
 * transform, else the nearest DEM cell to each grid cell centre (NaN outside the DEM).
 */
export function shadeOnGrid(shade: Float32Array, dem: Grid, grid: Grid): Float32Array {
  const same =
    dem.width === grid.width &&
    dem.height === grid.height &&
    dem.transform.every((v, i) => Math.abs(v - grid.transform[i]) <= 1e-9 * Math.max(1, Math.abs(v)));
  if (same) return shade;
  const out = new Float32Array(grid.width * grid.height);
  for (let r = 0; r < grid.height; r++) {
    for (let c = 0; c < grid.width; c++) {
      const [x, y] = cellCenter(grid, c, r);
      const [fc, fr] = mapToPixel(dem, x, y);
      const cc = Math.floor(fc);
      const rr = Math.floor(fr);
      out[r * grid.width + c] = cc >= 0 && rr >= 0 && cc < dem.width && rr < dem.height ? shade[rr * dem.width + cc] : NaN;
    }
  }
  return out;
}

/**
 * Blend a hillshade under the colours, in place. Flat ground (shade = cos 45 deg) keeps its colour,
 * slopes facing the light brighten and those facing away darken, by `strength` (0..1).
 * Nodata cells get a pale grey relief (when `shadeNodata`) so land without data still shows shape.
 */
export function applyShade(rgba: Uint8ClampedArray, shade: Float32Array, strength = 0.45, shadeNodata = false): void {
  const flat = Math.SQRT1_2;
  const n = shade.length;
  for (let i = 0; i < n; i++) {
    const s = shade[i];
    if (Number.isNaN(s)) continue;
    const o = i * 4;
    if (rgba[o + 3] === 0) {
      if (!shadeNodata) continue;
      const g = 200 + 45 * (s - flat);
      rgba[o] = g;
      rgba[o + 1] = g;
      rgba[o + 2] = g;
      rgba[o + 3] = 255;
      continue;
    }
    const f = 1 + strength * (s - flat) * 1.6;
    rgba[o] = rgba[o] * f;
    rgba[o + 1] = rgba[o + 1] * f;
    rgba[o + 2] = rgba[o + 2] * f;
  }
}

/** The RGBA pixels as a canvas at grid resolution, ready to be drawn scaled. */
export function rgbaCanvas(rgba: Uint8ClampedArray, width: number, height: number): Canvas {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(width, height);
  img.data.set(rgba);
  ctx.putImageData(img, 0, 0);
  return canvas;
}

/** Pixel size of a map area whose long side is `longSide`, keeping the grid's aspect ratio. */
export function printSize(width: number, height: number, longSide: number): { width: number; height: number; scale: number } {
  const scale = longSide / Math.max(width, height);
  return { width: Math.round(width * scale), height: Math.round(height * scale), scale };
}
