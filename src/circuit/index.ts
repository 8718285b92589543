/**
 * The circuit engine's public API (stable; the scenario engine and the CLI use only this).
 *
 *   buildCircuitGraph(grid, { isResistance?, neighbors?: 4|8, avgResistance?, regions?, mask?, file? }): CircuitGraph
 *     graph.nodeOfCell[cell] -> node (-1 off the graph); graph.laplacian (SymMatrix: diag, and each edge
 *     once in row u < v: -edge conductance, so the current from u to v is -val[k] * (V[u] - V[v]));
 *     graph.cellConductance; graph.component[node].
 *   runPairwise(resistance, focal, opts?, { onPair?(a, b, voltages, currents, graph) }): PairwiseResult
 *     k-1 solves per component; resistances k x k (-1 disconnected); cumulativeCurrent per cell, or
 *     null with { currents: false } (resistances only: no voltage column is kept).
 *   runOneToAll(resistance, focal, { mode: "one-to-all" | "all-to-one", strengths?, ... }, { onSolve? })
 *   advancedOnGraph(graph, sourcesPerNode, groundsPerNode (Infinity = direct), { policy?, tol? })
 *   nodeCurrents(laplacian, voltages, out, finiteGrounds?)   Circuitscape's node current convention
 *   runCircuitscapeIni(iniPath, { cwd?, warn?, tol? })       a Circuitscape raster .ini, its outputs
 */
export { buildCircuitGraph, buildCircuitGraphFromConductance, cellConductances, connectedComponents } from "../graph/circuit-graph.ts";
export type { CircuitGraph, CircuitGraphOptions } from "../graph/circuit-graph.ts";
export { mergeRegionLayers } from "../graph/regions.ts";
export { runPairwise, pairwiseOnGraph, pairwiseSteps, focalIds, focalNodesOf, nodeValuesToCells } from "./pairwise.ts";
export type { PairwiseOptions, PairwiseHooks, PairwiseResult, PairStep, SolveSettings, SolverMethod } from "./pairwise.ts";
export { runOneToAll, oneToAllSteps } from "./onetoall.ts";
export type { OneToAllOptions, OneToAllHooks, OneToAllResult, OneToAllStep } from "./onetoall.ts";
export { advancedOnGraph, resolveSourcesAndGrounds, solveComponent } from "./advanced.ts";
export type { AdvancedResult, ConflictPolicy } from "./advanced.ts";
export { nodeCurrents } from "./currents.ts";
export { componentNodes, componentSystem } from "./system.ts";
export { reduceToTerminals, solveTerminals, expandVoltages } from "./reduced.ts";
export type { ReducedNetwork } from "./reduced.ts";
export { regionPairSteps, regionPairsApply } from "./pair-regions.ts";
export { runCircuitscapeIni } from "./circuitscape.ts";
