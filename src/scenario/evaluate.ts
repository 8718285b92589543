/**
 * Evaluate one resolved scenario on a prepared landscape: burn its structures and fences into the
 * land, run the pairwise circuit solves (and least-cost distances), and measure the current that
 * crosses the highway centreline, per pair, per structure and per road segment.
 */
import type { Grid } from "../grid/grid.ts";
import type { CircuitGraph } from "../graph/circuit-graph.ts";
import { runPairwise } from "../circuit/pairwise.ts";
import { burnScenario, emptyStructureWarnings } from "./burn.ts";
import { accumulateCrossingFlux, type CrossingEdges, crossingConductances } from "./crossing-edges.ts";
import type { Polyline } from "../geometry/polyline.ts";
import type { PairResult } from "./metrics.ts";
import type { ResolvedScenario } from "./resolve.ts";
import type { RoadBand } from "./road.ts";
import type { Analysis } from "./schema.ts";
import { leastCostPairs, type LeastCostPair } from "./leastcost-adapter.ts";
import { evaluateMortality, type MortalityEvaluation } from "../mortality/evaluate.ts";

export interface Core {
  id: number;
  side: "west" | "east";
}

/** Everything a scenario evaluation needs that does not change between scenarios. */
export interface Landscape {
  /** Georeferencing template (its data is the land resistance). */
  template: Grid;
  /** Resistance of the land without the road (NaN nodata). May live in a SharedArrayBuffer. */
  land: Float64Array;
  /** Core id per cell, 0 where none (a Grid, as the circuit engine takes it). */
  focal: Grid;
  cores: Core[];
  line: Polyline;
  road: RoadBand;
  edges: CrossingEdges;
}

export interface ProfileSegment {
  segment: number;
  from_m: number;
  to_m: number;
  /** Net crossing current summed over the cross-road pair solves. */
  current: number;
  through_structures: number;
  open_road: number;
  structures: string[];
  /** Expected road deaths per walker in the segment, summed over the cross-road pairs (mean of both directions); with a mortality block only. */
  road_deaths?: number;
}

export interface Evaluation {
  pairs: PairResult[];
  profile: ProfileSegment[];
  /** Per cell, only when asked (run keeps them for GeoTIFF output; a sweep does not). */
  resistance?: Float64Array;
  cumulativeCurrent?: Float64Array;
  /** Mortality q per cell (NaN off the graph), only when asked and with a mortality block. */
  mortalityGrid?: Float64Array;
  /** Expected road deaths per cell per walker (NaN off the road), summed over the cross-road pairs as the profile is; as mortalityGrid. */
  roadDeathsGrid?: Float64Array;
  solves: number;
  seconds: { burn: number; circuit: number; leastCost: number; mortality?: number };
  /**
   * How the numbers were obtained: a full solve (absent in results stored before it existed), or on the
   * road-band model (src/incremental); `fallback` says why a scenario asked to be incremental was not.
   */
  solve?: {
    method: "full" | "incremental";
    changed_cells?: number;
    changed_nodes?: number;
    fallback?: string;
    /** Incremental only: least-cost distances from the reference's maps (a pure decrease) or searched in full. */
    least_cost?: "incremental" | "full";
    /** Incremental with grids: the largest relative difference from the full solve made for the grids (-1: a different least-cost crossing). */
    full_check?: number;
  };
  /** Structures that open no cell, one message each (absent in results stored before it existed). */
  warnings?: string[];
}

export function pairsToSolve(cores: Core[], which: "across" | "all"): (a: number, b: number) => boolean {
  const side = new Map(cores.map((c) => [c.id, c.side]));
  return (a, b) => which === "all" || side.get(a) !== side.get(b);
}

export function evaluateScenario(
  ls: Landscape,
  sc: ResolvedScenario,
  analysis: Analysis,
  opts: { keepGrids?: boolean; threads?: number } = {},
): Evaluation {
  const t0 = performance.now();
  const burnt = burnScenario(ls.land, ls.road, sc);
  const warnings = emptyStructureWarnings(ls.land, ls.road, sc, burnt);
  const grid: Grid = { ...ls.template, data: burnt.resistance };
  const t1 = performance.now();

  const side = new Map(ls.cores.map((c) => [c.id, c.side]));
  const { nSeg, segOfEdge, structOfEdge } = edgeTables(ls, analysis, burnt.structureOfCell);
  const acc = new Float64Array(ls.edges.count);
  const pairFlux = new Float64Array(ls.edges.count);
  let g: Float64Array | null = null;
  const crossing = new Map<string, { total: number; through: number; per: Record<string, number> }>();
  const include = pairsToSolve(ls.cores, analysis.pairs);

  const res = runPairwise(
    grid,
    ls.focal,
    {
      neighbors: analysis.neighbours,
      avgResistance: analysis.average_resistances,
      tol: analysis.tolerance,
      includePair: include,
      focalOffGraph: "disconnected",
      threads: opts.threads,
    },
    {
      onPair(a: number, b: number, voltages: Float64Array, _currents: Float64Array, graph: CircuitGraph) {
        if (side.get(a) === side.get(b)) return;
        if (!g) g = crossingConductances(ls.edges, graph.cellConductance, analysis.average_resistances);
        // The engine drives 1 A into b and out of a, so current flows from b's side to a's side:
        // orient west->east when b is west, and flip otherwise, so every pair adds +1 A when all crosses.
        const sign = side.get(b) === "west" ? 1 : -1;
        pairFlux.fill(0);
        const total = accumulateCrossingFlux(ls.edges, g, graph.nodeOfCell, voltages, sign, pairFlux);
        let through = 0;
        const per: Record<string, number> = {};
        for (const s of sc.structures) per[s.id] = 0;
        for (let k = 0; k < ls.edges.count; k++) {
          const f = pairFlux[k];
          if (f === 0) continue;
          acc[k] += f;
          const s = structOfEdge[k];
          if (s >= 0) {
            through += f;
            per[sc.structures[s].id] += f;
          }
        }
        crossing.set(`${a},${b}`, { total, through, per });
      },
    },
  );
  const t2 = performance.now();

  const k = res.ids.length;
  let lc: Map<string, LeastCostPair> = new Map();
  if (analysis.least_cost)
    lc = leastCostPairs(grid, ls.focal, res.ids, include, analysis.neighbours, burnt.structureOfCell, sc.structures, ls.road);
  const t3 = performance.now();

  // Movement and mortality: the absorbing walk on the same graph, for the cross-road pairs.
  let mort: MortalityEvaluation | null = null;
  if (sc.mortality) {
    const across: [number, number][] = [];
    for (let i = 0; i < res.ids.length; i++) {
      for (let j = i + 1; j < res.ids.length; j++) {
        if (include(res.ids[i], res.ids[j]) && side.get(res.ids[i]) !== side.get(res.ids[j])) across.push([res.ids[i], res.ids[j]]);
      }
    }
    mort = evaluateMortality({
      resistance: grid,
      focal: ls.focal,
      road: ls.road,
      structureOfCell: burnt.structureOfCell,
      mortality: sc.mortality,
      neighbours: analysis.neighbours,
      avgResistance: analysis.average_resistances,
      segmentLength: analysis.segment_length_m,
      nSegments: nSeg,
      pairs: across,
      threads: opts.threads,
      keepDeaths: opts.keepGrids,
    });
    warnings.push(...mort.warnings);
  }
  const mortOf = new Map((mort?.pairs ?? []).map((m) => [`${m.a},${m.b}`, m]));
  const t4 = performance.now();

  const pairs: PairResult[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const a = res.ids[i];
      const b = res.ids[j];
      if (!include(a, b)) continue;
      const c = crossing.get(`${a},${b}`);
      const l = lc.get(`${a},${b}`);
      pairs.push({
        a,
        b,
        across: side.get(a) !== side.get(b),
        effective_resistance: res.resistances[i * k + j],
        least_cost_distance: l ? l.distance : -1,
        least_cost_crossing: l ? l.crossing : "",
        crossing_total: c?.total ?? 0,
        crossing_structures: c?.through ?? 0,
        structure_current: c?.per ?? Object.fromEntries(sc.structures.map((s) => [s.id, 0])),
        ...mortalityFields(mortOf.get(`${a},${b}`)),
      });
    }
  }

  const profile = makeProfile(ls, analysis, sc, acc, segOfEdge, structOfEdge, mort?.segmentDeaths ?? null);

  return {
    pairs,
    profile,
    resistance: opts.keepGrids ? burnt.resistance : undefined,
    cumulativeCurrent: opts.keepGrids ? (res.cumulativeCurrent ?? undefined) : undefined,
    mortalityGrid: opts.keepGrids && mort ? mort.q : undefined,
    roadDeathsGrid: opts.keepGrids && mort ? mort.roadDeaths : undefined,
    solves: res.solves,
    seconds: {
      burn: (t1 - t0) / 1000,
      circuit: (t2 - t1) / 1000,
      leastCost: (t3 - t2) / 1000,
      ...(mort ? { mortality: (t4 - t3) / 1000 } : {}),
    },
    warnings,
  };
}

/** A pair's mortality columns: both directions, and their means (scenarios/METRICS.md). */
export function mortalityFields(m: MortalityEvaluation["pairs"][number] | undefined): Partial<PairResult> {
  if (!m) return {};
  return {
    success_probability: (m.success_ab + m.success_ba) / 2,
    success_ab: m.success_ab,
    success_ba: m.success_ba,
    road_deaths: (m.road_deaths_ab + m.road_deaths_ba) / 2,
    road_deaths_ab: m.road_deaths_ab,
    road_deaths_ba: m.road_deaths_ba,
    deaths: (m.deaths_ab + m.deaths_ba) / 2,
  };
}

/** Per crossing edge: its road segment and its structure (the west cell's, else the east cell's, else -1). */
export function edgeTables(
  ls: Landscape,
  analysis: Analysis,
  structureOfCell: Int32Array,
): { nSeg: number; segOfEdge: Int32Array; structOfEdge: Int32Array } {
  const nSeg = Math.max(1, Math.ceil(ls.line.length / analysis.segment_length_m));
  const segOfEdge = new Int32Array(ls.edges.count);
  for (let k = 0; k < ls.edges.count; k++) {
    segOfEdge[k] = Math.min(nSeg - 1, Math.floor(ls.edges.chainage[k] / analysis.segment_length_m));
  }
  const structOfEdge = new Int32Array(ls.edges.count);
  for (let k = 0; k < ls.edges.count; k++) {
    const w = structureOfCell[ls.edges.west[k]];
    structOfEdge[k] = w >= 0 ? w : structureOfCell[ls.edges.east[k]];
  }
  return { nSeg, segOfEdge, structOfEdge };
}

/** The road profile from the crossing flux summed over the pairs (acc, per edge) and the road deaths per segment. */
export function makeProfile(
  ls: Landscape,
  analysis: Analysis,
  sc: ResolvedScenario,
  acc: Float64Array,
  segOfEdge: Int32Array,
  structOfEdge: Int32Array,
  segmentDeaths: Float64Array | null,
): ProfileSegment[] {
  const nSeg = Math.max(1, Math.ceil(ls.line.length / analysis.segment_length_m));
  const profile: ProfileSegment[] = [];
  for (let s = 0; s < nSeg; s++) {
    profile.push({
      segment: s,
      from_m: s * analysis.segment_length_m,
      to_m: Math.min(ls.line.length, (s + 1) * analysis.segment_length_m),
      current: 0,
      through_structures: 0,
      open_road: 0,
      structures: [],
    });
  }
  for (let e = 0; e < ls.edges.count; e++) {
    const p = profile[segOfEdge[e]];
    p.current += acc[e];
    if (structOfEdge[e] >= 0) p.through_structures += acc[e];
    else p.open_road += acc[e];
  }
  if (segmentDeaths) for (let s = 0; s < nSeg; s++) profile[s].road_deaths = segmentDeaths[s];
  for (const s of sc.structures) {
    const seg = Math.min(nSeg - 1, Math.floor(s.chainage_m / analysis.segment_length_m));
    if (seg >= 0) profile[seg].structures.push(s.id);
  }

  return profile;
}
