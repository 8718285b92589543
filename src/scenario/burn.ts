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
import { pointAt } from "../geometry/polyline.ts";
import type { ResolvedScenario } from "./resolve.ts";
import type { RoadBand } from "./road.ts";

export interface Burnt {
  resistance: Float64Array;
  /** Index into scenario.structures for each cell, -1 where there is none. */
  structureOfCell: Int32Array;
  /** Cells each structure opens (sc.structures order); 0 means it opens nothing (see evaluate.ts). */
  cells: number[];
}

/** The structures of a resolved scenario as crossings for burnCrossings (same order). */
export function scenarioCrossings(road: RoadBand, sc: ResolvedScenario): Crossing[] {
  return sc.structures.map((s) => {
    const p = pointAt(road.line, s.chainage_m);
    return {
      geometry: { point: [p.x, p.y] },
      type: s.type,
      width: s.width_m,
      effectiveness: s.effectiveness,
      id: s.id,
      label: `structure '${s.id}' (${s.type} at ${s.chainage_m.toFixed(0)} m)`,
    };
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
      for (let k = 0; k < road.cells.length; k++)
        if (road.chainage[k] >= f.from_m && road.chainage[k] <= f.to_m) fenceMask[road.cells[k]] = 1;
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
  const cells = burnt.structures.map((s) => s.cells);
  if (!out) return { resistance: burnt.resistance, structureOfCell: burnt.structureOfCell, cells };
  out.resistance.set(burnt.resistance);
  out.structureOfCell.set(burnt.structureOfCell);
  out.cells = cells;
  return out;
}

/**
 * One warning per structure of `sc` that opens no cell in `burnt` (the same check as `crossway
 * resistance`). Legal, but almost never what the planner meant: its lanes all lie on nodata (a river
 * mapped as nodata) or off the road, or the structures beside it offer a lower resistance on every
 * cell it would open. Burning it alone tells the two apart; that costs one more burn, only for
 * structures that warn.
 */
export function emptyStructureWarnings(land: Float64Array, road: RoadBand, sc: ResolvedScenario, burnt: Burnt): string[] {
  const warnings: string[] = [];
  const crossings = scenarioCrossings(road, sc);
  sc.structures.forEach((s, k) => {
    if (burnt.cells[k] > 0) return;
    const alone = sc.structures.length > 1 ? burnScenario(land, road, { ...sc, structures: [s] }).cells[0] : 0;
    warnings.push(
      alone > 0
        ? `${crossings[k].label} opens no cell: on every cell it would open (${alone}) another structure offers a lower or equal resistance`
        : `${crossings[k].label} opens no cell: every cell of its lanes is nodata or off the road`,
    );
  });
  return warnings;
}
