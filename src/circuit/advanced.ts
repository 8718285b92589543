/**
 * Advanced mode (sources and grounds), and the one-solve building block that one-to-all and
 * all-to-one share.
 *
 * Library API (stable):
 *   resolveSourcesAndGrounds(sources, grounds, policy)      Circuitscape's conflict rules, per node
 *   advancedOnGraph(graph, sourcesPerNode, groundsPerNode, opts) -> { voltages, currents, solved }
 *   checkAdvancedMemory(resistance, memoryLimit?)           fail early, before the graph is built
 * grounds are conductances to ground per node; Infinity is a direct (zero-resistance) ground.
 * voltages/currents are per node, NaN in components that were not solved (no source or no ground).
 */
import type { CircuitGraph } from "../graph/circuit-graph.ts";
import type { Grid } from "../grid/grid.ts";
import { createSolver } from "../solve/index.ts";
import { nodeCurrents } from "./currents.ts";
import { checkMemory, circuitBytes, nodeBound } from "./memory.ts";
import type { SolveSettings } from "./pairwise.ts";
import { checkConverged, componentNodes, componentSystem } from "./system.ts";

/**
 * Node vectors advanced mode holds at its memory peak (a component's solve in solveComponent), as
 * voltage columns for circuitBytes (memory.ts), whose per-node constant already counts pairwise's
 * right-hand side, CG vectors and index map: the solution x (pairwise's one column), and beyond what
 * pairwise holds, the caller's sources and grounds per node, advancedOnGraph's copies of both, the
 * voltages x is copied into, and the finite grounds.
 */
export const ADVANCED_COLUMNS = 7;
/** Per cell, the source and ground grids (Float64) read beside the habitat grid. */
export const ADVANCED_BYTES_PER_CELL = 16;

/**
 * Throws a CrosswayError naming the mode and the memory needed when an advanced run on this
 * resistance grid would not fit in `memoryLimit` bytes (default: the memory available; Infinity turns
 * the check off). Call it before reading the source and ground grids and building the graph.
 */
export function checkAdvancedMemory(resistance: Grid, memoryLimit?: number): void {
  if (memoryLimit === Infinity) return;
  const n = resistance.width * resistance.height;
  const need = circuitBytes(n, nodeBound(resistance.data), ADVANCED_COLUMNS) + ADVANCED_BYTES_PER_CELL * n;
  checkMemory(need, n, "advanced mode (sources and grounds)", memoryLimit);
}

export type ConflictPolicy = "keepall" | "rmvsrc" | "rmvgnd" | "rmvall";

/** In place. A node that is both source and ground: keep both, drop the source, the ground, or both. A direct ground under a source is always dropped (it would swallow the source). */
export function resolveSourcesAndGrounds(sources: Float64Array, grounds: Float64Array, policy: ConflictPolicy): void {
  for (let u = 0; u < sources.length; u++) {
    if (sources[u] !== 0 && grounds[u] !== 0) {
      if (policy === "rmvsrc") sources[u] = 0;
      else if (policy === "rmvgnd") grounds[u] = 0;
      else if (policy === "rmvall") sources[u] = grounds[u] = 0;
    }
    if (grounds[u] === Infinity && sources[u] > 0) grounds[u] = 0;
  }
}

/**
 * Solve one component: A v = s with A = L + diag(finite grounds), direct grounds held at 0 V. Writes v
 * into `volt` (global node indices). `comps`: every component of the graph; when given, a component
 * that holds most of the nodes is solved on the graph's Laplacian grounded in place (componentSystem).
 */
export function solveComponent(
  graph: CircuitGraph,
  nodes: Int32Array,
  localOf: Int32Array,
  sources: Float64Array,
  grounds: Float64Array,
  volt: Float64Array,
  opts: SolveSettings,
  comps?: Int32Array[],
): void {
  const direct: number[] = [];
  let hasFinite = false;
  for (let i = 0; i < nodes.length; i++) {
    const g = grounds[nodes[i]];
    if (g === Infinity) direct.push(nodes[i]);
    else if (g !== 0) hasFinite = true;
  }
  let finite: Float64Array | undefined;
  if (hasFinite) {
    finite = new Float64Array(graph.nNodes);
    for (let i = 0; i < nodes.length; i++) {
      const g = grounds[nodes[i]];
      if (g !== Infinity) finite[nodes[i]] = g;
    }
  }
  const sys = componentSystem(graph, nodes, localOf, direct, finite, comps);
  const inPlace = sys.inPlace;
  const b = new Float64Array(sys.A.n);
  for (let i = 0; i < nodes.length; i++) b[inPlace ? nodes[i] : i] = grounds[nodes[i]] === Infinity ? 0 : sources[nodes[i]];
  const x = new Float64Array(sys.A.n);
  try {
    const solver = createSolver(sys.A, { method: opts.solver ?? "auto" });
    const tol = opts.tol ?? 1e-6;
    const res = solver.solve(b, x, { tol });
    checkConverged("solve", res.relResidual, tol, solver.method);
  } finally {
    sys.restore();
  }
  for (let i = 0; i < nodes.length; i++) volt[nodes[i]] = x[inPlace ? nodes[i] : i];
}

export interface AdvancedResult {
  voltages: Float64Array;
  currents: Float64Array;
  /** Number of components solved. */
  solved: number;
}

export function advancedOnGraph(
  graph: CircuitGraph,
  sources: Float64Array,
  grounds: Float64Array,
  opts: SolveSettings & { policy?: ConflictPolicy } = {},
): AdvancedResult {
  const s = sources.slice();
  const g = grounds.slice();
  resolveSourcesAndGrounds(s, g, opts.policy ?? "keepall");
  const volt = new Float64Array(graph.nNodes).fill(NaN);
  const localOf = new Int32Array(graph.nNodes).fill(-1);
  let solved = 0;
  const comps = componentNodes(graph);
  for (const nodes of comps) {
    let ss = 0;
    let gs = 0;
    for (let i = 0; i < nodes.length; i++) {
      ss += s[nodes[i]];
      gs += g[nodes[i]];
    }
    // Circuitscape's rule: a component needs a net source and a ground.
    if (ss === 0 || gs === 0) continue;
    solveComponent(graph, nodes, localOf, s, g, volt, opts, comps);
    solved++;
  }
  const finite = new Float64Array(graph.nNodes);
  for (let u = 0; u < graph.nNodes; u++) finite[u] = g[u] === Infinity ? 0 : g[u];
  const currents = new Float64Array(graph.nNodes);
  nodeCurrents(graph.laplacian, volt, currents, finite);
  return { voltages: volt, currents, solved };
}
