/**
 * One-to-all and all-to-one modes (Circuitscape's rules):
 *  - one-to-all, for each focal id n: its strength (1 A, or the variable source strength) enters at n;
 *    every other focal region in n's component is a direct ground. Result: R = V(n) / strength,
 *    -1 when n has no habitat or no other focal region shares its component.
 *  - all-to-one, for each focal id n: n is a direct ground; every other focal region in the
 *    component injects its strength (1 A by default). Result: 0 when solved, -1 when not.
 *  - included pairs: an id that includePair leaves out of id n's solve is not a ground (one-to-all)
 *    and, by default, not a source (all-to-one). Circuitscape.jl keeps it as a source of 1 A in
 *    all-to-one, whatever its own strength: excludedSource "unit" reproduces that. An id that the
 *    pairs leave with no partner at all is not solved (-1; `noPartner` on its step).
 * All focal regions (and short-circuit regions) are one node each for every solve. Every source and
 * ground sits on a focal node, so each component is reduced once to its focal nodes (reduced.ts:
 * one solver setup, one solve per focal node) and each id's solve is a small dense one.
 *
 * Library API (stable):
 *   runOneToAll(resistance: Grid, focal: Grid, opts: OneToAllOptions, hooks?): OneToAllResult
 */
import type { Grid } from "../grid/grid.ts";
import { buildCircuitGraph, type CircuitGraph } from "../graph/circuit-graph.ts";
import { mergeRegionLayers } from "../graph/regions.ts";
import { CrosswayError } from "../util/errors.ts";
import { expandVoltages, reduceToTerminals, solveTerminals, type ReducedNetwork } from "./reduced.ts";
import { nodeCurrents } from "./currents.ts";
import { checkMemory, circuitBytes, nodeBound } from "./memory.ts";
import { checkSameShape, focalIds, focalNodesOf, nodeValuesToCells, type PairwiseOptions } from "./pairwise.ts";
import { componentNodes } from "./system.ts";

/**
 * Node vectors one-to-all / all-to-one hold at the memory peak (the last solve of reduceToTerminals)
 * beyond what pairwise holds at its own, counted as voltage columns by circuitBytes: the sources,
 * grounds and cumulative-current vectors (allocated before the first solve; pairwise allocates its
 * cumulative vector after its solver is released), the right-hand side b (pairwise borrows its voltage
 * vector for it) and the CG vector pairwise lends the solver from its current vector.
 */
export const ONE_TO_ALL_EXTRA_VECTORS = 5;

export interface OneToAllOptions extends Omit<PairwiseOptions, "includePair"> {
  mode: "one-to-all" | "all-to-one";
  /** Source strength per focal id (default 1). */
  strengths?: Map<number, number>;
  /** Return false to leave focal id `other` out of the solve for `id` (included-pairs files). */
  includePair?: (id: number, other: number) => boolean;
  /**
   * All-to-one: what an id that includePair leaves out of the ground's solve injects: "none" (the
   * default) or "unit", 1 A whatever its strength (Circuitscape.jl's onetoall.jl keeps such ids as
   * sources and sets their variable strength to 1).
   */
  excludedSource?: "none" | "unit";
}

export interface OneToAllHooks {
  /** Called for every focal id, solved or not (voltages all NaN when not solved). Arrays are reused. */
  onSolve?(id: number, voltages: Float64Array, currents: Float64Array, graph: CircuitGraph, solved: boolean): void;
}

export interface OneToAllResult {
  ids: number[];
  /** Per id: one-to-all effective resistance to the grounded rest, all-to-one 0; -1 when not solved. */
  resistances: Float64Array;
  cumulativeCurrent: Float64Array;
  graph: CircuitGraph;
  focalNode: Int32Array;
}

export function runOneToAll(resistance: Grid, focal: Grid, opts: OneToAllOptions, hooks: OneToAllHooks = {}): OneToAllResult {
  const steps = oneToAllSteps(resistance, focal, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    const st = r.value;
    hooks.onSolve?.(st.id, st.voltages, st.currents, st.graph, st.solved);
  }
}

/** One focal id's solve (arrays reused by the next step; voltages all NaN when not solved). */
export interface OneToAllStep {
  id: number;
  voltages: Float64Array;
  currents: Float64Array;
  graph: CircuitGraph;
  solved: boolean;
  /** includePair leaves this id no other id at all (Circuitscape writes no map for it). */
  noPartner: boolean;
}

/** runOneToAll as a generator: yields every focal id's solve in turn, returns the result. */
export function* oneToAllSteps(resistance: Grid, focal: Grid, opts: OneToAllOptions): Generator<OneToAllStep, OneToAllResult, void> {
  checkSameShape(resistance, focal, opts);
  const n = resistance.width * resistance.height;
  const layers: ArrayLike<number>[] = [];
  if (opts.regions) layers.push(opts.regions);
  layers.push(focal.data);
  const ids = focalIds(focal.data);
  if (opts.memoryLimit !== Infinity) {
    // The reduced network of every component lives to the end (nets, below) with one column h_f of
    // the component's length per focal node in it: at most k columns per node in all.
    const need = circuitBytes(n, nodeBound(resistance.data), ids.length + ONE_TO_ALL_EXTRA_VECTORS);
    checkMemory(need, n, `${opts.mode} with ${ids.length} focal regions`, opts.memoryLimit);
  }
  const graph = buildCircuitGraph(resistance, { ...opts, regions: mergeRegionLayers(n, layers) });
  const focalNode = focalNodesOf(graph, focal.data, ids, opts);
  const k = ids.length;
  const strength = (id: number) => opts.strengths?.get(id) ?? 1;
  const include = opts.includePair ?? (() => true);
  const unitExcluded = opts.mode === "all-to-one" && opts.excludedSource === "unit";

  const comps = componentNodes(graph);
  const localOf = new Int32Array(graph.nNodes).fill(-1);
  const volt = new Float64Array(graph.nNodes);
  const cur = new Float64Array(graph.nNodes);
  const sources = new Float64Array(graph.nNodes);
  const grounds = new Float64Array(graph.nNodes);
  const cumNode = new Float64Array(graph.nNodes);
  const R = new Float64Array(k).fill(-1);
  const nets = new Map<number, ReducedNetwork>();

  for (let a = 0; a < k; a++) {
    volt.fill(NaN);
    cur.fill(NaN);
    const id = ids[a];
    const node = focalNode[a];
    let solved = false;
    let partners = 0;
    for (let b = 0; b < k; b++) if (b !== a && include(id, ids[b])) partners++;
    const noPartner = partners === 0;
    if (node >= 0 && !noPartner) {
      const c = graph.component[node];
      const nodes = comps[c];
      sources.fill(0);
      grounds.fill(0);
      for (let b = 0; b < k; b++) {
        if (b === a || focalNode[b] < 0 || graph.component[focalNode[b]] !== c) continue;
        if (!include(id, ids[b])) {
          if (unitExcluded) sources[focalNode[b]] += 1;
          continue;
        }
        if (opts.mode === "one-to-all") grounds[focalNode[b]] = Infinity;
        else sources[focalNode[b]] += strength(ids[b]);
      }
      if (opts.mode === "one-to-all") {
        grounds[node] = 0; // a ground on the source's own node is removed (Circuitscape's rmvgnd)
        sources[node] = strength(id);
      } else {
        sources[node] = 0; // a source on the ground's node is removed (rmvsrc)
        grounds[node] = Infinity;
      }
      let ss = 0;
      let gs = 0;
      for (let i = 0; i < nodes.length; i++) {
        ss += sources[nodes[i]];
        gs += grounds[nodes[i]];
      }
      if (ss !== 0 && gs !== 0) {
        // Sources and grounds all sit on focal nodes: one reduced network per component (one solver
        // setup, one solve per focal node) serves every id's solve.
        let net = nets.get(c);
        if (!net) {
          const F = [...new Set(Array.from(focalNode).filter((u) => u >= 0 && graph.component[u] === c))].sort((x, y) => x - y);
          const bytes = F.length * nodes.length * 8;
          const budget = opts.maxColumnBytes ?? 8e9;
          if (bytes > budget) {
            throw new CrosswayError(
              `${F.length} focal regions in one component of ${nodes.length} cells need ${(bytes / 1e9).toFixed(1)} GB for their voltage columns (budget ${(budget / 1e9).toFixed(1)} GB): use fewer focal regions`,
            );
          }
          net = reduceToTerminals(graph, nodes, F, localOf, opts, comps);
          nets.set(c, net);
        }
        const nf = net.F.length;
        const fixed = new Float64Array(nf);
        const inject = new Float64Array(nf);
        const V = new Float64Array(nf);
        for (let s1 = 0; s1 < nf; s1++) {
          const u = net.F[s1];
          fixed[s1] = grounds[u] === Infinity ? 0 : NaN;
          inject[s1] = grounds[u] === Infinity ? 0 : sources[u];
        }
        solveTerminals(net, fixed, inject, V);
        expandVoltages(net, V, volt);
        nodeCurrents(graph.laplacian, volt, cur);
        for (let i = 0; i < nodes.length; i++) cumNode[nodes[i]] += cur[nodes[i]];
        solved = true;
        if (opts.mode === "one-to-all") {
          const r = volt[node] / strength(id);
          R[a] = r === 0 ? -1 : r;
        } else R[a] = 0;
      }
    }
    yield { id, voltages: volt, currents: cur, graph, solved, noPartner };
  }
  return { ids, resistances: R, cumulativeCurrent: nodeValuesToCells(graph, cumNode), graph, focalNode };
}
