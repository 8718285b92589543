/**
 * The demo's raster frame: a north-up grid in EPSG:32652 (WGS 84 / UTM 52N). Rows run north to south.
 */
import type { GeoTransform } from "../../src/grid/grid.ts";

export interface Frame {
  /** West edge (m). */
  x0: number;
  /** North edge (m). */
  yTop: number;
  /** Cell size (m). */
  cell: number;
  width: number;
  height: number;
  transform: GeoTransform;
  center(col: number, row: number): [number, number];
  /** [minX, minY, maxX, maxY] */
  extent(): [number, number, number, number];
  /** Cell (col, row) holding a map point, or null outside. */
  cellOf(x: number, y: number): [number, number] | null;
}

export function makeFrame(x0: number, yTop: number, widthM: number, heightM: number, cell: number): Frame {
  const width = Math.round(widthM / cell);
  const height = Math.round(heightM / cell);
  return {
    x0,
    yTop,
    cell,
    width,
    height,
    transform: [x0, cell, 0, yTop, 0, -cell],
    center: (c, r) => [x0 + (c + 0.5) * cell, yTop - (r + 0.5) * cell],
    extent: () => [x0, yTop - height * cell, x0 + width * cell, yTop],
    cellOf(x, y) {
      const c = Math.floor((x - x0) / cell);
      const r = Math.floor((yTop - y) / cell);
      return c >= 0 && c < width && r >= 0 && r < height ? [c, r] : null;
    },
  };
}
