/**
 * Pairwise mode: effective resistance, voltages and currents between every pair of focal regions.
 *
 * Superposition, not one solve per pair: in a component with q distinct focal nodes f0..f(q-1), ground
 * f0 and solve L x_m = e_{f_m} for m = 1..q-1 (one solver setup, q-1 right-hand sides). x_m is column m
 * of the grounded Green's function G, so
 *   R(fm, fn) = G(m,m) + G(n,n) - 2 G(m,n)         (with x_0 = 0)
 * and the voltages of the pair (a, b) driven by 1 A into b and out of a are x_b - x_a, shifted so that
 * a sits at 0 V (Circuitscape's convention). Memory: q-1 Float64 vectors per component.
 *
 * Library API (stable; the scenario engine calls it):
 *   runPairwise(resistance: Grid, focal: Grid, opts?: PairwiseOptions, hooks?: PairwiseHooks): PairwiseResult
 *   pairwiseOnGraph(graph, focalNodes, opts?, hooks?)   same, on a graph already built
 * PairwiseResult.resistances is k x k row-major (ids order): 0 on the diagonal and between ids on one
 * node, -1 for pairs in different components (or excluded, or an id with no habitat cell).
 * cumulativeCurrent is per cell (sum over solved pairs of the 1 A node-current maps), NaN off the graph.
 */
import type { Grid } from "../grid/grid.ts";
import { buildCircuitGraph, type CircuitGraph, type CircuitGraphOptions } from "../graph/circuit-graph.ts";
import { mergeRegionLayers } from "../graph/regions.ts";
import { createSolver, defaultThreads, shareSym } from "../solve/index.ts";
import { CrosswayError } from "../util/errors.ts";
import { nodeCurrents } from "./currents.ts";
import { collectGarbage } from "../solve/gc.ts";
import { checkMemory, circuitBytes, nodeBound } from "./memory.ts";
import { checkConverged, componentNodes, componentSystem, solvesInPlace } from "./system.ts";

export type SolverMethod = "auto" | "amg" | "direct" | "jacobi";

export interface SolveSettings {
  /** Relative residual tolerance of each solve (default 1e-6). */
  tol?: number;
  solver?: SolverMethod;
}

export interface PairwiseOptions extends CircuitGraphOptions, SolveSettings {
  /** A focal id whose cells all lie off the graph (nodata): "error" (default) or "disconnected" (-1, as Circuitscape). */
  focalOffGraph?: "error" | "disconnected";
  /** Name of the focal file, for messages. */
  focalFile?: string;
  /** Largest memory for the k-1 voltage columns of one component (default 8e9 bytes); beyond it, a clear error. */
  maxColumnBytes?: number;
  /**
   * Bytes this run may use (default: the memory available on this machine). Before building anything,
   * the peak is estimated (src/circuit/memory.ts) and a run that would not fit stops with a clear error.
   * Infinity turns the check off.
   */
  memoryLimit?: number;
  /**
   * Threads for a component's k-1 solves (default: 1 below 250 000 nodes, else min(2, cores)). With more
   * than one, the Laplacian and the AMG hierarchy move to SharedArrayBuffer and worker threads solve
   * columns too (about 36 bytes per node more per extra thread); the results are the same bit for bit.
   */
  threads?: number;
  /** Return false to skip a pair (its resistance stays -1). Ids are focal ids. */
  includePair?: (a: number, b: number) => boolean;
  /**
   * false: effective resistances only (a Circuitscape run that writes no current or voltage map).
   * No voltage column is kept - each solve keeps only its values at the focal nodes - so the k-1
   * columns (8 bytes per node each) never exist; no pair is yielded and cumulativeCurrent is null.
   * Default true.
   */
  currents?: boolean;
}

export interface PairwiseHooks {
  /**
   * Called once per solved pair (a < b in ids order): voltages and node currents per graph node
   * (NaN outside the pair's component). The arrays are reused: copy them to keep them.
   */
  onPair?(a: number, b: number, voltages: Float64Array, currents: Float64Array, graph: CircuitGraph): void;
}

export interface PairwiseResult {
  ids: number[];
  /** k x k row-major. */
  resistances: Float64Array;
  /** Per cell, NaN off the graph; null when currents were not wanted (opts.currents false). */
  cumulativeCurrent: Float64Array | null;
  graph: CircuitGraph;
  /** Graph node of each id (-1 when off the graph). */
  focalNode: Int32Array;
  /** Total linear solves run. */
  solves: number;
  /** Iterations of each solve, in order (CG iterations; direct: refinement steps). */
  iterations: number[];
}

/** Sorted distinct positive ids of a focal grid (NaN and values <= 0 are not focal). */
export function focalIds(focal: ArrayLike<number>): number[] {
  const set = new Set<number>();
  for (let i = 0; i < focal.length; i++) {
    const v = focal[i];
    if (v > 0) set.add(v);
  }
  return [...set].sort((a, b) => a - b);
}

export function runPairwise(resistance: Grid, focal: Grid, opts: PairwiseOptions = {}, hooks: PairwiseHooks = {}): PairwiseResult {
  checkSameShape(resistance, focal, opts);
  const n = resistance.width * resistance.height;
  const layers: ArrayLike<number>[] = [];
  if (opts.regions) layers.push(opts.regions);
  layers.push(focal.data);
  const ids = focalIds(focal.data);
  checkPairwiseMemory(resistance, ids.length, opts);
  const graph = graphWithRegions(resistance, n, layers, opts);
  const focalNode = focalNodesOf(graph, focal.data, ids, opts);
  return pairwiseOnGraph(graph, ids, focalNode, opts, hooks);
}

/**
 * Fail early: throws a CrosswayError when pairwise among k focal regions on this grid would need more
 * memory than opts.memoryLimit (default: what this machine has available; Infinity: no check).
 * Call it before the graph is built.
 */
export function checkPairwiseMemory(
  resistance: Grid,
  k: number,
  opts: Pick<PairwiseOptions, "memoryLimit" | "threads" | "currents"> = {},
): void {
  if (opts.memoryLimit === Infinity) return;
  const n = resistance.width * resistance.height;
  const valued = nodeBound(resistance.data);
  const threads = Math.max(1, Math.floor(opts.threads ?? defaultThreads(valued)));
  // resistances only: no column is kept, but each thread solves into a scratch vector of its own
  const columns = opts.currents === false ? 1 : Math.max(0, k - 1);
  const need = circuitBytes(n, valued, columns, Math.min(threads, Math.max(1, k - 1)) - 1);
  checkMemory(need, n, `pairwise with ${k} focal regions`, opts.memoryLimit);
}

/**
 * The merged region labelling (4 bytes per cell) and the build's per-cell conductances (8) are only
 * needed while the graph is built: they die here, and are collected before the solver's setup.
 */
function graphWithRegions(resistance: Grid, n: number, layers: ArrayLike<number>[], opts: PairwiseOptions): CircuitGraph {
  const graph = buildCircuitGraph(resistance, { ...opts, regions: mergeRegionLayers(n, layers) });
  collectGarbage();
  return graph;
}

export function checkSameShape(a: Grid, b: Grid, opts: { file?: string; focalFile?: string }): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new CrosswayError(
      `focal grid is ${b.width} x ${b.height} cells but the resistance grid${opts.file ? ` (${opts.file})` : ""} is ${a.width} x ${a.height}`,
      { file: opts.focalFile },
    );
  }
}

/** Node of each focal id: the node of any of its on-graph cells (all are one node once regions are merged). */
export function focalNodesOf(
  graph: CircuitGraph,
  focal: ArrayLike<number>,
  ids: number[],
  opts: { focalOffGraph?: "error" | "disconnected"; focalFile?: string },
): Int32Array {
  const index = new Map<number, number>();
  ids.forEach((id, i) => index.set(id, i));
  const node = new Int32Array(ids.length).fill(-1);
  for (let i = 0; i < focal.length; i++) {
    const v = focal[i];
    if (!(v > 0)) continue;
    const u = graph.nodeOfCell[i];
    if (u >= 0) node[index.get(v)!] = u;
  }
  const missing = ids.filter((_, i) => node[i] < 0);
  if (missing.length > 0 && (opts.focalOffGraph ?? "error") === "error") {
    throw new CrosswayError(
      `focal id${missing.length > 1 ? "s" : ""} ${missing.join(", ")} lie${missing.length > 1 ? "" : "s"} only on nodata or zero-conductance cells`,
      { file: opts.focalFile },
    );
  }
  return node;
}

export function pairwiseOnGraph(
  graph: CircuitGraph,
  ids: number[],
  focalNode: Int32Array,
  opts: PairwiseOptions = {},
  hooks: PairwiseHooks = {},
): PairwiseResult {
  const steps = pairwiseSteps(graph, ids, focalNode, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    hooks.onPair?.(r.value.a, r.value.b, r.value.voltages, r.value.currents, graph);
  }
}

/** One solved pair; the arrays are reused by the next step. */
export interface PairStep {
  a: number;
  b: number;
  voltages: Float64Array;
  currents: Float64Array;
}

/**
 * The pairwise computation as a generator: yields each solved pair in turn (so that a caller can
 * write its maps, even asynchronously, before the next pair overwrites the arrays) and returns the
 * result. pairwiseOnGraph is this with a callback. Per component: the Green's-function columns
 * (solveColumns), then the pairs from them by superposition (superpose).
 */
export function* pairwiseSteps(
  graph: CircuitGraph,
  ids: number[],
  focalNode: Int32Array,
  opts: PairwiseOptions = {},
): Generator<PairStep, PairwiseResult, void> {
  const k = ids.length;
  const R = new Float64Array(k * k).fill(-1);
  for (let i = 0; i < k; i++) R[i * k + i] = 0;
  const include = opts.includePair ?? (() => true);
  const comps = componentNodes(graph);
  // The per-pair node vectors serve the solves first: volt is the right-hand side and cur a CG work
  // vector (both idle until the pairs are evaluated), which saves 16 bytes per node at the memory peak.
  // cumNode is allocated once the first solver is released, so it never coexists with a hierarchy.
  // On shared memory (same cost): during threaded solves volt is idle and a worker uses it as a CG vector.
  // Resistances only: neither the pair vectors nor any column exist (see PairwiseOptions.currents).
  const currents = opts.currents !== false;
  let localOf: Int32Array | null = null;
  const run: PairRun = {
    graph,
    opts,
    comps,
    // made on first use: a component solved in place (the usual one) needs no local numbering (4 B per node)
    get localOf() {
      return (localOf ??= new Int32Array(graph.nNodes).fill(-1));
    },
    volt: currents ? new Float64Array(new SharedArrayBuffer(8 * graph.nNodes)) : null,
    cur: currents ? new Float64Array(graph.nNodes) : null,
    cumNode: null,
    outflow: null,
    solves: 0,
    iterations: [],
  };

  // Group focal indices by component, and distinct nodes within a component.
  const byComp = new Map<number, number[]>();
  for (let i = 0; i < k; i++) {
    const u = focalNode[i];
    if (u < 0) continue;
    const c = graph.component[u];
    let list = byComp.get(c);
    if (!list) byComp.set(c, (list = []));
    list.push(i);
  }
  for (const [c, members] of byComp) {
    const nodes = comps[c];
    // Distinct focal nodes, in order of first appearance; slot[i] = index among them.
    const distinct: number[] = [];
    const slotOf = new Map<number, number>();
    for (const i of members) {
      const u = focalNode[i];
      if (!slotOf.has(u)) {
        slotOf.set(u, distinct.length);
        distinct.push(u);
      }
    }
    // Pairs wanted in this component, as slots of distinct focal nodes.
    const pairs: Pair[] = [];
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) {
        const a = members[x];
        const b = members[y];
        if (include(ids[a], ids[b])) pairs.push({ a, b, sa: slotOf.get(focalNode[a])!, sb: slotOf.get(focalNode[b])! });
      }
    if (pairs.length === 0) continue;
    const cols = solveColumns(run, nodes, distinct, pairs);
    for (const st of superpose(run, nodes, cols, pairs)) {
      R[st.a * k + st.b] = R[st.b * k + st.a] = st.r;
      if (st.voltages) yield { a: ids[st.a], b: ids[st.b], voltages: st.voltages, currents: st.currents! };
    }
  }
  const cumulativeCurrent = currents ? nodeValuesToCells(graph, run.cumNode ?? new Float64Array(graph.nNodes)) : null;
  return { ids, resistances: R, cumulativeCurrent, graph, focalNode, solves: run.solves, iterations: run.iterations };
}

/** A wanted pair: focal indices a < b and the slots of their distinct focal nodes. */
interface Pair {
  a: number;
  b: number;
  sa: number;
  sb: number;
}

/** What the components of one run share: the graph, the options, the pair vectors and the counts. */
interface PairRun {
  graph: CircuitGraph;
  opts: PairwiseOptions;
  comps: Int32Array[];
  readonly localOf: Int32Array;
  /** The pair's voltages (on SharedArrayBuffer) and node currents; null: resistances only. */
  volt: Float64Array | null;
  cur: Float64Array | null;
  /** The cumulative node currents and nodeCurrents' scratch, made after the first solver is released. */
  cumNode: Float64Array | null;
  outflow: Float64Array | null;
  solves: number;
  iterations: number[];
}

/** The grounded Green's function of one component at its distinct focal nodes (slot 0 is the ground). */
interface Columns {
  q: number;
  /** Column m (1 A into distinct focal node m) per slot, kept when currents are wanted. */
  cols: (Float64Array | null)[];
  /** Resistances only: probed[m * q + s] = column m at distinct focal node s (no column kept). */
  probed: Float64Array | null;
  /** Local index of each distinct focal node. */
  loc: Int32Array;
  /** The columns are indexed by global node (the Laplacian grounded in place), else by local index. */
  inPlace: boolean;
}

const NO_LOCAL = new Int32Array(0);

/**
 * Ground distinct[0] and solve L x_m = e_{distinct[m]} for every other distinct focal node that a
 * wanted pair needs: one solver setup, the columns on `threads` threads.
 */
function solveColumns(run: PairRun, nodes: Int32Array, distinct: number[], pairs: Pair[]): Columns {
  const { graph, opts, comps, volt, cur } = run;
  const q = distinct.length;
  // Superposition subtracts Green's-function columns (R_mn = G_mm + G_nn - 2 G_mn), which loses
  // digits for focal nodes close to each other and far from the ground; solving each column 100x
  // tighter than the requested per-pair tolerance keeps every pair's answer at that tolerance.
  const columnTol = Math.max((opts.tol ?? 1e-6) * 1e-2, 1e-12);
  // Only solve for nodes that appear in a wanted pair.
  const needed = new Uint8Array(q);
  for (const { sa, sb } of pairs) needed[sa] = needed[sb] = 1;
  const cols: (Float64Array | null)[] = new Array(q).fill(null);
  const probed = volt ? null : new Float64Array(q * q);
  const solved = new Uint8Array(q);
  const loc = new Int32Array(q); // local index of each distinct focal node
  let nCols = 0;
  for (let m = 1; m < q; m++) nCols += needed[m];
  // A component with most of the nodes is solved on the whole graph's Laplacian grounded in place
  // (no copy of its matrix; local index = global node): componentSystem below decides the same.
  const inPlace = solvesInPlace(graph, nodes);
  const sysN = inPlace ? graph.nNodes : nodes.length;
  const colBytes = volt ? nCols * sysN * 8 : 0;
  const budget = opts.maxColumnBytes ?? 8e9;
  if (colBytes > budget) {
    throw new CrosswayError(
      `${nCols + 1} focal regions in one component of ${nodes.length} cells need ${(colBytes / 1e9).toFixed(1)} GB for their voltage columns (budget ${(budget / 1e9).toFixed(1)} GB): use fewer focal regions, or included pairs`,
    );
  }
  if (q <= 1) return { q, cols, probed, loc, inPlace };
  const ground = distinct[0];
  const threads = Math.max(1, Math.floor(opts.threads ?? defaultThreads(nodes.length)));
  const parallel = threads > 1 && nCols >= 2 && (opts.solver ?? "auto") !== "direct" && opts.solver !== "jacobi";
  // Workers read the matrix from shared memory. The whole-graph system is the Laplacian grounded in
  // place, so the graph's own Laplacian moves there (same values; the private copy becomes garbage).
  if (parallel && inPlace) {
    graph.laplacian = shareSym(graph.laplacian);
    collectGarbage(); // the private copy goes before the hierarchy is built
  }
  const localOf = inPlace ? NO_LOCAL : run.localOf;
  const sys = componentSystem(graph, nodes, localOf, [ground], undefined, comps);
  if (sys.inPlace !== inPlace) throw new Error("pairwise: componentSystem and solvesInPlace disagree");
  const lo = (u: number): number => (inPlace ? u : localOf[u]);
  try {
    const A = parallel ? shareSym(sys.A) : sys.A;
    if (parallel && !inPlace) collectGarbage(); // the private copy of the component's matrix goes
    const solver = createSolver(A, { method: opts.solver ?? "auto", workspace: cur ? [cur] : [] });
    if (!inPlace) for (let i = 0; i < nodes.length; i++) localOf[nodes[i]] = i;
    for (let s = 0; s < q; s++) loc[s] = lo(distinct[s]);
    // Unit right-hand sides without a stored b: on threads, or on this thread alone for resistances only.
    if ((parallel || probed) && solver.solveUnitColumns) {
      const ms: number[] = [];
      for (let m = 1; m < q; m++) if (needed[m]) ms.push(m);
      const out = solver.solveUnitColumns(
        ms.map((m) => lo(distinct[m])),
        { tol: columnTol, threads: parallel ? threads : 1, lend: volt ? [volt] : [], probe: probed ? loc : undefined },
      );
      ms.forEach((m, i) => {
        checkConverged("pairwise solve", out.results[i].relResidual, columnTol, solver.method);
        run.solves++;
        run.iterations.push(out.results[i].iterations);
        solved[m] = 1;
        if (probed) probed.set(out.probes!.subarray(i * q, (i + 1) * q), m * q);
        else cols[m] = out.columns[i];
      });
    }
    // The right-hand side of the columns left (the direct solver has no solveUnitColumns), made only
    // when one is left: in resistances-only mode it would otherwise be an n-vector for nothing.
    let b: Float64Array | null = null;
    let scratch: Float64Array | null = null;
    for (let m = 1; m < q; m++) {
      if (solved[m] || !needed[m]) continue;
      b ??= (volt ? volt.subarray(0, sysN) : new Float64Array(sysN)).fill(0);
      const li = lo(distinct[m]);
      b[li] = 1;
      const x = probed ? (scratch ??= new Float64Array(sysN)).fill(0) : new Float64Array(sysN);
      const res = solver.solve(b, x, { tol: columnTol });
      run.solves++;
      run.iterations.push(res.iterations);
      checkConverged("pairwise solve", res.relResidual, columnTol, solver.method);
      b[li] = 0;
      solved[m] = 1;
      if (probed) for (let s = 0; s < q; s++) probed[m * q + s] = x[loc[s]];
      else cols[m] = x;
    }
  } finally {
    if (!inPlace) for (let i = 0; i < nodes.length; i++) localOf[nodes[i]] = -1;
    sys.restore(); // the graph's Laplacian is whole again before currents are computed
  }
  return { q, cols, probed, loc, inPlace };
}

/** One pair from the columns: its resistance, and (currents wanted) its voltages and node currents. */
interface SuperposedPair {
  a: number;
  b: number;
  r: number;
  voltages: Float64Array | null;
  currents: Float64Array | null;
}

/**
 * Every wanted pair of a component from its columns: R(fm, fn) = G(m,m) + G(n,n) - 2 G(m,n), and the
 * pair's voltages x_b - x_a with a at 0 V; the node currents are added to the cumulative map.
 */
function* superpose(run: PairRun, nodes: Int32Array, c: Columns, pairs: Pair[]): Generator<SuperposedPair, void, void> {
  const { graph, volt, cur } = run;
  const { q, cols, probed, loc, inPlace } = c;
  const G = (s: number, t: number): number => {
    // G(s,t) = voltage at t for 1 A into s, grounded at slot 0; symmetrised.
    if (s === 0 || t === 0) return 0;
    if (probed) return 0.5 * (probed[s * q + t] + probed[t * q + s]);
    const xs = cols[s]!;
    const xt = cols[t]!;
    return 0.5 * (xs[loc[t]] + xt[loc[s]]);
  };
  if (!volt || !cur) {
    for (const { a, b, sa, sb } of pairs)
      yield { a, b, r: sa === sb ? 0 : G(sa, sa) + G(sb, sb) - 2 * G(sa, sb), voltages: null, currents: null };
    return;
  }
  if (q > 1) collectGarbage(); // the solver was just released: free it before more vectors are allocated
  const cumNode = (run.cumNode ??= new Float64Array(graph.nNodes));
  const outflow = (run.outflow ??= new Float64Array(graph.nNodes));
  for (const { a, b, sa, sb } of pairs) {
    let r = 0;
    volt.fill(NaN);
    if (sa !== sb) {
      r = G(sa, sa) + G(sb, sb) - 2 * G(sa, sb);
      const xa = sa === 0 ? null : cols[sa]!;
      const xb = sb === 0 ? null : cols[sb]!;
      const shift = (xb ? xb[loc[sa]] : 0) - (xa ? xa[loc[sa]] : 0);
      for (let i = 0; i < nodes.length; i++) {
        const u = nodes[i];
        const li = inPlace ? u : i;
        volt[u] = (xb ? xb[li] : 0) - (xa ? xa[li] : 0) - shift;
      }
    } else {
      for (let i = 0; i < nodes.length; i++) volt[nodes[i]] = 0;
    }
    nodeCurrents(graph.laplacian, volt, cur, undefined, outflow);
    for (let i = 0; i < nodes.length; i++) cumNode[nodes[i]] += cur[nodes[i]];
    yield { a, b, r, voltages: volt, currents: cur };
  }
}

/** Per cell value of a per node vector, NaN off the graph. */
export function nodeValuesToCells(graph: CircuitGraph, perNode: Float64Array): Float64Array {
  const out = new Float64Array(graph.width * graph.height);
  const map = graph.nodeOfCell;
  for (let i = 0; i < out.length; i++) out[i] = map[i] >= 0 ? perNode[map[i]] : NaN;
  return out;
}
