/**
 * Do two grids share cells? Same CRS, same size, same cell size and same origin (to a millionth of a
 * cell). Analyses combine grids cell by cell, so a misaligned layer must stop the run with a message
 * that names both files and what differs, never be silently shifted.
 */
import { crsLabel, sameCrs } from "./crs.ts";
import { CrosswayError } from "../util/errors.ts";
import type { Grid } from "./grid.ts";

/** Relative tolerance, in cells, for cell sizes and origins. */
export const ALIGN_TOLERANCE = 1e-6;

/** What differs between two grids, as human-readable phrases; empty when they align.
 *  A grid without a CRS (an .asc with no .prj) is taken to be in the other's CRS. */
export function alignmentDifferences(a: Grid, b: Grid, tolerance = ALIGN_TOLERANCE): string[] {
  const out: string[] = [];
  if (a.crs !== null && b.crs !== null && !sameCrs(a.crs, b.crs)) out.push(`CRS: ${crsLabel(a.crs)} vs ${crsLabel(b.crs)}`);
  if (a.width !== b.width || a.height !== b.height) out.push(`size (columns x rows): ${a.width} x ${a.height} vs ${b.width} x ${b.height}`);
  const ta = a.transform;
  const tb = b.transform;
  const cell = Math.max(Math.abs(ta[1]), Math.abs(ta[5]), Math.abs(tb[1]), Math.abs(tb[5]));
  const tol = tolerance * cell;
  const differs = (i: number): boolean => !(Math.abs(ta[i] - tb[i]) <= tol);
  if (differs(1) || differs(5)) {
    const size = (t: typeof ta): string => (Math.abs(t[1]) === Math.abs(t[5]) ? `${Math.abs(t[1])}` : `${t[1]} x ${Math.abs(t[5])}`);
    out.push(`cell size: ${size(ta)} vs ${size(tb)}`);
  }
  if (differs(2) || differs(4)) out.push(`rotation terms: [${ta[2]}, ${ta[4]}] vs [${tb[2]}, ${tb[4]}]`);
  if (differs(0) || differs(3)) out.push(`upper-left corner (x, y): (${ta[0]}, ${ta[3]}) vs (${tb[0]}, ${tb[3]})`);
  return out;
}

export function isAligned(a: Grid, b: Grid, tolerance = ALIGN_TOLERANCE): boolean {
  return alignmentDifferences(a, b, tolerance).length === 0;
}

/** Throw a CrosswayError naming both grids and every difference, unless they align. */
export function assertAligned(a: Grid, aName: string, b: Grid, bName: string, tolerance = ALIGN_TOLERANCE): void {
  const diffs = alignmentDifferences(a, b, tolerance);
  if (diffs.length === 0) return;
  throw new CrosswayError(
    `grids do not align: ${aName} and ${bName} differ in ${diffs.join("; ")} (first value is ${aName}'s; resample one onto the other)`,
    { file: aName },
  );
}
