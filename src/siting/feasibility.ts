/**
 * Which structure types the terrain allows at a position, from an elevation grid (siting.elevation),
 * by the shape of the ground under the road (the DEM does not hold the road itself, so an embankment
 * built on flat ground cannot be seen; a valley or a cut can):
 *   - overpass, tunnel: the road runs in a cut: the ground `reach_m` to both sides of the road is at
 *     least `relief_m` higher than under the road (a bridge over the road then spans a short gap);
 *   - underpass, bridge, culvert: the road crosses a valley: the ground under the road is at least
 *     `relief_m` lower than `reach_m` ahead and behind along the road (the road is on a fill or a
 *     bridge there, so there is room beneath it).
 * A position whose samples fall off the DEM or on nodata allows nothing. Without an elevation grid
 * every type is allowed everywhere.
 */
import type { Grid } from "../grid/grid.ts";
import { makeTransformer, sameCrs } from "../grid/crs.ts";
import { mapToPixel } from "../grid/grid.ts";
import { type Polyline, pointAt } from "../geometry/polyline.ts";
import type { StructureType } from "../scenario/structure-types.ts";
import type { Crs } from "../grid/grid.ts";

export interface Relief {
  /** Ground on both sides minus ground under the road (the lower side), metres: > 0 in a cut. */
  cut: number;
  /** Ground ahead and behind along the road minus ground under it (the lower one), metres: > 0 in a valley. */
  valley: number;
}

export const CUT_TYPES: readonly StructureType[] = ["overpass", "tunnel"];

export function reliefAt(dem: Grid, line: Polyline, chainage: number, reach: number, landCrs: Crs | null): Relief | null {
  const p = pointAt(line, chainage);
  const toDem = dem.crs && landCrs && !sameCrs(dem.crs, landCrs) ? makeTransformer(landCrs, dem.crs) : null;
  const z = (x: number, y: number): number => {
    const [u, v] = toDem ? toDem(x, y) : [x, y];
    const [c, r] = mapToPixel(dem, u, v);
    const col = Math.floor(c);
    const row = Math.floor(r);
    if (col < 0 || row < 0 || col >= dem.width || row >= dem.height) return NaN;
    const val = dem.data[row * dem.width + col];
    return dem.nodata !== null && dem.nodata !== undefined && val === dem.nodata ? NaN : val;
  };
  const z0 = z(p.x, p.y);
  // across: the road's normal; along: its direction
  const left = z(p.x - p.dy * reach, p.y + p.dx * reach);
  const right = z(p.x + p.dy * reach, p.y - p.dx * reach);
  const ahead = z(p.x + p.dx * reach, p.y + p.dy * reach);
  const behind = z(p.x - p.dx * reach, p.y - p.dy * reach);
  if ([z0, left, right, ahead, behind].some((v) => !Number.isFinite(v))) return null;
  return { cut: Math.min(left, right) - z0, valley: Math.min(ahead, behind) - z0 };
}

export function feasible(type: StructureType, relief: Relief | null, minRelief: number): boolean {
  if (!relief) return false;
  return CUT_TYPES.includes(type) ? relief.cut >= minRelief : relief.valley >= minRelief;
}
