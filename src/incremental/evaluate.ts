/**
 * A scenario evaluated on the band model (model.ts) instead of the whole landscape: the same
 * Evaluation as src/scenario/evaluate.ts evaluateScenario, number for number (to the accuracy of the
 * full solver), from a few Woodbury updates on the band:
 *   - effective resistance of every pair: G'_aa + G'_bb - 2 G'_ab (circuit G, first core at 0 V);
 *   - the voltages of each pair solve on the crossing edges, V = G' (e_b - e_a): the crossing current
 *     per pair, per structure and per road segment;
 *   - the walk: success a -> b = G'_ab / G'_bb and deaths at road cell i = k_i (G'_ia - success G'_ib)
 *     (mortality G; chain.ts "green" method), both directions;
 *   - least-cost distances are recomputed in full (they are cheap beside the circuit).
 * No per-cell grids: a scenario drawn on a map is solved in full.
 */
import { burnScenario, emptyStructureWarnings } from "../scenario/burn.ts";
import { accumulateCrossingFlux } from "../scenario/crossing-edges.ts";
import { type Evaluation, type Landscape, edgeTables, makeProfile, mortalityFields, pairsToSolve } from "../scenario/evaluate.ts";
import type { PairResult } from "../scenario/metrics.ts";
import type { ResolvedScenario } from "../scenario/resolve.ts";
import type { Analysis } from "../scenario/schema.ts";
import { leastCostPairs, type LeastCostPair } from "../scenario/leastcost-adapter.ts";
import { mortalityGrid } from "../mortality/grid.ts";
import type { MortalityPair } from "../mortality/evaluate.ts";
import { conductanceOf, edgeWeight, sameValue } from "./cells.ts";
import { changeOn, scenarioChange } from "./change.ts";
import { burnerFor } from "./band-burn.ts";
import { LeastCostReference } from "./least-cost.ts";
import type { BandModel } from "./model.ts";
import { updatedBlock } from "./woodbury.ts";

/** Largest number of touched band nodes evaluated incrementally (about 3 s of LU for the two G's on the demo machine). */
export const MAX_CHANGED_NODES = 1200;

export type IncrementalResult = { ok: true; evaluation: Evaluation } | { ok: false; reason: string };

export function evaluateIncremental(
  m: BandModel,
  ls: Landscape,
  sc: ResolvedScenario,
  analysis: Analysis,
  opts: { maxChangedNodes?: number } = {},
): IncrementalResult {
  const t0 = performance.now();
  if (!!sc.mortality !== !!m.q0) return { ok: false, reason: "the model and the scenario differ in having a mortality block" };
  // The road cells only (band-burn.ts) when the land and the background mortality are the reference's,
  // else the whole grid, compared cell by cell.
  const burner = burnerFor(m, ls.land, ls.road, ls.focal.data);
  const onRoad = burner.landOk && (!sc.mortality || burner.backgroundMatches(sc.mortality.background));
  let r1At: (i: number) => number;
  let fullR1: () => Float64Array;
  let structureOfCell: Int32Array;
  let res: ReturnType<typeof scenarioChange>;
  let lcChanged: number[] | null = null; // the changed cells, when known from the band burn
  let warnings: string[];
  if (onRoad) {
    const b = burner.burn(sc);
    structureOfCell = b.structureOfCell;
    warnings = emptyStructureWarnings(ls.land, ls.road, sc, { resistance: m.r0, structureOfCell, cells: b.cells });
    r1At = b.rAt;
    fullR1 = () => {
      const r = Float64Array.from(m.r0);
      for (let k = 0; k < ls.road.cells.length; k++) r[ls.road.cells[k]] = b.r[k];
      return r;
    };
    res = changeOn(m, b.changed, b.rAt, sc.mortality ? b.qAt : null);
    // least cost reads r only: the cells whose resistance changed
    lcChanged = b.changed.filter((i) => !sameValue(b.rAt(i), m.r0[i]));
  } else {
    const burnt = burnScenario(ls.land, ls.road, sc);
    warnings = emptyStructureWarnings(ls.land, ls.road, sc, burnt);
    const r1 = burnt.resistance;
    structureOfCell = burnt.structureOfCell;
    r1At = (i) => r1[i];
    fullR1 = () => r1;
    const q1 = sc.mortality ? mortalityGrid(r1, ls.focal.data, ls.road, burnt.structureOfCell, sc.mortality) : null;
    res = scenarioChange(m, r1, q1);
  }
  const t1 = performance.now();
  if (!res.ok) return res;
  const ch = res.change;
  // The update factorises a |C| x |C| matrix per G (O(|C|^3)): past MAX_CHANGED_NODES touched nodes (a
  // fence of several km) that costs more than solving the landscape in full (bench/README.md).
  const maxChanged = opts.maxChangedNodes ?? MAX_CHANGED_NODES;
  if (ch.slots.length > maxChanged)
    return {
      ok: false,
      reason: `the scenario touches ${ch.slots.length} band nodes, more than ${maxChanged}: its update would cost more than a full solve`,
    };
  const slots = ch.slots;
  const ids = m.coreIds;
  const nK = ids.length;
  const coreSlots = ids.map((id) => m.coreSlot.get(id)!);
  const side = new Map(ls.cores.map((c) => [c.id, c.side]));
  const include = pairsToSolve(ls.cores, analysis.pairs);

  // Circuit: G' on the cores and the crossing edges' cells.
  const edgeSlots: number[] = [];
  const rowOfSlot = new Map<number, number>();
  const rowSlots: number[] = [];
  const addRow = (s: number) => {
    if (!rowOfSlot.has(s)) {
      rowOfSlot.set(s, rowSlots.length);
      rowSlots.push(s);
    }
  };
  for (const s of coreSlots) addRow(s);
  for (let k = 0; k < ls.edges.count; k++) {
    edgeSlots.push(m.slotOfCell[ls.edges.west[k]], m.slotOfCell[ls.edges.east[k]]);
    addRow(m.slotOfCell[ls.edges.west[k]]);
    addRow(m.slotOfCell[ls.edges.east[k]]);
  }
  const gC = (s: number, t: number): number => {
    const a = m.realC[s];
    const b = m.realC[t];
    if (a >= 0 && b >= 0) return m.Gc[a * m.nC + b];
    return a < 0 && b < 0 && s === t && s !== m.groundSlot ? 1 : 0;
  };
  const Vc = updatedBlock(
    ch.circuit,
    rowSlots.length,
    nK,
    (i, j) => gC(slots[i], slots[j]),
    (i, k) => gC(slots[i], coreSlots[k]),
    // G is symmetric: read it along the changed node's and the core's rows
    (r, i) => gC(slots[i], rowSlots[r]),
    (r, k) => gC(coreSlots[k], rowSlots[r]),
    columnOf(m.Gc, m.nC, m.realC, slots, rowSlots, (s) => s !== m.groundSlot),
  );
  if (!Vc) return { ok: false, reason: "the scenario disconnects part of the band (singular update)" };
  const er = (i: number, j: number) => Vc[i * nK + i] + Vc[j * nK + j] - 2 * Vc[i * nK + j];

  // Crossing flux per pair, with the scenario's edge conductances.
  const { segOfEdge, structOfEdge, nSeg } = edgeTables(ls, analysis, structureOfCell);
  const g = new Float64Array(ls.edges.count);
  for (let k = 0; k < ls.edges.count; k++) {
    const c1 = conductanceOf(r1At(ls.edges.west[k]));
    const c2 = conductanceOf(r1At(ls.edges.east[k]));
    g[k] = c1 > 0 && c2 > 0 ? edgeWeight(c1, c2, ls.edges.diag[k] === 1, analysis.average_resistances) : 0;
  }
  const acc = new Float64Array(ls.edges.count);
  const pairFlux = new Float64Array(ls.edges.count);
  const volts = new Float64Array(m.nSlots);
  const pairs: PairResult[] = [];
  const across: [number, number][] = [];
  const crossing = new Map<string, { total: number; through: number; per: Record<string, number> }>();
  for (let i = 0; i < nK; i++) {
    for (let j = i + 1; j < nK; j++) {
      const a = ids[i];
      const b = ids[j];
      if (!include(a, b) || side.get(a) === side.get(b)) continue;
      across.push([a, b]);
      // 1 A into b and out of a (runPairwise's convention), so V = G'(e_b - e_a)
      for (let r = 0; r < rowSlots.length; r++) volts[rowSlots[r]] = Vc[r * nK + j] - Vc[r * nK + i];
      pairFlux.fill(0);
      const total = accumulateCrossingFlux(ls.edges, g, m.slotOfCell, volts, side.get(b) === "west" ? 1 : -1, pairFlux);
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
    }
  }
  const t2 = performance.now();

  let lc: Map<string, LeastCostPair> | null = new Map();
  let lcMethod: "incremental" | "full" | undefined;
  if (analysis.least_cost && lcChanged) {
    const ref = leastCostReference(m, ls, analysis);
    lc = ref.evaluate(lcChanged, r1At, structureOfCell, sc.structures);
    if (lc) lcMethod = "incremental";
  }
  if (analysis.least_cost && !lc) {
    lcMethod = "full";
    lc = leastCostPairs(
      { ...ls.template, data: fullR1() },
      ls.focal,
      ids,
      include,
      analysis.neighbours,
      structureOfCell,
      sc.structures,
      ls.road,
    );
  }
  const t3 = performance.now();

  // The walk.
  let segmentDeaths: Float64Array | null = null;
  const mortOf = new Map<string, MortalityPair>();
  if (ch.mortality && ch.k && m.Gm) {
    const Gm = m.Gm;
    const nM = m.nM;
    const gM = (s: number, t: number): number => {
      const a = m.realM[s];
      const b = m.realM[t];
      if (a >= 0 && b >= 0) return Gm[a * nM + b];
      return a < 0 && b < 0 && s === t ? 1 : 0;
    };
    // Tallied road cells: on the scenario's graph, not core cells, with a ground.
    const tally: number[] = [];
    const tallySeg: number[] = [];
    for (let k = 0; k < ls.road.cells.length; k++) {
      const cell = ls.road.cells[k];
      const s = m.slotOfCell[cell];
      if (ls.focal.data[cell] > 0 || !(ch.k[s] > 0)) continue;
      tally.push(s);
      tallySeg.push(Math.min(nSeg - 1, Math.floor(ls.road.chainage[k] / analysis.segment_length_m)));
    }
    const rows = [...coreSlots, ...tally];
    const Vm = updatedBlock(
      ch.mortality,
      rows.length,
      nK,
      (i, j) => gM(slots[i], slots[j]),
      (i, k) => gM(slots[i], coreSlots[k]),
      (r, i) => gM(slots[i], rows[r]),
      (r, k) => gM(coreSlots[k], rows[r]),
      columnOf(Gm, nM, m.realM, slots, rows, () => true),
    );
    if (!Vm) return { ok: false, reason: "the scenario leaves part of the band without a ground (singular update)" };
    segmentDeaths = new Float64Array(nSeg);
    const direction = (ia: number, ib: number): { success: number; road: number; seg: Float64Array } => {
      const success = Vm[ib * nK + ia] / Vm[ib * nK + ib];
      const seg = new Float64Array(nSeg);
      let road = 0;
      for (let t = 0; t < tally.length; t++) {
        const r = nK + t;
        const d = ch.k![tally[t]] * (Vm[r * nK + ia] - success * Vm[r * nK + ib]);
        seg[tallySeg[t]] += d;
        road += d;
      }
      return { success, road, seg };
    };
    for (const [a, b] of across) {
      const ia = ids.indexOf(a);
      const ib = ids.indexOf(b);
      const ab = direction(ia, ib);
      const ba = direction(ib, ia);
      for (let s = 0; s < nSeg; s++) segmentDeaths[s] += (ab.seg[s] + ba.seg[s]) / 2;
      // every walker arrives or dies (current conservation), so the deaths anywhere are 1 - success
      mortOf.set(`${a},${b}`, {
        a,
        b,
        success_ab: ab.success,
        success_ba: ba.success,
        road_deaths_ab: ab.road,
        road_deaths_ba: ba.road,
        deaths_ab: 1 - ab.success,
        deaths_ba: 1 - ba.success,
      });
    }
  }
  const t4 = performance.now();

  for (let i = 0; i < nK; i++) {
    for (let j = i + 1; j < nK; j++) {
      const a = ids[i];
      const b = ids[j];
      if (!include(a, b)) continue;
      const c = crossing.get(`${a},${b}`);
      const l = lc?.get(`${a},${b}`);
      pairs.push({
        a,
        b,
        across: side.get(a) !== side.get(b),
        effective_resistance: er(i, j),
        least_cost_distance: l ? l.distance : -1,
        least_cost_crossing: l ? l.crossing : "",
        crossing_total: c?.total ?? 0,
        crossing_structures: c?.through ?? 0,
        structure_current: c?.per ?? Object.fromEntries(sc.structures.map((s) => [s.id, 0])),
        ...mortalityFields(mortOf.get(`${a},${b}`)),
      });
    }
  }
  const profile = makeProfile(ls, analysis, sc, acc, segOfEdge, structOfEdge, segmentDeaths);
  return {
    ok: true,
    evaluation: {
      pairs,
      profile,
      solves: 0,
      seconds: {
        burn: (t1 - t0) / 1000,
        circuit: (t2 - t1) / 1000,
        leastCost: (t3 - t2) / 1000,
        ...(segmentDeaths ? { mortality: (t4 - t3) / 1000 } : {}),
      },
      warnings,
      solve: {
        method: "incremental",
        changed_cells: ch.changedCells,
        changed_nodes: slots.length,
        ...(lcMethod ? { least_cost: lcMethod } : {}),
      },
    },
  };
}

const references = new WeakMap<BandModel, Map<string, LeastCostReference>>();

/** The reference's cost-distance maps for a model and the analysis' graph and pairs (built on first use). */
export function leastCostReference(m: BandModel, ls: Landscape, analysis: Analysis): LeastCostReference {
  let byKey = references.get(m);
  if (!byKey) references.set(m, (byKey = new Map()));
  const key = `${analysis.neighbours}|${analysis.pairs}`;
  let ref = byKey.get(key);
  if (!ref) {
    ref = new LeastCostReference(
      { ...ls.template, data: m.r0 },
      ls.focal.data,
      m.coreIds,
      pairsToSolve(ls.cores, analysis.pairs),
      analysis.neighbours,
      ls.road.cells,
    );
    byKey.set(key, ref);
  }
  return ref;
}

/**
 * G's entries between changed slot i and every output row, as updatedBlock's columnRC: one pass along
 * G's row for slot i (G is symmetric). A virtual slot (index -1) has 1 on its own diagonal and 0
 * elsewhere; `virtualOne` says which virtual slots count (the circuit's ground is not in G at all).
 */
function columnOf(
  G: Float64Array,
  n: number,
  index: Int32Array,
  slots: number[],
  rows: number[],
  virtualOne: (slot: number) => boolean,
): (i: number, col: Float64Array) => void {
  const rowIndex = Int32Array.from(rows, (s) => index[s]);
  return (i, col) => {
    const s = slots[i];
    const a = index[s];
    if (a < 0) {
      for (let r = 0; r < rows.length; r++) col[r] = rows[r] === s && virtualOne(s) ? 1 : 0;
      return;
    }
    const base = a * n;
    for (let r = 0; r < rows.length; r++) {
      const b = rowIndex[r];
      col[r] = b >= 0 ? G[base + b] : 0;
    }
  };
}
