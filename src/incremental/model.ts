/**
 * The road-band model: the reference landscape (the baseline's surface) reduced exactly onto the
 * band T = the road cells, the cells of every crossing edge, their neighbours (one ring) and the core
 * nodes. Everything a scenario can change lies on road cells (structures and fences open or close road
 * cells only, traffic sets q on road cells), so every edge it changes has both ends in T, and
 *
 *   G = (A^-1)_TT = S^-1,    S = A_TT - A_TR A_RR^-1 A_RT        (src/solve/schur)
 *
 * holds all that the rest of the landscape contributes. Two such G:
 *   - circuit: A = L with the first core held at 0 V (Dirichlet: its row and column removed), so that
 *     effective resistances and the voltages of every pair solve are differences of columns of G;
 *   - mortality: A = L + diag(k) (k the ground conductance of the walk's deaths, chain.ts).
 * A scenario is then a change of A on a few band nodes C, and woodbury.ts gives the changed columns.
 *
 * Band cells that are not on the reference graph (nodata, fenced road) are "virtual" nodes: isolated,
 * A = 1 on their diagonal, G = 1 there; a scenario that opens such a cell turns that 1 into its row.
 * Only the connected component holding the cores is kept; the model refuses (and the caller solves in
 * full) when the cores are not all in one component or a cell has q = 1.
 */
import type { Grid } from "../grid/grid.ts";
import { buildCircuitGraph, type CircuitGraph } from "../graph/circuit-graph.ts";
import { greensFunction, schurComplement } from "../solve/schur/index.ts";
import type { SymMatrix } from "../solve/types.ts";
import { groundConductances } from "../mortality/chain.ts";
import { availableParallelism } from "node:os";
import { availableMemory, gb } from "../circuit/memory.ts";
import { spdInversePair } from "../solve/schur/inverse-pair.ts";
import { neighbourOffsets } from "./cells.ts";

export interface ModelInput {
  /** The reference surface (the baseline scenario burnt). */
  resistance: Grid;
  /** Core id per cell, 0 where none. */
  focal: ArrayLike<number>;
  /** Road cells (ascending) and the cells of the crossing edges: what a scenario may change or read. */
  roadCells: Int32Array;
  edgeCells: ArrayLike<number>;
  neighbours: 4 | 8;
  avgResistance: boolean;
  /** Mortality q per cell of the reference (NaN off the graph), or null without a mortality block. */
  q: Float64Array | null;
  /** Progress of the build, 0..1, with the phase's name (for a bar with an ETA). */
  onProgress?: (fraction: number, phase: string) => void;
  /** Bytes the build may use (default: what this machine has available; Infinity: no check). */
  memoryLimit?: number;
  /** 2: the circuit's and the walk's inverses side by side on two threads (default when the machine has two cores and the band 1000 nodes or more). */
  threads?: number;
}

/** Bytes the build needs at its peak: three dense nT x nT matrices (S or S_m, G_c, the inverse's scratch; four with the inverses side by side) and the per-cell arrays. */
export function modelBytes(nT: number, cells: number, threads = 1): number {
  return (threads >= 2 ? 4 : 3) * 8 * nT * nT + 120 * cells;
}

export interface BandModel {
  width: number;
  height: number;
  neighbours: 4 | 8;
  avgResistance: boolean;
  focal: ArrayLike<number>;
  /** The reference resistance and q per cell (the scenario's are compared with these). */
  r0: Float64Array;
  q0: Float64Array | null;
  /** Per cell: its slot in T, or -1 outside T. Core cells map to their core's slot. */
  slotOfCell: Int32Array;
  nSlots: number;
  /** Per slot: its cell (-1 for a core slot). */
  cellOfSlot: Int32Array;
  /** Per slot: 1 when a scenario may change it (a road cell whose neighbours are all in T, not a core cell). */
  changeable: Uint8Array;
  /** Per slot: index in Gc (-1: virtual, or the circuit's ground) and in Gm (-1: virtual). */
  realC: Int32Array;
  realM: Int32Array;
  /** Per slot: the reference node exists and lies in the kept component (else virtual). */
  real: Uint8Array;
  /** Per cell: 1 when the cell is on the reference graph but outside the kept component. */
  foreign: Uint8Array;
  /** Per slot: the reference Laplacian's diagonal (sum of edge conductances), and ground k (mortality). */
  ldiag0: Float64Array;
  k0: Float64Array;
  /** Core id -> slot; the slot held at 0 V in the circuit model. */
  coreSlot: Map<number, number>;
  groundSlot: number;
  /** Core ids that have a node, ascending (runPairwise's ids). */
  coreIds: number[];
  nC: number;
  Gc: Float64Array;
  nM: number;
  Gm: Float64Array | null;
  seconds: { graph: number; schur: number; inverse: number };
}

export class ModelRefused extends Error {}

export function buildBandModel(inp: ModelInput): BandModel {
  const t0 = performance.now();
  const { width, height } = inp.resistance;
  const n = width * height;
  const focal = inp.focal;
  const graph = buildCircuitGraph(inp.resistance, { neighbors: inp.neighbours, avgResistance: inp.avgResistance, regions: focal });
  const { dr, dc } = neighbourOffsets(inp.neighbours);

  // Cores and the kept component.
  const coreNode = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const id = focal[i];
    if (id > 0 && graph.nodeOfCell[i] >= 0 && !coreNode.has(id)) coreNode.set(id, graph.nodeOfCell[i]);
  }
  const coreIds = [...coreNode.keys()].sort((a, b) => a - b);
  const allIds = new Set<number>();
  for (let i = 0; i < n; i++) if (focal[i] > 0) allIds.add(focal[i]);
  for (const id of allIds) if (!coreNode.has(id)) throw new ModelRefused(`core ${id} has no cell on the graph`);
  if (coreIds.length < 2) throw new ModelRefused("fewer than two cores are on the graph");
  const keptComp = graph.component[coreNode.get(coreIds[0])!];
  for (const id of coreIds) {
    if (graph.component[coreNode.get(id)!] !== keptComp) throw new ModelRefused(`core ${id} is not connected to core ${coreIds[0]}`);
  }
  const foreign = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const u = graph.nodeOfCell[i];
    if (u >= 0 && graph.component[u] !== keptComp) foreign[i] = 1;
  }

  // Band cells: road and crossing-edge cells, then one ring of neighbours.
  const inBand = new Uint8Array(n);
  for (const c of inp.roadCells) inBand[c] = 1;
  for (let k = 0; k < inp.edgeCells.length; k++) inBand[inp.edgeCells[k]] = 1;
  const inner = Int32Array.from({ length: n }, (_, i) => i).filter((i) => inBand[i] === 1);
  for (const i of inner) {
    const r = Math.floor(i / width);
    const c = i - r * width;
    for (let k = 0; k < dr.length; k++) {
      const rr = r + dr[k];
      const cc = c + dc[k];
      if (rr >= 0 && rr < height && cc >= 0 && cc < width) inBand[rr * width + cc] = 1;
    }
  }

  // Slots: the cores first (core 0 is the circuit's ground), then band cells that are not core cells.
  const slotOfCell = new Int32Array(n).fill(-1);
  const cellOfSlot: number[] = [];
  const coreSlot = new Map<number, number>();
  for (const id of coreIds) {
    coreSlot.set(id, cellOfSlot.length);
    cellOfSlot.push(-1);
  }
  for (let i = 0; i < n; i++) {
    if (focal[i] > 0 && coreSlot.has(focal[i])) slotOfCell[i] = coreSlot.get(focal[i])!;
    else if (inBand[i]) {
      slotOfCell[i] = cellOfSlot.length;
      cellOfSlot.push(i);
    }
  }
  const nSlots = cellOfSlot.length;
  const changeable = new Uint8Array(nSlots);
  const isRoad = new Uint8Array(n);
  for (const c of inp.roadCells) isRoad[c] = 1;
  for (let s = coreIds.length; s < nSlots; s++) {
    const i = cellOfSlot[s];
    if (!isRoad[i] || foreign[i]) continue;
    const r = Math.floor(i / width);
    const c = i - r * width;
    let ok = true;
    for (let k = 0; k < dr.length && ok; k++) {
      const rr = r + dr[k];
      const cc = c + dc[k];
      if (rr < 0 || rr >= height || cc < 0 || cc >= width) continue;
      const j = rr * width + cc;
      // a neighbour outside T, or on the graph but in another component, would take part in a changed edge
      if (slotOfCell[j] < 0 && graph.nodeOfCell[j] >= 0) ok = false;
      if (foreign[j]) ok = false;
    }
    changeable[s] = ok ? 1 : 0;
  }

  // The kept component as its own matrix (local numbering), and the slots' local nodes.
  const nodes: number[] = [];
  const localOf = new Int32Array(graph.nNodes).fill(-1);
  for (let u = 0; u < graph.nNodes; u++) {
    if (graph.component[u] === keptComp) {
      localOf[u] = nodes.length;
      nodes.push(u);
    }
  }
  const real = new Uint8Array(nSlots);
  const keepLocal: number[] = [];
  const slotOfKeep: number[] = [];
  for (let s = 0; s < nSlots; s++) {
    const u = s < coreIds.length ? coreNode.get(coreIds[s])! : graph.nodeOfCell[cellOfSlot[s]];
    if (u < 0 || localOf[u] < 0) continue;
    real[s] = 1;
    keepLocal.push(localOf[u]);
    slotOfKeep.push(s);
  }
  const sub = submatrix(graph, nodes, localOf);
  const cellOfNode = new Int32Array(nodes.length).fill(-1);
  const cellsOfNode = new Int32Array(nodes.length);
  for (let i = 0; i < n; i++) {
    const u = graph.nodeOfCell[i];
    if (u < 0 || localOf[u] < 0) continue;
    cellsOfNode[localOf[u]]++;
    cellOfNode[localOf[u]] = i;
  }
  for (let l = 0; l < nodes.length; l++) if (cellsOfNode[l] !== 1) cellOfNode[l] = -1;
  const ldiag0 = new Float64Array(nSlots);
  for (let t = 0; t < keepLocal.length; t++) ldiag0[slotOfKeep[t]] = sub.diag[keepLocal[t]];

  // Mortality grounds per node; a ground outside T must go into the reduction itself.
  let kNode: Float64Array | null = null;
  const k0 = new Float64Array(nSlots);
  if (inp.q) {
    kNode = groundConductances(graph, inp.q);
    for (let u = 0; u < graph.nNodes; u++) {
      if (kNode[u] === Infinity && localOf[u] >= 0) throw new ModelRefused("a cell has mortality 1 (a direct ground)");
    }
    for (let t = 0; t < keepLocal.length; t++) k0[slotOfKeep[t]] = kNode[nodes[keepLocal[t]]];
  }
  const t1 = performance.now();
  const need = modelBytes(keepLocal.length, n);
  const limit = inp.memoryLimit === Infinity ? Infinity : (inp.memoryLimit ?? availableMemory().bytes);
  if (need > limit) {
    throw new ModelRefused(
      `the road-band model (${keepLocal.length} band nodes) needs about ${gb(need)} of memory and ${gb(limit)} is available`,
    );
  }
  // With a walk, the two inverses may run side by side (a fourth matrix at once) on a second core.
  const pairThreads =
    !!inp.q &&
    (inp.threads ?? (availableParallelism() >= 2 && keepLocal.length >= 1000 ? 2 : 1)) >= 2 &&
    modelBytes(keepLocal.length, n, 2) <= limit;
  // Progress: the Schur complement is about a quarter of the work on the demo with the inverses side by side,
  // the two inverses (n^3 each) the rest.
  const nInv = inp.q ? 2 : 1;
  const schurShare = 0.25;
  const progress = (phase: string, base: number, share: number) => (f: number) => inp.onProgress?.(base + share * f, phase);
  inp.onProgress?.(0, "Schur complement");

  const rasterNodes = { width, height, cellOfNode };
  const nT = keepLocal.length;
  let S: Float64Array | null = schurComplement(sub, rasterNodes, keepLocal).S;
  inp.onProgress?.(schurShare / 2, "Schur complement");
  let Sm: Float64Array | null = null;
  if (inp.q && kNode) {
    let outside = false;
    const inT = new Uint8Array(nodes.length);
    for (const l of keepLocal) inT[l] = 1;
    for (let l = 0; l < nodes.length; l++) if (kNode[nodes[l]] > 0 && !inT[l]) outside = true;
    if (outside) {
      const grounded: SymMatrix = { ...sub, diag: Float64Array.from(sub.diag, (d, l) => d + kNode![nodes[l]]) };
      Sm = schurComplement(grounded, rasterNodes, keepLocal).S;
    } else {
      Sm = pairThreads ? new Float64Array(new SharedArrayBuffer(8 * nT * nT)) : new Float64Array(nT * nT);
      Sm.set(S);
      for (let t = 0; t < nT; t++) Sm[t * nT + t] += k0[slotOfKeep[t]];
    }
  }
  inp.onProgress?.(schurShare, "Schur complement");
  const t2 = performance.now();

  // Circuit: drop the ground (slot 0, core coreIds[0], always real and first in keep). The inverses
  // overwrite their input, so at most three nT x nT matrices are alive at once (modelBytes).
  const groundSlot = 0;
  const nC = nT - 1;
  let Sc: Float64Array | null = new Float64Array(nC * nC);
  for (let a = 0; a < nC; a++) Sc.set(S.subarray((a + 1) * nT + 1, (a + 1) * nT + nT), a * nC);
  S = null;
  const invShare = (1 - schurShare) / nInv;
  let Gc: Float64Array;
  let Gm: Float64Array | null = null;
  if (Sm && pairThreads) {
    // The two inverses side by side: the walk's in a worker thread (its matrix shared), the circuit's here.
    let shared = Sm;
    if (!(Sm.buffer instanceof SharedArrayBuffer)) {
      shared = new Float64Array(new SharedArrayBuffer(8 * nT * nT));
      shared.set(Sm);
    }
    Sm = null;
    try {
      spdInversePair(Sc, nC, shared, nT, (a, b) =>
        inp.onProgress?.(schurShare + (1 - schurShare) * Math.min(a, b), "inverses (circuit and walk)"),
      );
    } catch (err) {
      throw new Error(
        `schur: the Schur complement is not positive definite (${(err as Error).message}); is every part of the graph grounded?`,
      );
    }
    Gc = Sc;
    Gm = shared;
  } else {
    Gc = greensFunction(Sc, nC, { inPlace: true, onProgress: progress("inverse (circuit)", schurShare, invShare) });
    Gm = Sm ? greensFunction(Sm, nT, { inPlace: true, onProgress: progress("inverse (walk)", schurShare + invShare, invShare) }) : null;
  }
  Sc = null;
  const realC = new Int32Array(nSlots).fill(-1);
  const realM = new Int32Array(nSlots).fill(-1);
  for (let t = 0; t < nT; t++) {
    realM[slotOfKeep[t]] = t;
    if (t > 0) realC[slotOfKeep[t]] = t - 1;
  }
  const t3 = performance.now();

  return {
    width,
    height,
    neighbours: inp.neighbours,
    avgResistance: inp.avgResistance,
    focal,
    r0: Float64Array.from(inp.resistance.data),
    q0: inp.q ? Float64Array.from(inp.q) : null,
    slotOfCell,
    nSlots,
    cellOfSlot: Int32Array.from(cellOfSlot),
    changeable,
    realC,
    realM,
    real,
    foreign,
    ldiag0,
    k0,
    coreSlot,
    groundSlot,
    coreIds,
    nC,
    Gc,
    nM: Gm ? nT : 0,
    Gm,
    seconds: { graph: (t1 - t0) / 1000, schur: (t2 - t1) / 1000, inverse: (t3 - t2) / 1000 },
  };
}

/** The Laplacian rows of `nodes` (one component: every neighbour is in it), renumbered locally. */
function submatrix(graph: CircuitGraph, nodes: number[], localOf: Int32Array): SymMatrix {
  const L = graph.laplacian;
  const m = nodes.length;
  let nnz = 0;
  for (const u of nodes) nnz += L.rowPtr[u + 1] - L.rowPtr[u];
  const diag = new Float64Array(m);
  const rowPtr = new Int32Array(m + 1);
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  let p = 0;
  for (let l = 0; l < m; l++) {
    const u = nodes[l];
    diag[l] = L.diag[u];
    for (let k = L.rowPtr[u]; k < L.rowPtr[u + 1]; k++) {
      col[p] = localOf[L.col[k]];
      val[p] = L.val[k];
      p++;
    }
    rowPtr[l + 1] = p;
  }
  return { n: m, diag, rowPtr, col, val };
}
