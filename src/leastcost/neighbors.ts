import type { GeoTransform } from "../grid/grid.ts";

/** Neighbourhoods for least-cost moves: rook (4), queen (8), queen plus knight's moves (16, as R's gdistance). */
export type Neighbors = 4 | 8 | 16;

/**
 * Direction table, ordered so that the first 4 are the rook moves, the first 8 add the diagonals and all
 * 16 add the knight's moves. A back-link stores the index of the direction that led INTO a cell, so one
 * Int8 per cell replaces an Int32 predecessor index (the predecessor is cell - dr*width - dc).
 */
export const DIR_DR = Int8Array.of(0, 1, 0, -1, 1, 1, -1, -1, 1, 2, 2, 1, -1, -2, -2, -1);
export const DIR_DC = Int8Array.of(1, 0, -1, 0, 1, -1, -1, 1, 2, 1, -1, -2, -2, -1, 1, 2);

/** Back-link value of a source cell, or of a cell not reached. */
export const NO_LINK = -1;

export function checkNeighbors(n: unknown, where = "neighbors"): Neighbors {
  if (n === 4 || n === 8 || n === 16) return n;
  throw new RangeError(`${where} must be 4, 8 or 16, got ${String(n)}`);
}

/**
 * Length in map units of each direction's step, from the geotransform (so rectangular or rotated cells are
 * measured correctly): cell size, cell size x sqrt 2, cell size x sqrt 5 on square cells.
 */
export function stepLengths(t: GeoTransform, neighbors: Neighbors): Float64Array {
  const len = new Float64Array(neighbors);
  for (let d = 0; d < neighbors; d++) {
    const dx = DIR_DC[d] * t[1] + DIR_DR[d] * t[2];
    const dy = DIR_DC[d] * t[4] + DIR_DR[d] * t[5];
    len[d] = Math.hypot(dx, dy);
  }
  return len;
}
