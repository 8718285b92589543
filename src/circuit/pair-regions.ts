/**
 * Pairwise with Circuitscape's rule for focal regions given by a point file: in the solve of pair
 * (a, b) only a's cells and b's cells are short-circuited; the other focal regions stay ordinary
 * cells. Every pair then has its own graph, but not its own solve:
 *
 *   On the base graph (short-circuit polygons only), let F be the nodes holding focal cells. Hold all
 *   of F at 0 V and solve once per f in F for the harmonic extension h_f of a unit voltage at f
 *   (one matrix, one solver setup, |F| right-hand sides). The Schur complement S = L_FF + L_FI H is
 *   the exact reduced network on F. Pair (a, b): A = a's nodes at 1 V, B = b's nodes at 0 V, the
 *   rest of F free -> a small dense SPD solve on S gives V_F and the current I out of A; R_ab = 1/I,
 *   and the voltages everywhere are sum_f V_f h_f (rescaled to 1 A, a at 0 V).
 *
 * Used when F is small (point-file regions of a few cells); otherwise the caller builds a graph and
 * solves per pair. Checked against that construction in test/circuit/pair-regions.test.ts.
 */
import type { CircuitGraph } from "../graph/circuit-graph.ts";
import type { SymMatrix } from "../solve/types.ts";
import { fullRow, lowerIndex, maxFullRow, type LowerIndex } from "../solve/sym.ts";
import { nodeCurrents } from "./currents.ts";
import type { PairStep, PairwiseOptions } from "./pairwise.ts";
import { expandVoltages, reduceToTerminals, solveTerminals } from "./reduced.ts";
import { componentNodes } from "./system.ts";

export interface RegionPairResult {
  /** k x k row-major, -1 for pairs not solved. */
  resistances: Float64Array;
  solves: number;
}

/** Nodes of each id's on-graph cells (deduplicated), in ids order. */
function regionNodes(graph: CircuitGraph, focal: ArrayLike<number>, ids: number[]): Int32Array[] {
  const index = new Map(ids.map((id, i) => [id, i]));
  const sets = ids.map(() => new Set<number>());
  for (let i = 0; i < focal.length; i++) {
    const v = focal[i];
    if (!(v > 0)) continue;
    const u = graph.nodeOfCell[i];
    const k = index.get(v);
    if (u >= 0 && k !== undefined) sets[k].add(u);
  }
  return sets.map((s) => Int32Array.from([...s].sort((a, b) => a - b)));
}

export function* regionPairSteps(
  graph: CircuitGraph,
  focal: ArrayLike<number>,
  ids: number[],
  opts: PairwiseOptions = {},
): Generator<PairStep, RegionPairResult, void> {
  const k = ids.length;
  const R = new Float64Array(k * k).fill(-1);
  for (let i = 0; i < k; i++) R[i * k + i] = 0;
  const include = opts.includePair ?? (() => true);
  const sets = regionNodes(graph, focal, ids);
  const comps = componentNodes(graph);
  const localOf = new Int32Array(graph.nNodes).fill(-1);
  const volt = new Float64Array(graph.nNodes);
  const cur = new Float64Array(graph.nNodes);
  const L = graph.laplacian;
  let rows: FullRowReader | null = null;
  let solves = 0;

  const byComp = new Map<number, number[]>();
  for (let x = 0; x < k; x++) {
    if (sets[x].length === 0) continue;
    const c = graph.component[sets[x][0]];
    let list = byComp.get(c);
    if (!list) byComp.set(c, (list = []));
    list.push(x);
  }

  for (const [c, members] of byComp) {
    if (members.length < 2) continue;
    const nodes = comps[c];
    // F: focal nodes of this component, with their slot.
    const F: number[] = [];
    const slot = new Map<number, number>();
    for (const x of members)
      for (const u of sets[x])
        if (!slot.has(u)) {
          slot.set(u, F.length);
          F.push(u);
        }
    const nf = F.length;
    const net = reduceToTerminals(graph, nodes, F, localOf, opts, comps);
    solves += net.solves;
    const { S } = net;
    const fixed = new Float64Array(nf);
    const zeros = new Float64Array(nf);
    const V = new Float64Array(nf);
    const role = new Int8Array(nf); // 1: a's nodes, 2: b's nodes, 0: free
    const inA = new Uint8Array(graph.nNodes);
    const inB = new Uint8Array(graph.nNodes);
    for (let xi = 0; xi < members.length; xi++) {
      for (let yi = xi + 1; yi < members.length; yi++) {
        const x = members[xi];
        const y = members[yi];
        if (!include(ids[x], ids[y])) continue;
        role.fill(0);
        for (const u of sets[x]) role[slot.get(u)!] = 1;
        let overlap = false;
        for (const u of sets[y]) {
          if (role[slot.get(u)!] === 1) overlap = true;
          role[slot.get(u)!] = 2;
        }
        volt.fill(NaN);
        cur.fill(NaN);
        if (overlap) {
          // a and b share a node (a short-circuit polygon): R = 0 and no current.
          R[x * k + y] = R[y * k + x] = 0;
          for (let i = 0; i < nodes.length; i++) volt[nodes[i]] = cur[nodes[i]] = 0;
          yield { a: ids[x], b: ids[y], voltages: volt, currents: cur };
          continue;
        }
        for (let s1 = 0; s1 < nf; s1++) fixed[s1] = role[s1] === 1 ? 1 : role[s1] === 2 ? 0 : NaN;
        solveTerminals(net, fixed, zeros, V);
        let I = 0; // current out of a's nodes
        for (let s1 = 0; s1 < nf; s1++) {
          if (role[s1] !== 1) continue;
          for (let s2 = 0; s2 < nf; s2++) I += S[s1 * nf + s2] * V[s2];
        }
        const r = 1 / I;
        R[x * k + y] = R[y * k + x] = r;
        // u = sum_f V_f h_f; w = (1 - u) r drives 1 A into b with a at 0 V.
        expandVoltages(net, V, volt);
        for (let i = 0; i < nodes.length; i++) volt[nodes[i]] = (1 - volt[nodes[i]]) * r;
        nodeCurrents(L, volt, cur);
        // In Circuitscape's pair graph a's cells are one node (and b's): its current is the larger
        // of the inflow and outflow across the region's boundary, shown on each of its cells.
        for (const u of sets[x]) inA[u] = 1;
        for (const u of sets[y]) inB[u] = 1;
        rows ??= fullRowReader(L); // the regions' boundary rows are read whole
        const ca = regionCurrent(rows, volt, sets[x], inA);
        const cb = regionCurrent(rows, volt, sets[y], inB);
        for (const u of sets[x]) {
          cur[u] = ca;
          inA[u] = 0;
        }
        for (const u of sets[y]) {
          cur[u] = cb;
          inB[u] = 0;
        }
        yield { a: ids[x], b: ids[y], voltages: volt, currents: cur };
      }
    }
  }
  return { resistances: R, solves };
}

/**
 * Whether regionPairSteps applies: every id's on-graph nodes lie in one component of the base graph,
 * no cell of a multi-cell id lies off the graph (Circuitscape would join it to the id's node), and
 * the focal nodes are few enough that |F| solves beat one graph and solve per pair.
 */
export function regionPairsApply(graph: CircuitGraph, focal: ArrayLike<number>, ids: number[], pairs = (ids.length * (ids.length - 1)) / 2): boolean {
  const sets = regionNodes(graph, focal, ids);
  let total = 0;
  for (const set of sets) {
    total += set.length;
    for (const u of set) if (graph.component[u] !== graph.component[set[0]]) return false;
  }
  // Cost: |F| solves and one setup, against a graph, a setup (about two solves) and a solve per pair;
  // memory: |F| Float64 columns.
  if (total > 3 * pairs || total * graph.nNodes * 8 > 2e9) return false;
  const cellsPerId = new Map<number, number>();
  for (let i = 0; i < focal.length; i++) if (focal[i] > 0) cellsPerId.set(focal[i], (cellsPerId.get(focal[i]) ?? 0) + 1);
  for (let i = 0; i < focal.length; i++) {
    const v = focal[i];
    if (v > 0 && graph.nodeOfCell[i] < 0 && (cellsPerId.get(v) ?? 0) > 1) return false;
  }
  return true;
}

/** Full rows of L, with the lower-triangle index and the scratch made once for every pair. */
interface FullRowReader {
  L: SymMatrix;
  low: LowerIndex;
  cols: Int32Array;
  vals: Float64Array;
}

function fullRowReader(L: SymMatrix): FullRowReader {
  const low = lowerIndex(L);
  const width = maxFullRow(L, low);
  return { L, low, cols: new Int32Array(width), vals: new Float64Array(width) };
}

/** max(inflow, outflow) across the boundary of a node set (edges inside it carry no current). */
function regionCurrent(rows: FullRowReader, v: Float64Array, side: Int32Array, inSide: Uint8Array): number {
  const { L, low, cols, vals } = rows;
  let inflow = 0;
  let outflow = 0;
  for (const u of side) {
    const len = fullRow(L, low, u, cols, vals);
    for (let q = 0; q < len; q++) {
      const j = cols[q];
      if (inSide[j]) continue; // also the diagonal: u is in the set
      const f = -vals[q] * (v[j] - v[u]);
      if (f > 0) inflow += f;
      else outflow -= f;
    }
  }
  return inflow > outflow ? inflow : outflow;
}
