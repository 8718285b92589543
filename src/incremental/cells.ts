/**
 * The circuit graph's rules at the level of one cell and one edge, for code that patches a graph
 * instead of building it (src/graph/circuit-graph.ts builds it; both must agree to the bit):
 *  - a cell's conductance is 1/r, 0 for nodata (NaN) and barriers (+Infinity);
 *  - a cell is a node when its conductance is > 0, or when it belongs to a core (short-circuit region)
 *    that has at least one cell of positive conductance;
 *  - an edge joins two neighbouring cells on different nodes with weight (c1 + c2) / 2, or
 *    1 / ((r1 + r2) / 2) with average resistances (0 when either conductance is 0), divided by sqrt 2
 *    on diagonals; an edge of weight 0 is no edge.
 */

export function conductanceOf(r: number): number {
  return r === r && r > 0 && r < Infinity ? 1 / r : 0;
}

export function edgeWeight(c1: number, c2: number, diagonal: boolean, avgResistance: boolean): number {
  if (avgResistance) {
    if (c1 <= 0 || c2 <= 0) return 0;
    const g = 2 / (1 / c1 + 1 / c2);
    return diagonal ? g / Math.SQRT2 : g;
  }
  return diagonal ? (c1 + c2) / (2 * Math.SQRT2) : (c1 + c2) / 2;
}

/** Neighbour offsets (drow, dcol), in the order the graph builder visits them. */
export function neighbourOffsets(neighbours: 4 | 8): { dr: number[]; dc: number[] } {
  return neighbours === 8 ? { dr: [-1, -1, -1, 0, 0, 1, 1, 1], dc: [-1, 0, 1, -1, 1, -1, 0, 1] } : { dr: [-1, 0, 0, 1], dc: [0, -1, 1, 0] };
}

/** Same value, NaN equal to NaN. */
export function sameValue(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}
