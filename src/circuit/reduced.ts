/**
 * The reduced network on a few "terminal" nodes F of one component: hold all of F at 0 V and solve
 * once per terminal f for the harmonic extension h_f of a unit voltage at f (ONE matrix, one solver
 * setup, |F| right-hand sides). Then S = L_FF + L_FI H is the exact Schur-complement network on F,
 * and any problem whose sources and grounds sit on F (one-to-all, all-to-one, pairs of regions) is a
 * small dense solve on S, with voltages everywhere = sum_f V_f h_f.
 */
import type { CircuitGraph } from "../graph/circuit-graph.ts";
import { createSolver } from "../solve/index.ts";
import type { SolveSettings } from "./pairwise.ts";
import { checkConverged, componentSystem } from "./system.ts";

export interface ReducedNetwork {
  /** Terminal nodes (global), slot order. */
  F: number[];
  slot: Map<number, number>;
  /** Per global node: 1 for terminals. */
  isF: Uint8Array;
  /** nf x nf, symmetric. */
  S: Float64Array;
  /** h_f per terminal, in the component's local order (inPlace: indexed by global node). */
  H: Float64Array[];
  /** The component's global nodes (local order). */
  nodes: Int32Array;
  /** The solves ran on the whole graph's Laplacian grounded in place: H is indexed by global node. */
  inPlace: boolean;
  solves: number;
}

/**
 * @param comps every component of the graph: when given, a component that holds most of the nodes is
 *   solved on the graph's own Laplacian grounded in place (componentSystem) instead of on a copy.
 */
export function reduceToTerminals(
  graph: CircuitGraph,
  nodes: Int32Array,
  F: number[],
  localOf: Int32Array,
  opts: SolveSettings,
  comps?: Int32Array[],
): ReducedNetwork {
  const L = graph.laplacian;
  const nf = F.length;
  const slot = new Map<number, number>();
  F.forEach((f, i) => slot.set(f, i));
  const isF = new Uint8Array(graph.nNodes);
  for (const f of F) isF[f] = 1;
  const tol = Math.max((opts.tol ?? 1e-6) * 1e-2, 1e-12);
  // Couplings of each terminal to its free neighbours, read before the Laplacian is grounded in place.
  // Each terminal's row of L, read whole: its lower part from the rows above it (one pass over the
  // stored triangle, rows ascending, so every row comes out in ascending column order).
  const rowNode: number[][] = F.map(() => []);
  const rowVal: number[][] = F.map(() => []);
  for (let u = 0; u < L.n; u++) {
    const su = isF[u] ? slot.get(u)! : -1;
    if (su >= 0) {
      rowNode[su].push(u);
      rowVal[su].push(L.diag[u]);
    }
    for (let q = L.rowPtr[u]; q < L.rowPtr[u + 1]; q++) {
      const j = L.col[q];
      if (su >= 0) {
        rowNode[su].push(j);
        rowVal[su].push(L.val[q]);
      }
      if (isF[j]) {
        const sj = slot.get(j)!;
        rowNode[sj].push(u);
        rowVal[sj].push(L.val[q]);
      }
    }
  }
  const coupleStart: number[] = [0];
  const coupleNode: number[] = [];
  const coupleG: number[] = [];
  const S = new Float64Array(nf * nf); // starts as L_FF
  for (let s1 = 0; s1 < nf; s1++) {
    const nodesOf = rowNode[s1];
    const valsOf = rowVal[s1];
    for (let q = 0; q < nodesOf.length; q++) {
      const j = nodesOf[q];
      if (isF[j]) S[s1 * nf + slot.get(j)!] += valsOf[q];
      else {
        coupleNode.push(j);
        coupleG.push(-valsOf[q]);
      }
    }
    coupleStart.push(coupleNode.length);
  }
  const H: Float64Array[] = [];
  let solves = 0;
  const sys = componentSystem(graph, nodes, localOf, F, undefined, comps);
  const inPlace = sys.inPlace;
  const sysN = sys.A.n;
  try {
    const solver = createSolver(sys.A, { method: opts.solver ?? "auto" });
    for (let i = 0; i < nodes.length; i++) localOf[nodes[i]] = inPlace ? nodes[i] : i;
    const b = new Float64Array(sysN);
    for (let s1 = 0; s1 < nf; s1++) {
      b.fill(0);
      for (let q = coupleStart[s1]; q < coupleStart[s1 + 1]; q++) b[localOf[coupleNode[q]]] += coupleG[q];
      const x = new Float64Array(sysN);
      const res = solver.solve(b, x, { tol });
      solves++;
      checkConverged("reduced-network solve", res.relResidual, tol, solver.method);
      H.push(x);
    }
    for (let s1 = 0; s1 < nf; s1++) {
      for (let q = coupleStart[s1]; q < coupleStart[s1 + 1]; q++) {
        const li = localOf[coupleNode[q]];
        const g = coupleG[q];
        for (let s2 = 0; s2 < nf; s2++) S[s1 * nf + s2] -= g * H[s2][li];
      }
    }
  } finally {
    for (let i = 0; i < nodes.length; i++) localOf[nodes[i]] = -1;
    sys.restore();
  }
  for (let s1 = 0; s1 < nf; s1++)
    for (let s2 = s1 + 1; s2 < nf; s2++) {
      const m = 0.5 * (S[s1 * nf + s2] + S[s2 * nf + s1]);
      S[s1 * nf + s2] = S[s2 * nf + s1] = m;
    }
  return { F, slot, isF, S, H, nodes, solves, inPlace };
}

/**
 * Terminal voltages V: fixed[s] (not NaN) is a Dirichlet value; the other terminals take the
 * injected currents inject[s]: S_ff V_f = inject_f - S_fd V_d (dense Cholesky; S_ff is SPD when at
 * least one terminal is fixed in the component).
 */
export function solveTerminals(net: ReducedNetwork, fixed: Float64Array, inject: Float64Array, V: Float64Array): void {
  const nf = net.F.length;
  const S = net.S;
  const C: number[] = [];
  for (let s = 0; s < nf; s++) {
    if (fixed[s] === fixed[s]) V[s] = fixed[s];
    else C.push(s);
  }
  const m = C.length;
  if (m === 0) return;
  const M = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    let acc = inject[C[p]];
    for (let s = 0; s < nf; s++) if (fixed[s] === fixed[s]) acc -= S[C[p] * nf + s] * fixed[s];
    rhs[p] = acc;
    for (let q = 0; q < m; q++) M[p * m + q] = S[C[p] * nf + C[q]];
  }
  for (let j = 0; j < m; j++) {
    let d = M[j * m + j];
    for (let t = 0; t < j; t++) d -= M[j * m + t] * M[j * m + t];
    d = Math.sqrt(d);
    M[j * m + j] = d;
    for (let i = j + 1; i < m; i++) {
      let s = M[i * m + j];
      for (let t = 0; t < j; t++) s -= M[i * m + t] * M[j * m + t];
      M[i * m + j] = s / d;
    }
  }
  for (let i = 0; i < m; i++) {
    let s = rhs[i];
    for (let t = 0; t < i; t++) s -= M[i * m + t] * rhs[t];
    rhs[i] = s / M[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = rhs[i];
    for (let t = i + 1; t < m; t++) s -= M[t * m + i] * rhs[t];
    rhs[i] = s / M[i * m + i];
  }
  for (let p = 0; p < m; p++) V[C[p]] = rhs[p];
}

/** Voltages on every node of the component from the terminal voltages: V on F, sum_f V_f h_f elsewhere. */
export function expandVoltages(net: ReducedNetwork, V: Float64Array, out: Float64Array): void {
  const { nodes, H, isF, F, inPlace } = net;
  const nf = F.length;
  for (let i = 0; i < nodes.length; i++) {
    const u = nodes[i];
    if (isF[u]) continue;
    const li = inPlace ? u : i;
    let acc = 0;
    for (let s = 0; s < nf; s++) if (V[s] !== 0) acc += V[s] * H[s][li];
    out[u] = acc;
  }
  for (let s = 0; s < nf; s++) out[F[s]] = V[s];
}
