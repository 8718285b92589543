/**
 * Pairwise with Circuitscape's rule for focal regions given by a point file: in the solve of pair
 * (a, b) only a's cells and b's cells are short-circuited; the other focal regions stay ordinary
 * cells. Every pair then has its own graph, but not its own graph build nor its own solver setup.
 * One matrix (the base graph: short-circuit polygons only) and one solver setup per component, then:
 *
 *  - tied (the default when regions have several cells): one solve per pair on the base matrix with
 *    a's nodes tied to one potential and b's to another (solve/tied.ts), preconditioned by the base
 *    graph's AMG hierarchy. The tied system IS the pair graph's system, node for node.
 *  - reduced (when focal nodes are few against the pairs): let F be the nodes holding focal cells.
 *    Hold all of F at 0 V and solve once per f in F for the harmonic extension h_f of a unit voltage
 *    at f. The Schur complement S = L_FF + L_FI H is the exact reduced network on F. Pair (a, b):
 *    A = a's nodes at 1 V, B = b's nodes at 0 V, the rest of F free -> a small dense SPD solve on S
 *    gives V_F and the current I out of A; R_ab = 1/I, and the voltages everywhere are
 *    sum_f V_f h_f (rescaled to 1 A, a at 0 V). Memory: one column per focal node.
 *
 * Used when every region lies in one component of the base graph (regionPairsApply); otherwise the
 * caller builds a graph and solves per pair. Both methods are checked against that construction in
 * test/circuit/pair-regions.test.ts.
 */
import type { CircuitGraph } from "../graph/circuit-graph.ts";
import type { SymMatrix } from "../solve/types.ts";
import { fullRow, lowerIndex, maxFullRow, type LowerIndex } from "../solve/sym.ts";
import { nodeCurrents } from "./currents.ts";
import type { PairStep, PairwiseOptions } from "./pairwise.ts";
import { expandVoltages, reduceToTerminals, solveTerminals } from "./reduced.ts";
import { checkConverged, componentNodes, componentSystem, solvesInPlace } from "./system.ts";
import { createSolver, defaultThreads, shareSym, type SpdSolver } from "../solve/index.ts";
import type { TiedPair } from "../solve/tied-pairs.ts";
import { slotDifference, slotSign, tiedPairSystem, TiedPcg } from "../solve/tied.ts";
import { collectGarbage } from "../solve/gc.ts";

export interface RegionPairResult {
  /** k x k row-major, -1 for pairs not solved. */
  resistances: Float64Array;
  solves: number;
  /** CG iterations of each tied solve, in order (direct: refinement steps; the reduced network's solves are not listed). */
  iterations: number[];
}

const NO_LOCAL = new Int32Array(0);

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

/** How regionPairSteps solves a component: "auto" (default) picks the one with fewer solves. */
export type RegionPairMethod = "auto" | "tied" | "reduced";

export function* regionPairSteps(
  graph: CircuitGraph,
  focal: ArrayLike<number>,
  ids: number[],
  opts: PairwiseOptions & { regionMethod?: RegionPairMethod } = {},
): Generator<PairStep, RegionPairResult, void> {
  const k = ids.length;
  const R = new Float64Array(k * k).fill(-1);
  for (let i = 0; i < k; i++) R[i * k + i] = 0;
  const include = opts.includePair ?? (() => true);
  const sets = regionNodes(graph, focal, ids);
  const comps = componentNodes(graph);
  const currents = opts.currents !== false;
  let localOf: Int32Array | null = null;
  const ctx: PairContext = {
    graph,
    sets,
    ids,
    R,
    opts,
    comps,
    // made on first use: a component solved in place (the usual one) needs no local numbering (4 B per node)
    get localOf() {
      return (localOf ??= new Int32Array(graph.nNodes).fill(-1));
    },
    volt: currents ? new Float64Array(graph.nNodes) : null,
    cur: currents ? new Float64Array(graph.nNodes) : null,
    scratch: currents ? new Float64Array(graph.nNodes) : null,
    inA: new Uint8Array(currents ? graph.nNodes : 0),
    inB: new Uint8Array(currents ? graph.nNodes : 0),
    rows: null,
    solves: 0,
    iterations: [],
  };

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
    const pairs: [number, number][] = [];
    for (let xi = 0; xi < members.length; xi++)
      for (let yi = xi + 1; yi < members.length; yi++)
        if (include(ids[members[xi]], ids[members[yi]])) pairs.push([members[xi], members[yi]]);
    if (pairs.length === 0) continue;
    let nf = 0;
    for (const x of members) nf += sets[x].length;
    // The reduced network costs one solve per focal node and holds one column per focal node; the tied
    // solves one solve per pair (a few more iterations each) and no column.
    const method = opts.regionMethod ?? "auto";
    const reduced = method === "reduced" || (method === "auto" && 2 * nf <= pairs.length && nf * comps[c].length * 8 <= 2e9);
    if (reduced) yield* reducedComponent(ctx, comps[c], members, pairs);
    else yield* tiedComponent(ctx, comps[c], pairs);
  }
  // The last solver (its hierarchy, ~100 B/node) is garbage now: collected before the caller's next phase
  // allocates (`crossway circuitscape` builds another graph), so that the two do not add up.
  collectGarbage();
  return { resistances: R, solves: ctx.solves, iterations: ctx.iterations };
}

/** What the solves of every component share: the graph, the results, and the per-pair node vectors. */
interface PairContext {
  graph: CircuitGraph;
  sets: Int32Array[];
  ids: number[];
  /** k x k resistances, written pair by pair. */
  R: Float64Array;
  opts: PairwiseOptions;
  comps: Int32Array[];
  readonly localOf: Int32Array;
  /** The pair's voltages and node currents (null: resistances only), and nodeCurrents' scratch. */
  volt: Float64Array | null;
  cur: Float64Array | null;
  scratch: Float64Array | null;
  inA: Uint8Array;
  inB: Uint8Array;
  rows: FullRowReader | null;
  solves: number;
  iterations: number[];
}

function setR(ctx: PairContext, x: number, y: number, r: number): void {
  const k = ctx.ids.length;
  ctx.R[x * k + y] = ctx.R[y * k + x] = r;
}

/** A pair whose regions share a node (a short-circuit polygon): R = 0 and no current. */
function overlapping(ctx: PairContext, x: number, y: number): boolean {
  const inX = new Set(ctx.sets[x]);
  for (const u of ctx.sets[y]) if (inX.has(u)) return true;
  return false;
}

function zeroStep(ctx: PairContext, nodes: Int32Array, x: number, y: number): PairStep {
  const { volt, cur } = ctx;
  volt!.fill(NaN);
  cur!.fill(NaN);
  for (let i = 0; i < nodes.length; i++) volt![nodes[i]] = cur![nodes[i]] = 0;
  return { a: ctx.ids[x], b: ctx.ids[y], voltages: volt!, currents: cur! };
}

/**
 * Node currents of a pair from ctx.volt (a's nodes at 0 V, b's at R, NaN off the component), on the
 * graph's own (ungrounded) Laplacian.
 */
function pairStep(ctx: PairContext, x: number, y: number): PairStep {
  const { graph, sets, inA, inB } = ctx;
  const volt = ctx.volt!;
  const cur = ctx.cur!;
  const L = graph.laplacian;
  nodeCurrents(L, volt, cur, undefined, ctx.scratch!);
  // In Circuitscape's pair graph a's cells are one node (and b's): its current is the larger
  // of the inflow and outflow across the region's boundary, shown on each of its cells.
  for (const u of sets[x]) inA[u] = 1;
  for (const u of sets[y]) inB[u] = 1;
  ctx.rows ??= fullRowReader(L); // the regions' boundary rows are read whole
  const ca = regionCurrent(ctx.rows, volt, sets[x], inA);
  const cb = regionCurrent(ctx.rows, volt, sets[y], inB);
  for (const u of sets[x]) {
    cur[u] = ca;
    inA[u] = 0;
  }
  for (const u of sets[y]) {
    cur[u] = cb;
    inB[u] = 0;
  }
  return { a: ctx.ids[x], b: ctx.ids[y], voltages: volt, currents: cur };
}

/**
 * One solve per pair on the base graph's matrix with the pair's two regions tied (tied.ts), every
 * solve preconditioned by the one AMG hierarchy of the base graph. Ground: one node g of the first
 * region; when g lies in a or b that region is held at 0 V as a whole, else both are tied and float.
 */
function* tiedComponent(ctx: PairContext, nodes: Int32Array, pairs: [number, number][]): Generator<PairStep, void, void> {
  const { graph, sets, opts, comps, volt } = ctx;
  const g = sets[pairs[0][0]][0];
  // Each pair is solved at the requested tolerance, as Circuitscape solves it: unlike pairwise mode's
  // columns (1 A into the ground, R from differences of large, close potentials, hence 100x tighter),
  // a pair's right-hand side is a dipole (1 A in at a, out at b), R = V_a - V_b is not a cancellation.
  const tol = Math.max(opts.tol ?? 1e-6, 1e-12);
  // Resistances only: the pairs go to solveTiedPairs, on `threads` threads sharing matrix and hierarchy.
  const threads = Math.max(1, Math.floor(opts.threads ?? defaultThreads(nodes.length)));
  const shared = !volt && threads > 1 && pairs.length >= 2 && (opts.solver ?? "auto") !== "direct" && opts.solver !== "jacobi";
  if (shared && solvesInPlace(graph, nodes)) graph.laplacian = shareSym(graph.laplacian);
  collectGarbage(); // the graph build's per-cell arrays go before the hierarchy is built (the memory peak)
  // solved in place (componentSystem): the graph's own node numbers, no local numbering
  const whole = nodes.length >= graph.nNodes || solvesInPlace(graph, nodes);
  const localOf = whole ? NO_LOCAL : ctx.localOf;
  let sys = componentSystem(graph, nodes, localOf, [g], undefined, comps);
  const inPlace = sys.inPlace;
  const lo = (u: number): number => (inPlace ? u : localOf[u]);
  const n = sys.A.n;
  try {
    const solver = createSolver(shared && !inPlace ? shareSym(sys.A) : sys.A, { method: opts.solver ?? "auto" });
    if (!inPlace) for (let i = 0; i < nodes.length; i++) localOf[nodes[i]] = i;
    if (!volt && solver.solveTiedPairs) {
      tiedResistances(ctx, pairs, solver, lo, lo(g), tol, shared ? threads : 1);
      return;
    }
    if (!solver.precondition) throw new Error(`pairwise regions: the ${solver.method} solver has no preconditioner to reuse`);
    // The pair vectors are idle during a solve: cur and the scratch serve as CG vectors, and on the whole
    // graph the solution is computed in volt itself.
    const cg = new TiedPcg(sys.A, solver.precondition.bind(solver), ctx.cur && ctx.scratch ? [ctx.cur, ctx.scratch] : []);
    const xv = inPlace && volt ? volt : new Float64Array(n);
    const local = (x: number) => Int32Array.from(sets[x], lo);
    const gl = lo(g);
    const maxIter = Math.max(1000, Math.min(n, 20000));
    // warm starts as in the resistances-only path (planWarmStarts); a slot is used once it is filled
    const plan: Pick<TiedPair, "pinned" | "fills" | "guess">[] = pairs.map(([x, y]) => {
      const inA = sets[x].some((u) => lo(u) === gl);
      const inB = sets[y].some((u) => lo(u) === gl);
      return { pinned: inA ? 1 : inB ? 2 : 0 };
    });
    planWarmStarts(plan, pairs);
    const nSlots = plan.reduce((m, p) => Math.max(m, (p.fills ?? -1) + 1), 0);
    const slots = nSlots > 0 ? new Float32Array(nSlots * n) : null;
    const filled = new Uint8Array(nSlots);
    for (const [pi, [x, y]] of pairs.entries()) {
      if (overlapping(ctx, x, y)) {
        setR(ctx, x, y, 0);
        if (volt) {
          if (inPlace) sys.restore();
          yield zeroStep(ctx, nodes, x, y);
          if (inPlace) sys = componentSystem(graph, nodes, localOf, [g], undefined, comps);
        }
        continue;
      }
      const A = local(x);
      const B = local(y);
      const warm = plan[pi];
      // 1 A into a's region and out of b's, wherever each is not the ground
      const { c, at, inject } = tiedPairSystem(A, B, warm.pinned);
      if (slots && warm.guess && filled[warm.guess[0]] && filled[warm.guess[1]])
        slotDifference(slots, warm.guess[0] * n, warm.guess[1] * n, xv, n);
      else xv.fill(0);
      const res = cg.solve(at, inject, xv, c, tol, maxIter);
      if (slots && warm.fills !== undefined) {
        const off = warm.fills * n;
        const sign = slotSign(warm.pinned);
        for (let i = 0; i < n; i++) slots[off + i] = sign * xv[i];
        filled[warm.fills] = 1;
      }
      ctx.solves++;
      ctx.iterations.push(res.iterations);
      checkConverged("pairwise region solve", res.relResidual, tol, solver.method);
      const va = xv[A[0]];
      setR(ctx, x, y, va - xv[B[0]]);
      if (!volt) continue;
      // Circuitscape's convention: a at 0 V, 1 A into b.
      if (inPlace) {
        const comp = graph.component[g];
        for (let u = 0; u < graph.nNodes; u++) volt[u] = graph.component[u] === comp ? va - volt[u] : NaN;
        sys.restore(); // the currents are those of the ungrounded Laplacian
      } else {
        volt.fill(NaN);
        for (let i = 0; i < nodes.length; i++) volt[nodes[i]] = va - xv[i];
      }
      yield pairStep(ctx, x, y);
      if (inPlace) sys = componentSystem(graph, nodes, localOf, [g], undefined, comps); // the same values again
    }
  } finally {
    if (!inPlace) for (let i = 0; i < nodes.length; i++) localOf[nodes[i]] = -1;
    sys.restore();
  }
}

/** Resistances only: every pair of the component in one call, on threads (lo: a node's unknown in the solver, gl: the ground's). */
function tiedResistances(
  ctx: PairContext,
  pairs: [number, number][],
  solver: SpdSolver,
  lo: (u: number) => number,
  gl: number,
  tol: number,
  threads: number,
): void {
  const { sets } = ctx;
  const todo: TiedPair[] = [];
  const which: [number, number][] = [];
  for (const [x, y] of pairs) {
    if (overlapping(ctx, x, y)) {
      setR(ctx, x, y, 0);
      continue;
    }
    const A = Int32Array.from(sets[x], lo);
    const B = Int32Array.from(sets[y], lo);
    todo.push({ A, B, pinned: A.includes(gl) ? 1 : B.includes(gl) ? 2 : 0 });
    which.push([x, y]);
  }
  if (todo.length === 0) return;
  const order = planWarmStarts(todo, which);
  const out = solver.solveTiedPairs!(
    order.map((i) => todo[i]),
    { tol, threads },
  );
  order.forEach((j, i) => {
    const [x, y] = which[j];
    ctx.solves++;
    ctx.iterations.push(out.results[i].iterations);
    checkConverged("pairwise region solve", out.results[i].relResidual, tol, solver.method);
    setR(ctx, x, y, out.r[i]);
  });
}

/**
 * At most this many solutions kept for warm starts (4 bytes per node each: 16 B in all, what the
 * solution vectors no longer kept by the threads' tied solves give back on 2 threads).
 */
export const WARM_SLOTS = 4;

/**
 * Warm starts for tied pairs (tied-work.ts): the pairs with the ground's region (pinned 1 or 2) keep their
 * solutions, up to WARM_SLOTS of them, and a pair of two regions that both have one starts from their
 * difference. On the benchmark landscapes this halves the iterations of those pairs (bench/README.md,
 * "Fixed-width rows and warm starts"). Returns the order to solve in: the pairs that fill slots first.
 */
export function planWarmStarts(todo: Pick<TiedPair, "pinned" | "fills" | "guess">[], which: [number, number][]): number[] {
  const slotOf = new Map<number, number>();
  const first: number[] = [];
  const rest: number[] = [];
  todo.forEach((p, i) => {
    if (p.pinned === 0) return rest.push(i);
    first.push(i);
    const free = p.pinned === 1 ? which[i][1] : which[i][0];
    if (slotOf.size < WARM_SLOTS && !slotOf.has(free)) {
      slotOf.set(free, slotOf.size);
      p.fills = slotOf.get(free);
    }
  });
  for (const i of rest) {
    const [x, y] = which[i];
    const sx = slotOf.get(x);
    const sy = slotOf.get(y);
    // 1 A in at x and out at y: the potential of 1 A out of y minus that of 1 A out of x
    if (sx !== undefined && sy !== undefined) todo[i].guess = [sy, sx];
  }
  return [...first, ...rest];
}

/**
 * Hold every focal node of the component at 0 V and solve once per focal node for its harmonic
 * extension (reduced.ts): each pair is then a small dense solve on the Schur complement.
 */
function* reducedComponent(
  ctx: PairContext,
  nodes: Int32Array,
  members: number[],
  pairs: [number, number][],
): Generator<PairStep, void, void> {
  const { graph, sets, opts, comps, localOf, volt } = ctx;
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
  ctx.solves += net.solves;
  const { S } = net;
  const fixed = new Float64Array(nf);
  const zeros = new Float64Array(nf);
  const V = new Float64Array(nf);
  const role = new Int8Array(nf); // 1: a's nodes, 2: b's nodes, 0: free
  for (const [x, y] of pairs) {
    if (overlapping(ctx, x, y)) {
      setR(ctx, x, y, 0);
      if (volt) yield zeroStep(ctx, nodes, x, y);
      continue;
    }
    role.fill(0);
    for (const u of sets[x]) role[slot.get(u)!] = 1;
    for (const u of sets[y]) role[slot.get(u)!] = 2;
    for (let s1 = 0; s1 < nf; s1++) fixed[s1] = role[s1] === 1 ? 1 : role[s1] === 2 ? 0 : NaN;
    solveTerminals(net, fixed, zeros, V);
    let I = 0; // current out of a's nodes
    for (let s1 = 0; s1 < nf; s1++) {
      if (role[s1] !== 1) continue;
      for (let s2 = 0; s2 < nf; s2++) I += S[s1 * nf + s2] * V[s2];
    }
    const r = 1 / I;
    setR(ctx, x, y, r);
    if (!volt) continue;
    // u = sum_f V_f h_f; w = (1 - u) r drives 1 A into b with a at 0 V.
    volt.fill(NaN);
    expandVoltages(net, V, volt);
    for (let i = 0; i < nodes.length; i++) volt[nodes[i]] = (1 - volt[nodes[i]]) * r;
    yield pairStep(ctx, x, y);
  }
}

/**
 * Whether regionPairSteps applies: every id's on-graph nodes lie in one component of the base graph,
 * and no cell of a multi-cell id lies off the graph (Circuitscape would join it to the id's node).
 */
export function regionPairsApply(graph: CircuitGraph, focal: ArrayLike<number>, ids: number[]): boolean {
  const sets = regionNodes(graph, focal, ids);
  for (const set of sets) for (const u of set) if (graph.component[u] !== graph.component[set[0]]) return false;
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
