/**
 * A scenario's resistance surface: the land without the road, then the road band, then fences
 * (barriers), then crossing structures (which win over fences: a fence ends at a structure).
 *
 * A structure of effectiveness e on a road cell of underlying land resistance r_land gets the
 * conductance  c = e / r_land + (1 - e) / r_road,  i.e. it passes the fraction e of what the land
 * would pass had there been no road (e = 1: as if the road were not there; e = 0: plain road).
 * A road cell whose along-road extent [ch - cell/2, ch + cell/2] overlaps the opening
 * [s - w/2, s + w/2] by the fraction f of a cell gets c = f * c_open + (1 - f) / r_road (the opening
 * and the rest of the cell side by side). Within 0.75 cell of the centre f >= min(1, w / cell), so a
 * structure narrower than a cell still opens the whole band across the road (with a conductance in
 * proportion to its width), and a wide one opens several cells along it. Where structures overlap,
 * a cell takes the more conductive one.
 */
import type { ResolvedScenario } from "./resolve.ts";
import type { RoadBand } from "./road.ts";

export interface Burnt {
  resistance: Float64Array;
  /** Index into scenario.structures for each cell, -1 where there is none. */
  structureOfCell: Int32Array;
}

export function burnScenario(land: ArrayLike<number>, road: RoadBand, sc: ResolvedScenario, out?: Burnt): Burnt {
  const n = land.length;
  const resistance = out?.resistance ?? new Float64Array(n);
  const structureOfCell = out?.structureOfCell ?? new Int32Array(n);
  for (let i = 0; i < n; i++) resistance[i] = land[i];
  structureOfCell.fill(-1);
  const rRoad = sc.parameters.road_resistance;
  const { cells, chainage } = road;
  for (let k = 0; k < cells.length; k++) {
    const i = cells[k];
    // Nodata under the road (sea, outside the study area) stays nodata: the road does not create land.
    if (Number.isNaN(land[i])) continue;
    resistance[i] = rRoad;
  }
  for (const f of sc.fences) {
    for (let k = 0; k < cells.length; k++) {
      if (chainage[k] >= f.from_m && chainage[k] <= f.to_m && !Number.isNaN(land[cells[k]])) resistance[cells[k]] = Infinity;
    }
  }
  const cs = road.cellSize;
  const minHalf = 0.75 * cs;
  sc.structures.forEach((s, si) => {
    const w = s.width_m;
    const lo = s.chainage_m - w / 2;
    const hi = s.chainage_m + w / 2;
    const reach = Math.max(w / 2 + cs / 2, minHalf);
    const e = s.effectiveness;
    for (let k = 0; k < cells.length; k++) {
      const ch = chainage[k];
      if (Math.abs(ch - s.chainage_m) > reach) continue;
      const i = cells[k];
      const rLand = land[i];
      if (!(rLand > 0) || rLand === Infinity) continue;
      // Fraction of the cell's length along the road that the opening covers (parallel conductances
      // add in proportion to width), at least min(1, w / cell) within 0.75 cell of the centre so a
      // narrow structure still opens the whole band across the road.
      let f = Math.max(0, Math.min(ch + cs / 2, hi) - Math.max(ch - cs / 2, lo)) / cs;
      if (Math.abs(ch - s.chainage_m) <= minHalf) f = Math.max(f, Math.min(1, w / cs));
      if (f <= 0) continue;
      const cOpen = e / rLand + (1 - e) / rRoad;
      const c = f * cOpen + (1 - f) / rRoad;
      // Overlapping structures: the cell passes what the better one passes (so adding a structure
      // can never lower a cell's conductance - effective resistance stays monotone).
      if (structureOfCell[i] >= 0 && 1 / resistance[i] >= c) continue;
      resistance[i] = 1 / c;
      structureOfCell[i] = si;
    }
  });
  return { resistance, structureOfCell };
}
