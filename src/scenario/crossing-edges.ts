/**
 * The cell-graph edges that cross the highway centreline, found once per landscape geometry.
 *
 * An edge (u, v) between neighbouring cells crosses the road when the straight step between the
 * two cell centres intersects the centreline. Every unit of current that goes from one side of the
 * road to the other must flow through such edges, so the net current across the road in a solve is
 * sum over crossing edges of g_uv * (V_west - V_east). Only cells near the line are examined.
 */
import type { Grid } from "../grid/grid.ts";
import { type Polyline, crossing } from "../geometry/polyline.ts";

export interface CrossingEdges {
  count: number;
  /** Cell index on the west side of the road (the side the user calls "west"). */
  west: Int32Array;
  /** Cell index on the east side. */
  east: Int32Array;
  /** 1 for diagonal steps (conductance divided by sqrt 2), 0 for orthogonal. */
  diag: Uint8Array;
  /** Chainage (map units) where the step crosses the centreline. */
  chainage: Float64Array;
}

/**
 * @param westSide which side of the centreline's direction is "west": +1 left, -1 right
 *   (the `side` that `nearest()` reports for a west core).
 */
export function findCrossingEdges(grid: Grid, line: Polyline, neighbours: 4 | 8, westSide: 1 | -1): CrossingEdges {
  const { width, height, transform: t } = grid;
  const cell = Math.min(Math.abs(t[1]), Math.abs(t[5]));
  // Mark cells within one cell of the line, remembering which line segments passed near them.
  const near = new Map<number, number[]>();
  const { xy, chain } = line;
  for (let s = 0; s < chain.length - 1; s++) {
    const len = chain[s + 1] - chain[s];
    const steps = Math.max(1, Math.ceil(len / (cell / 4)));
    for (let k = 0; k <= steps; k++) {
      const x = xy[2 * s] + ((xy[2 * s + 2] - xy[2 * s]) * k) / steps;
      const y = xy[2 * s + 1] + ((xy[2 * s + 3] - xy[2 * s + 1]) * k) / steps;
      const c0 = Math.floor((x - t[0]) / t[1]);
      const r0 = Math.floor((y - t[3]) / t[5]);
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const c = c0 + dc;
          const r = r0 + dr;
          if (c < 0 || r < 0 || c >= width || r >= height) continue;
          const idx = r * width + c;
          let segs = near.get(idx);
          if (!segs) near.set(idx, (segs = []));
          if (segs[segs.length - 1] !== s) segs.push(s);
        }
      }
    }
  }
  // Each unordered neighbour pair once: right, down, and (8 neighbours) the two forward diagonals.
  const offsets: [number, number, number][] =
    neighbours === 8
      ? [
          [1, 0, 0],
          [0, 1, 0],
          [1, 1, 1],
          [-1, 1, 1],
        ]
      : [
          [1, 0, 0],
          [0, 1, 0],
        ];
  const west: number[] = [];
  const east: number[] = [];
  const diag: number[] = [];
  const chainage: number[] = [];
  const cx = (c: number) => t[0] + (c + 0.5) * t[1];
  const cy = (r: number) => t[3] + (r + 0.5) * t[5];
  const cells = [...near.keys()].sort((a, b) => a - b);
  for (const u of cells) {
    const ur = Math.floor(u / width);
    const uc = u - ur * width;
    for (const [dc, dr, dg] of offsets) {
      const vc = uc + dc;
      const vr = ur + dr;
      if (vc < 0 || vr < 0 || vc >= width || vr >= height) continue;
      const v = vr * width + vc;
      const segsU = near.get(u)!;
      const segsV = near.get(v);
      const segs = segsV ? [...new Set([...segsU, ...segsV])] : segsU;
      const hit = crossing(line, cx(uc), cy(ur), cx(vc), cy(vr), segs);
      if (hit.dir === 0) continue;
      // hit.dir = +1 when u is left of the line. u is west when its side equals westSide.
      const uIsWest = hit.dir === westSide;
      west.push(uIsWest ? u : v);
      east.push(uIsWest ? v : u);
      diag.push(dg);
      chainage.push(hit.chainage);
    }
  }
  return {
    count: west.length,
    west: Int32Array.from(west),
    east: Int32Array.from(east),
    diag: Uint8Array.from(diag),
    chainage: Float64Array.from(chainage),
  };
}

/**
 * Conductance of each crossing edge under Circuitscape's rules, from per-cell conductances
 * (c = 1/r, 0 for nodata and barriers, as the circuit graph holds them): the mean of the two
 * conductances, or with averageResistances 1 / mean of the resistances; diagonals / sqrt 2.
 * 0 when either cell is off the graph, so the edge carries no current.
 */
export function crossingConductances(
  edges: CrossingEdges,
  cellConductance: ArrayLike<number>,
  averageResistances = false,
  out = new Float64Array(edges.count),
): Float64Array {
  for (let k = 0; k < edges.count; k++) {
    const c1 = cellConductance[edges.west[k]];
    const c2 = cellConductance[edges.east[k]];
    if (!(c1 > 0 && c2 > 0)) {
      out[k] = 0;
      continue;
    }
    const g = averageResistances ? 2 / (1 / c1 + 1 / c2) : (c1 + c2) / 2;
    out[k] = edges.diag[k] ? g / Math.SQRT2 : g;
  }
  return out;
}

/**
 * Net west-to-east current through each crossing edge for one solve, added into `acc`:
 * acc[k] += sign * g_k * (V[node(west_k)] - V[node(east_k)]). `sign` is +1 when the solve's
 * source lies west of the road, -1 when it lies east (so the sum is the current from the source
 * side to the sink side). Returns the net total for this solve.
 */
export function accumulateCrossingFlux(
  edges: CrossingEdges,
  conductance: Float64Array,
  nodeOfCell: Int32Array,
  voltages: ArrayLike<number>,
  sign: number,
  acc: Float64Array,
): number {
  let total = 0;
  for (let k = 0; k < edges.count; k++) {
    const g = conductance[k];
    if (g === 0) continue;
    const a = nodeOfCell[edges.west[k]];
    const b = nodeOfCell[edges.east[k]];
    if (a < 0 || b < 0 || a === b) continue;
    const f = sign * g * (voltages[a] - voltages[b]);
    acc[k] += f;
    total += f;
  }
  return total;
}
