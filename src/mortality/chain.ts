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
import { createSolver } from "../solve/index.ts";

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
  /** Sees each direction's node voltages (global node order; 0 off the component). */
  onSolve?: (index: number, voltages: Float64Array) => void;
}

/**
 * Solve every direction; directions sharing a target share one grounded system (one solver setup).
 * The graph's Laplacian is grounded in place for a large component and restored before returning.
 */
export function solveDirections(graph: CircuitGraph, ground: Float64Array, dirs: readonly Direction[], opts: ChainOptions): DirectionResult[] {
  const nT = opts.nTallies ?? 0;
  const out: DirectionResult[] = dirs.map(() => ({ success: 0, deaths: NaN, tally: new Float64Array(nT).fill(NaN), connected: false }));
  const comps = componentNodes(graph);
  const localOf = new Int32Array(graph.nNodes).fill(-1);
  const direct: number[] = [];
  const finite = new Float64Array(graph.nNodes);
  for (let u = 0; u < graph.nNodes; u++) {
    if (ground[u] === Infinity) direct.push(u);
    else finite[u] = ground[u];
  }
  const isDirect = new Uint8Array(graph.nNodes);
  for (const u of direct) isDirect[u] = 1;
  const byTarget = new Map<number, number[]>();
  dirs.forEach((d, i) => {
    if (graph.component[d.source] !== graph.component[d.target]) return;
    const list = byTarget.get(d.target) ?? [];
    list.push(i);
    byTarget.set(d.target, list);
  });
  const volt = new Float64Array(graph.nNodes);
  const inflow = new Float64Array(graph.nNodes);
  for (const [target, list] of byTarget) {
    const nodes = comps[graph.component[target]];
    const pinned = [target];
    for (const u of direct) if (graph.component[u] === graph.component[target] && u !== target) pinned.push(u);
    const sys = componentSystem(graph, nodes, localOf, pinned, finite, comps);
    const solutions: Float64Array[] = [];
    try {
      const solver = createSolver(sys.A, { method: opts.solver ?? "auto" });
      for (const i of list) {
        const src = dirs[i].source;
        const b = new Float64Array(sys.A.n);
        const x = new Float64Array(sys.A.n);
        // A source on a q = 1 node dies at once (its row is a Dirichlet row: no current enters).
        if (!isDirect[src] && src !== target) {
          b[sys.inPlace ? src : localIndex(nodes, src)] = 1;
          const res = solver.solve(b, x, { tol: opts.tol });
          checkConverged("mortality solve", res.relResidual, opts.tol, solver.method);
        }
        solutions.push(x);
      }
    } finally {
      sys.restore();
    }
    list.forEach((i, m) => {
      const x = solutions[m];
      volt.fill(0);
      if (sys.inPlace) {
        for (let p = 0; p < nodes.length; p++) volt[nodes[p]] = x[nodes[p]];
      } else {
        for (let p = 0; p < nodes.length; p++) volt[nodes[p]] = x[p];
      }
      const src = dirs[i].source;
      const r = out[i];
      r.connected = true;
      r.tally.fill(0);
      if (src === target) {
        r.success = 1;
        r.deaths = 0;
        return;
      }
      if (isDirect[src]) {
        r.success = 0;
        r.deaths = 1;
        if (opts.tallyOf && opts.tallyOf[src] >= 0) r.tally[opts.tallyOf[src]] += 1;
        return;
      }
      pinnedInflow(graph, nodes, volt, isDirect, target, inflow);
      let deaths = 0;
      for (let p = 0; p < nodes.length; p++) {
        const u = nodes[p];
        const d = isDirect[u] ? inflow[u] : finite[u] * volt[u];
        if (d === 0) continue;
        deaths += d;
        const t = opts.tallyOf ? opts.tallyOf[u] : -1;
        if (t >= 0) r.tally[t] += d;
      }
      r.deaths = deaths;
      r.success = inflow[target];
      opts.onSolve?.(i, volt);
    });
  }
  return out;
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
function pinnedInflow(graph: CircuitGraph, nodes: Int32Array, volt: Float64Array, isDirect: Uint8Array, target: number, inflow: Float64Array): void {
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
