/**
 * The absorbing random walk on the circuit graph (Fletcher et al. 2019; samc, Marx et al. 2020),
 * solved as a grounded circuit. A walker at node i dies with probability q_i per visit, otherwise
 * steps to neighbour j with probability c_ij / sum_j c_ij. Dying is current leaking to ground through
 *
 *   k_i = q_i / (1 - q_i) * sum_j c_ij          (q_i = 1: a direct ground, k_i = infinity)
 *
 * so that k_i / (sum_j c_ij + k_i) = q_i. With 1 A injected at the source node a, the target node b
 * held at 0 V and every q = 1 node held at 0 V, the solution V of (L + diag(k)) V = e_a gives
 *   expected deaths at i      = k_i V_i          (finite ground: the current into it)
 *   deaths at a q = 1 node    = the current flowing into it from its neighbours
 *   P(reach b before dying)   = the current flowing into b
 * because V_i = G(a, i), the expected number of visits to i divided by (sum_j c_ij + k_i), with G the
 * symmetric inverse of the grounded matrix. Everything adds up to the 1 A injected (conservation).
 * Proof sketch and the formulas: scenarios/METRICS.md ("Mortality").
 */
import type { CircuitGraph } from "../graph/circuit-graph.ts";
import { componentNodes, componentSystem, checkConverged } from "../circuit/system.ts";
import { createSolver, defaultThreads, shareSym } from "../solve/index.ts";

/**
 * Ground conductance per node from a per-cell mortality q (one value per grid cell). A node that
 * stands for several cells (a short-circuited core) gets no ground: the core is where walkers start
 * and arrive, not a place they die (scenarios/METRICS.md). q must be in [0, 1]; q = 1 gives Infinity.
 */
export function groundConductances(graph: CircuitGraph, q: ArrayLike<number>): Float64Array {
  const k = new Float64Array(graph.nNodes);
  const cells = new Int32Array(graph.nNodes);
  const qOf = new Float64Array(graph.nNodes);
  for (let i = 0; i < graph.nodeOfCell.length; i++) {
    const u = graph.nodeOfCell[i];
    if (u < 0) continue;
    cells[u]++;
    qOf[u] = q[i];
  }
  const d = graph.laplacian.diag;
  for (let u = 0; u < graph.nNodes; u++) {
    if (cells[u] !== 1) continue;
    const qu = qOf[u];
    if (!(qu > 0)) continue;
    k[u] = qu >= 1 ? Infinity : (qu / (1 - qu)) * d[u];
  }
  return k;
}

export interface Direction {
  source: number;
  target: number;
}

export interface DirectionResult {
  /** Probability that a walker released at source reaches target before dying. */
  success: number;
  /** Expected deaths per walker, everywhere (success + deaths = 1 up to the solver's tolerance). */
  deaths: number;
  /** Expected deaths per walker per tally (e.g. road segment). */
  tally: Float64Array;
  /** False when source and target lie in different components (success 0, deaths NaN). */
  connected: boolean;
}

export interface ChainOptions {
  tol: number;
  /** Per node: tally index (e.g. road segment) or -1. */
  tallyOf?: Int32Array;
  nTallies?: number;
  solver?: "auto" | "amg" | "direct";
  /**
   * "green" (default where it applies): one grounded system per component, one solve per core
   * (see solveGreen). "per-target": one system per target core (held at 0 V), one solve per direction;
   * always used for a component without any ground (q = 0 throughout: there L alone is singular).
   */
  method?: "green" | "per-target";
  /**
   * Solver threads (default: the engine's own choice for the component's size, as pairwise mode).
   * With more than one, the columns of a system are solved side by side on worker threads sharing the
   * matrix and the AMG hierarchy (SharedArrayBuffer): the same columns, bit for bit.
   */
  threads?: number;
  /**
   * Per node (global order): the deaths of every direction added up, on tallied nodes only (tallyOf >= 0,
   * the road cells): what the road-kill risk grid is made of.
   */
  tallyNodes?: Float64Array;
  /** Sees each direction's node voltages V = G_b(a, .) (global node order; 0 off the component). */
  onSolve?: (index: number, voltages: Float64Array) => void;
}

interface Shared {
  graph: CircuitGraph;
  comps: Int32Array[];
  localOf: Int32Array;
  finite: Float64Array;
  isDirect: Uint8Array;
  direct: number[];
  opts: ChainOptions;
}

/**
 * Solve every direction. Setting up a solver (the AMG hierarchy) costs several solves on a large
 * grid, so by default each component is set up once: its Green function G = (L + K)^-1 (q = 1 nodes
 * held at 0 V) has one column per core, and for a -> b
 *   h = G(a, b) / G(b, b)                        (visits to b from a = P_a(reach b) x visits from b)
 *   deaths at i = d_a(i) - h d_b(i)              (d_c(i) = k_i G(c, i), or the inflow of a q = 1 node)
 * the deaths of walkers from a, less those of the walkers that reached b and went on (strong Markov
 * property at b). A component without any ground, or a direction from or to a q = 1 node, is solved
 * per target instead. The graph's Laplacian is grounded in place for a large component and restored
 * before returning.
 */
export function solveDirections(
  graph: CircuitGraph,
  ground: Float64Array,
  dirs: readonly Direction[],
  opts: ChainOptions,
): DirectionResult[] {
  const nT = opts.nTallies ?? 0;
  const out: DirectionResult[] = dirs.map(() => ({ success: 0, deaths: NaN, tally: new Float64Array(nT).fill(NaN), connected: false }));
  const sh: Shared = {
    graph,
    comps: componentNodes(graph),
    localOf: new Int32Array(graph.nNodes).fill(-1),
    finite: new Float64Array(graph.nNodes),
    isDirect: new Uint8Array(graph.nNodes),
    direct: [],
    opts,
  };
  const grounded = new Uint8Array(graph.nComponents);
  for (let u = 0; u < graph.nNodes; u++) {
    if (ground[u] === Infinity) {
      sh.direct.push(u);
      sh.isDirect[u] = 1;
    } else sh.finite[u] = ground[u];
    if (ground[u] > 0) grounded[graph.component[u]] = 1;
  }
  const green = new Map<number, number[]>(); // component -> directions
  const perTarget = new Map<number, number[]>(); // target -> directions
  dirs.forEach((d, i) => {
    const c = graph.component[d.source];
    if (c !== graph.component[d.target]) return;
    if (opts.method !== "per-target" && grounded[c] && !sh.isDirect[d.source] && !sh.isDirect[d.target] && d.source !== d.target) {
      const list = green.get(c) ?? [];
      list.push(i);
      green.set(c, list);
    } else {
      const list = perTarget.get(d.target) ?? [];
      list.push(i);
      perTarget.set(d.target, list);
    }
  });
  for (const [c, list] of green) solveGreen(sh, sh.comps[c], dirs, list, out);
  for (const [target, list] of perTarget) solvePerTarget(sh, target, dirs, list, out);
  return out;
}

/** Deaths per node of the walk from a column: k_i x_i, or the inflow of a q = 1 node. */
function deathsOf(sh: Shared, nodes: Int32Array, x: Float64Array, inflow: Float64Array, out: Float64Array): void {
  for (let p = 0; p < nodes.length; p++) {
    const u = nodes[p];
    out[u] = sh.isDirect[u] ? inflow[u] : sh.finite[u] * x[u];
  }
}

function solveColumns(sh: Shared, nodes: Int32Array, pinned: number[], at: number[]): Float64Array[] {
  const { graph, opts } = sh;
  const todo = at.filter((src) => !sh.isDirect[src] && !pinned.includes(src));
  const threads = Math.max(1, Math.floor(opts.threads ?? defaultThreads(nodes.length)));
  const parallel = threads > 1 && todo.length >= 2 && opts.solver !== "direct";
  // Worker threads read the matrix from shared memory; a whole-graph system is the Laplacian grounded
  // in place, so the graph's own Laplacian moves there first (as pairwise mode does).
  if (parallel) graph.laplacian = shareSym(graph.laplacian);
  const sys = componentSystem(graph, nodes, sh.localOf, pinned, sh.finite, sh.comps);
  const colOf = new Map<number, Float64Array>();
  const toGlobal = (x: Float64Array): Float64Array => {
    const col = new Float64Array(graph.nNodes);
    if (sys.inPlace) for (let p = 0; p < nodes.length; p++) col[nodes[p]] = x[nodes[p]];
    else for (let p = 0; p < nodes.length; p++) col[nodes[p]] = x[p];
    return col;
  };
  const local = (src: number) => (sys.inPlace ? src : localIndex(nodes, src));
  try {
    const A = parallel ? shareSym(sys.A) : sys.A;
    const solver = createSolver(A, { method: opts.solver ?? "auto" });
    if (parallel && solver.solveUnitColumns) {
      const res = solver.solveUnitColumns(todo.map(local), { tol: opts.tol, threads });
      todo.forEach((src, m) => {
        checkConverged("mortality solve", res.results[m].relResidual, opts.tol, solver.method);
        colOf.set(src, toGlobal(res.columns[m]));
      });
    } else {
      const b = new Float64Array(sys.A.n);
      for (const src of todo) {
        const x = new Float64Array(sys.A.n);
        b.fill(0);
        b[local(src)] = 1;
        const res = solver.solve(b, x, { tol: opts.tol });
        checkConverged("mortality solve", res.relResidual, opts.tol, solver.method);
        colOf.set(src, toGlobal(x));
      }
    }
  } finally {
    sys.restore();
  }
  // A source that is pinned (q = 1, or the target itself) injects nothing: its column is 0.
  return at.map((src) => colOf.get(src) ?? new Float64Array(graph.nNodes));
}

function solveGreen(sh: Shared, nodes: Int32Array, dirs: readonly Direction[], list: number[], out: DirectionResult[]): void {
  const { graph, opts } = sh;
  const cores = [...new Set(list.flatMap((i) => [dirs[i].source, dirs[i].target]))];
  const pinned = sh.direct.filter((u) => graph.component[u] === graph.component[nodes[0]]);
  const cols = solveColumns(sh, nodes, pinned, cores);
  const colOf = new Map(cores.map((c, m) => [c, cols[m]]));
  // Deaths per node of the unabsorbed walk from each core (computed once per core).
  const inflow = new Float64Array(graph.nNodes);
  const deaths = new Map<number, Float64Array>();
  for (const c of cores) {
    const x = colOf.get(c)!;
    pinnedInflow(graph, nodes, x, sh.isDirect, -1, inflow);
    const d = new Float64Array(graph.nNodes);
    deathsOf(sh, nodes, x, inflow, d);
    deaths.set(c, d);
  }
  const volt = opts.onSolve ? new Float64Array(graph.nNodes) : null;
  for (const i of list) {
    const { source: a, target: b } = dirs[i];
    const xb = colOf.get(b)!;
    const h = xb[a] / xb[b];
    const da = deaths.get(a)!;
    const db = deaths.get(b)!;
    const r = out[i];
    r.connected = true;
    r.success = h;
    r.tally.fill(0);
    let total = 0;
    for (let p = 0; p < nodes.length; p++) {
      const u = nodes[p];
      const d = da[u] - h * db[u];
      if (d === 0) continue;
      total += d;
      const t = opts.tallyOf ? opts.tallyOf[u] : -1;
      if (t >= 0) {
        r.tally[t] += d;
        if (opts.tallyNodes) opts.tallyNodes[u] += d;
      }
    }
    r.deaths = total;
    if (volt) {
      // G_b(a, .) = G(a, .) - h G(b, .): the walk killed at b
      const xa = colOf.get(a)!;
      volt.fill(0);
      for (let p = 0; p < nodes.length; p++) volt[nodes[p]] = xa[nodes[p]] - h * xb[nodes[p]];
      opts.onSolve!(i, volt);
    }
  }
}

function solvePerTarget(sh: Shared, target: number, dirs: readonly Direction[], list: number[], out: DirectionResult[]): void {
  const { graph, opts } = sh;
  const nodes = sh.comps[graph.component[target]];
  const pinned = [target];
  for (const u of sh.direct) if (graph.component[u] === graph.component[target] && u !== target) pinned.push(u);
  const cols = solveColumns(
    sh,
    nodes,
    pinned,
    list.map((i) => dirs[i].source),
  );
  const inflow = new Float64Array(graph.nNodes);
  list.forEach((i, m) => {
    const volt = cols[m];
    const src = dirs[i].source;
    const r = out[i];
    r.connected = true;
    r.tally.fill(0);
    if (src === target) {
      r.success = 1;
      r.deaths = 0;
      return;
    }
    if (sh.isDirect[src]) {
      // A source on a q = 1 node dies at once.
      r.success = 0;
      r.deaths = 1;
      if (opts.tallyOf && opts.tallyOf[src] >= 0) {
        r.tally[opts.tallyOf[src]] += 1;
        if (opts.tallyNodes) opts.tallyNodes[src] += 1;
      }
      return;
    }
    pinnedInflow(graph, nodes, volt, sh.isDirect, target, inflow);
    let deaths = 0;
    for (let p = 0; p < nodes.length; p++) {
      const u = nodes[p];
      const d = sh.isDirect[u] ? inflow[u] : sh.finite[u] * volt[u];
      if (d === 0) continue;
      deaths += d;
      const t = opts.tallyOf ? opts.tallyOf[u] : -1;
      if (t >= 0) {
        r.tally[t] += d;
        if (opts.tallyNodes) opts.tallyNodes[u] += d;
      }
    }
    r.deaths = deaths;
    r.success = inflow[target];
    opts.onSolve?.(i, volt);
  });
}

function localIndex(nodes: Int32Array, u: number): number {
  // nodes is sorted ascending (componentNodes)
  let lo = 0;
  let hi = nodes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid] < u) lo = mid + 1;
    else if (nodes[mid] > u) hi = mid - 1;
    else return mid;
  }
  throw new Error(`node ${u} is not in the component`);
}

/**
 * Current flowing into each pinned (0 V) node of the component from its neighbours: sum_j c_uj V_j,
 * read from the graph's (restored) Laplacian. Written into inflow for pinned nodes, 0 elsewhere.
 */
function pinnedInflow(
  graph: CircuitGraph,
  nodes: Int32Array,
  volt: Float64Array,
  isDirect: Uint8Array,
  target: number,
  inflow: Float64Array,
): void {
  const L = graph.laplacian;
  for (let p = 0; p < nodes.length; p++) inflow[nodes[p]] = 0;
  const pinned = (u: number) => u === target || isDirect[u] === 1;
  for (let p = 0; p < nodes.length; p++) {
    const u = nodes[p];
    const pu = pinned(u);
    for (let k = L.rowPtr[u]; k < L.rowPtr[u + 1]; k++) {
      const v = L.col[k];
      const pv = pinned(v);
      if (pu === pv) continue;
      const g = -L.val[k];
      if (pu) inflow[u] += g * volt[v];
      else inflow[v] += g * volt[u];
    }
  }
}
