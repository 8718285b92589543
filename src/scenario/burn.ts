/**
 * A scenario's resistance surface, built with the same code as `crossway resistance`
 * (src/resistance): the land, the road band (roads.ts rules: a road cell takes max(land, r_road),
 * nodata stays nodata), fences (+Infinity on the road cells between their chainages), then the
 * crossing structures burnt in by src/resistance/crossings.ts `burnCrossings` - the one crossing
 * rule, documented in that file's header. A structure placed by chainage is a Point on the
 * centreline there; the structures keep their order, so structureOfCell indexes sc.structures.
 */
import { burnCrossings, type Crossing } from "../resistance/crossings.ts";
import { applyRoads } from "../resistance/roads.ts";
import { DEFAULT_NODATA, type Grid } from "../grid/grid.ts";
import { pointAt } from "./highway.ts";
import type { ResolvedScenario } from "./resolve.ts";
import type { RoadBand } from "./road.ts";

export interface Burnt {
  resistance: Float64Array;
  /** Index into scenario.structures for each cell, -1 where there is none. */
  structureOfCell: Int32Array;
}

/** The structures of a resolved scenario as crossings for burnCrossings (same order). */
export function scenarioCrossings(road: RoadBand, sc: ResolvedScenario): Crossing[] {
  return sc.structures.map((s) => {
    const p = pointAt(road.line, s.chainage_m);
    return { geometry: { point: [p.x, p.y] }, type: s.type, width: s.width_m, effectiveness: s.effectiveness, id: s.id, label: `structure '${s.id}' (${s.type} at ${s.chainage_m.toFixed(0)} m)` };
  });
}

export function burnScenario(land: Float64Array, road: RoadBand, sc: ResolvedScenario, out?: Burnt): Burnt {
  const n = land.length;
  const rRoad = sc.parameters.road_resistance;
  const roadMask = new Uint8Array(n);
  const roadResistance = new Float64Array(n).fill(NaN);
  for (let k = 0; k < road.cells.length; k++) {
    roadMask[road.cells[k]] = 1;
    roadResistance[road.cells[k]] = rRoad;
  }
  let fenceMask: Uint8Array | null = null;
  if (sc.fences.length > 0) {
    fenceMask = new Uint8Array(n);
    for (const f of sc.fences) {
      for (let k = 0; k < road.cells.length; k++) if (road.chainage[k] >= f.from_m && road.chainage[k] <= f.to_m) fenceMask[road.cells[k]] = 1;
    }
  }
  const surface = applyRoads(land, { mask: roadMask, resistance: roadResistance, added: null, thickened: 0 }, fenceMask);
  const grid: Grid = { ...road.grid, data: surface, crs: null, nodata: DEFAULT_NODATA };
  const burnt = burnCrossings(surface, scenarioCrossings(road, sc), {
    grid,
    roads: [{ parts: road.parts, width: road.widthM, resistance: rRoad, label: "highway" }],
    roadMask,
    roadResistance,
    fenceMask,
    rmax: rRoad,
  });
  if (!out) return { resistance: burnt.resistance, structureOfCell: burnt.structureOfCell };
  out.resistance.set(burnt.resistance);
  out.structureOfCell.set(burnt.structureOfCell);
  return out;
}
