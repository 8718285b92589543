/**
 * Mortality metrics of one scenario surface: the absorbing walk (chain.ts) on the same cell graph as
 * the circuit analysis (same neighbours, same edge conductances, cores short-circuited), with q from
 * the mortality grid (grid.ts). For each cross-road pair (a, b) both directions are solved, a -> b
 * with b absorbing and b -> a with a absorbing; road deaths are tallied per road segment.
 */
import type { Grid } from "../grid/grid.ts";
import { buildCircuitGraph } from "../graph/circuit-graph.ts";
import { groundConductances, solveDirections, type Direction } from "./chain.ts";
import { mortalityGrid } from "./grid.ts";
import type { ResolvedMortality } from "./traffic.ts";

export interface MortalityPair {
  a: number;
  b: number;
  /** P(a walker released in core a reaches core b before dying), and the reverse. */
  success_ab: number;
  success_ba: number;
  /** Expected deaths on road cells per walker, per direction. */
  road_deaths_ab: number;
  road_deaths_ba: number;
  /** Expected deaths anywhere per walker (road + background), per direction. */
  deaths_ab: number;
  deaths_ba: number;
}

export interface MortalityEvaluation {
  pairs: MortalityPair[];
  /** Per road segment: sum over the pairs of the mean over both directions of the road deaths there. */
  segmentDeaths: Float64Array;
  /** q per cell (NaN off the graph). */
  q: Float64Array;
  /**
   * Expected road deaths per cell per walker, summed over the pairs (mean of both directions), as the
   * segments are: NaN off the road cells. Only when asked (keepDeaths); its sum is the sum of segmentDeaths.
   */
  roadDeaths?: Float64Array;
  warnings: string[];
  /** Directions solved (two per connected pair; with the default method they share one solve per core). */
  directions: number;
}

export interface MortalityInput {
  /** The scenario's resistance surface (structures and fences burnt in). */
  resistance: Grid;
  focal: Grid;
  road: { cells: Int32Array; chainage: Float64Array };
  structureOfCell: Int32Array;
  mortality: ResolvedMortality;
  neighbours: 4 | 8;
  avgResistance: boolean;
  segmentLength: number;
  nSegments: number;
  /** Core pairs to score (a < b). */
  pairs: [number, number][];
  /** Solver threads (undefined: the engine's default). */
  threads?: number;
  /** Also return roadDeaths per cell. */
  keepDeaths?: boolean;
}

export function evaluateMortality(inp: MortalityInput): MortalityEvaluation {
  const q = mortalityGrid(inp.resistance.data as Float64Array, inp.focal.data, inp.road, inp.structureOfCell, inp.mortality);
  const graph = buildCircuitGraph(inp.resistance, { neighbors: inp.neighbours, avgResistance: inp.avgResistance, regions: inp.focal.data });
  const ground = groundConductances(graph, q);
  // Road segment of each road cell's node (road cells are single-cell nodes unless a core covers them).
  const tallyOf = new Int32Array(graph.nNodes).fill(-1);
  for (let k = 0; k < inp.road.cells.length; k++) {
    const u = graph.nodeOfCell[inp.road.cells[k]];
    if (u < 0 || inp.focal.data[inp.road.cells[k]] > 0) continue;
    tallyOf[u] = Math.min(inp.nSegments - 1, Math.floor(inp.road.chainage[k] / inp.segmentLength));
  }
  const nodeOfCore = new Map<number, number>();
  for (let i = 0; i < graph.nodeOfCell.length; i++) {
    const id = inp.focal.data[i];
    if (id > 0 && graph.nodeOfCell[i] >= 0 && !nodeOfCore.has(id)) nodeOfCore.set(id, graph.nodeOfCell[i]);
  }
  const dirs: Direction[] = [];
  const dirOf: number[] = []; // per pair: index of its a -> b direction, -1 when a core is off the graph
  for (const [a, b] of inp.pairs) {
    const na = nodeOfCore.get(a);
    const nb = nodeOfCore.get(b);
    if (na === undefined || nb === undefined) {
      dirOf.push(-1);
      continue;
    }
    dirOf.push(dirs.length);
    dirs.push({ source: na, target: nb }, { source: nb, target: na });
  }
  const tallyNodes = inp.keepDeaths ? new Float64Array(graph.nNodes) : undefined;
  const res = solveDirections(graph, ground, dirs, {
    tol: inp.mortality.tolerance,
    tallyOf,
    nTallies: inp.nSegments,
    threads: inp.threads,
    tallyNodes,
  });
  const segmentDeaths = new Float64Array(inp.nSegments);
  const warnings: string[] = [];
  const sumOf = (t: Float64Array) => t.reduce((s, x) => s + x, 0);
  const pairs = inp.pairs.map(([a, b], p): MortalityPair => {
    const d = dirOf[p];
    if (d < 0 || !res[d].connected) {
      return { a, b, success_ab: 0, success_ba: 0, road_deaths_ab: NaN, road_deaths_ba: NaN, deaths_ab: NaN, deaths_ba: NaN };
    }
    const ab = res[d];
    const ba = res[d + 1];
    for (let s = 0; s < inp.nSegments; s++) segmentDeaths[s] += (ab.tally[s] + ba.tally[s]) / 2;
    if (ab.success === 0 || ba.success === 0) {
      warnings.push(`cores ${a} and ${b}: every path between them crosses a cell of mortality 1, so the success probability is 0`);
    }
    return {
      a,
      b,
      success_ab: ab.success,
      success_ba: ba.success,
      road_deaths_ab: sumOf(ab.tally),
      road_deaths_ba: sumOf(ba.tally),
      deaths_ab: ab.deaths,
      deaths_ba: ba.deaths,
    };
  });
  let roadDeaths: Float64Array | undefined;
  if (tallyNodes) {
    // Per cell: tallied nodes are single road cells; each direction counts half (a pair's metric is the
    // mean of its two directions). Directions that were not solved (cores in different components) added
    // nothing to tallyNodes, as they add nothing to segmentDeaths.
    roadDeaths = new Float64Array(graph.nodeOfCell.length).fill(NaN);
    for (let k = 0; k < inp.road.cells.length; k++) {
      const cell = inp.road.cells[k];
      const u = graph.nodeOfCell[cell];
      if (u < 0 || tallyOf[u] < 0) continue;
      roadDeaths[cell] = tallyNodes[u] / 2;
    }
  }
  return { pairs, segmentDeaths, q, warnings, directions: dirs.length, ...(roadDeaths ? { roadDeaths } : {}) };
}
