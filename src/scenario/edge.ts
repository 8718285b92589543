/**
 * Edge effects. The grid's edge is an insulating boundary: current cannot flow around a structure
 * or out of a core beyond it as it would in the real landscape, so near the edge it is squeezed and
 * a structure there looks better (or worse) than it is. A structure or core closer to the edge than
 * EDGE_WARNING_M gets a caution on stderr, in results.json and at the top of the report; the remedy
 * is a larger grid around the study area (a buffer of land beyond it).
 */
import type { Grid } from "../grid/grid.ts";
import type { Core } from "./evaluate.ts";
import { type Polyline, pointAt } from "../geometry/polyline.ts";

/** Distance from the grid edge (m) under which a structure or core gets a caution. */
export const EDGE_WARNING_M = 2000;

export interface Placed {
  id: string;
  chainage_m: number;
  /** Scenarios with this structure here (for the message); empty for an existing structure. */
  scenarios: string[];
}

/** Distance from a point to the nearest edge of the grid's extent (negative outside). */
function edgeDistance(g: Grid, x: number, y: number): number {
  const t = g.transform;
  const xa = t[0];
  const xb = t[0] + g.width * t[1];
  const ya = t[3];
  const yb = t[3] + g.height * t[5];
  return Math.min(x - Math.min(xa, xb), Math.max(xa, xb) - x, y - Math.min(ya, yb), Math.max(ya, yb) - y);
}

/** Chainage in km with up to two decimals (750 m is km 0.75, not a rounded km 0.8). */
const km = (m: number) => String(+(m / 1000).toFixed(2));

export function edgeCautions(
  template: Grid,
  focal: Grid,
  cores: readonly Core[],
  line: Polyline,
  structures: readonly Placed[],
  limit = EDGE_WARNING_M,
): string[] {
  const out: string[] = [];
  for (const s of structures) {
    const p = pointAt(line, s.chainage_m);
    const d = edgeDistance(template, p.x, p.y);
    if (d < limit) {
      const where = s.scenarios.length
        ? ` (scenario${s.scenarios.length > 1 ? "s" : ""} ${s.scenarios.map((n) => `'${n}'`).join(", ")})`
        : " (existing)";
      out.push(
        `structure '${s.id}' at km ${km(s.chainage_m)}${where} lies ${Math.round(d)} m from the edge of the grid, under ${limit} m: the edge blocks the current that would pass around it, so its effect is uncertain; extend the landscape beyond it`,
      );
    }
  }
  // Cores: the distance of their nearest cell centre, less half a cell (the cell's own edge).
  const t = focal.transform;
  const half = Math.abs(t[1]) / 2;
  const nearest = new Map<number, number>();
  for (let r = 0; r < focal.height; r++) {
    for (let c = 0; c < focal.width; c++) {
      const id = focal.data[r * focal.width + c];
      if (!(id > 0)) continue;
      const d = edgeDistance(focal, t[0] + (c + 0.5) * t[1], t[3] + (r + 0.5) * t[5]) - half;
      if (d < (nearest.get(id) ?? Infinity)) nearest.set(id, d);
    }
  }
  for (const core of cores) {
    const d = nearest.get(core.id);
    if (d !== undefined && d < limit) {
      out.push(
        `core ${core.id} comes within ${Math.round(d)} m of the edge of the grid, under ${limit} m: current cannot leave it on that side, so its pairs' results depend on where the grid was cut; extend the landscape beyond it`,
      );
    }
  }
  return out;
}
