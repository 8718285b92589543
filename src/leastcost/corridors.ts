/**
 * Least-cost corridors (Linkage Mapper's normalized corridors). For a pair (a, b) the value of a cell is
 * CWD_a + CWD_b - LCD_ab: the extra cost of the best route from a to b forced through that cell, 0 on the
 * least-cost path itself. The mosaic takes the minimum over pairs, and a width cut-off blanks (NaN) cells
 * whose value exceeds it, leaving corridors of a given cost-width.
 */

/** Add one pair's normalized corridor into `mosaic` (cell-wise minimum). Unreachable cells stay as they were. */
export function addCorridor(mosaic: Float64Array, cwdA: Float64Array, cwdB: Float64Array, lcd: number): void {
  if (!(lcd < Infinity)) return; // a pair with no path has no corridor
  for (let i = 0; i < mosaic.length; i++) {
    // Mathematically >= 0; clamp the last-bit rounding on the path itself so the path reads exactly 0.
    let v = cwdA[i] + cwdB[i] - lcd;
    if (!(v < Infinity)) continue;
    if (v < 0) v = 0;
    if (!(mosaic[i] <= v)) mosaic[i] = v; // NaN (no corridor yet) or larger
  }
}

/** A pair's normalized corridor alone (NaN where either cost distance is infinite). */
export function normalizedCorridor(cwdA: Float64Array, cwdB: Float64Array, lcd: number): Float64Array {
  const out = new Float64Array(cwdA.length).fill(NaN);
  addCorridor(out, cwdA, cwdB, lcd);
  return out;
}

/** Minimum over pairs; `pairs` lists [index a, index b, LCD_ab]. NaN where no pair reaches a cell. */
export function corridorMosaic(cwd: Float64Array[], pairs: [number, number, number][], cutoff?: number): Float64Array {
  const mosaic = new Float64Array(cwd[0].length).fill(NaN);
  for (const [a, b, lcd] of pairs) addCorridor(mosaic, cwd[a], cwd[b], lcd);
  if (cutoff !== undefined) applyCutoff(mosaic, cutoff);
  return mosaic;
}

/** Cells above `cutoff` (in the corridor's cost units) become NaN. */
export function applyCutoff(corridor: Float64Array, cutoff: number): void {
  if (!(cutoff >= 0)) throw new RangeError(`corridor cut-off must be a number >= 0, got ${cutoff}`);
  for (let i = 0; i < corridor.length; i++) if (corridor[i] > cutoff) corridor[i] = NaN;
}
