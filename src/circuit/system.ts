/**
 * The grounded system of one connected component: the Laplacian restricted to the component, plus
 * finite grounds on the diagonal, with "direct" (zero-resistance) grounds as Dirichlet rows
 * (row and column replaced by the identity, so the matrix stays symmetric positive definite and
 * keeps the Laplacian's sparsity pattern).
 */
import type { CircuitGraph } from "../graph/circuit-graph.ts";
import type { SymMatrix } from "../solve/types.ts";

export interface ComponentSystem {
  /** A in local indices (the component's node order). */
  A: SymMatrix;
  /** A is the whole graph's Laplacian grounded in place: local index = global node (A.n = graph.nNodes). */
  inPlace: boolean;
  /**
   * Undo the changes made to the graph's own Laplacian. When the component is the whole graph, A IS
   * the graph's Laplacian grounded in place (saving a copy of the values, 8 bytes per nonzero); call
   * restore() once the solves are done and before anything else reads the graph. A no-op otherwise.
   */
  restore(): void;
}

/**
 * A solve must reach its tolerance: the true relative residual, within a factor 10 for rounding.
 * @param what names the solve in the message, e.g. "pairwise solve"
 */
export function checkConverged(what: string, relResidual: number, tol: number, method: string): void {
  if (!(relResidual <= Math.max(tol, 1e-12) * 10)) {
    throw new Error(`${what} did not converge: relative residual ${relResidual} (method ${method})`);
  }
}

/** Global nodes of every component, in node order. */
export function componentNodes(graph: CircuitGraph): Int32Array[] {
  const counts = new Int32Array(graph.nComponents);
  for (let u = 0; u < graph.nNodes; u++) counts[graph.component[u]]++;
  const lists = Array.from(counts, (c) => new Int32Array(c));
  counts.fill(0);
  for (let u = 0; u < graph.nNodes; u++) {
    const c = graph.component[u];
    lists[c][counts[c]++] = u;
  }
  return lists;
}

/**
 * Whether componentSystem, given the graph's components, solves this one on the whole graph's
 * Laplacian grounded in place (the other components each pinned at 0 V by one Dirichlet node, so their
 * blocks are regular and their solution is 0) rather than on a copy of its matrix: when it holds at
 * least half of the nodes. The blocks are decoupled, so the hierarchy and CG never mix them.
 */
export function solvesInPlace(graph: CircuitGraph, nodes: Int32Array): boolean {
  return 2 * nodes.length >= graph.nNodes;
}

/**
 * @param nodes global nodes of the component (sorted ascending)
 * @param localOf scratch Int32Array(nNodes) filled with -1; returned to -1 on exit
 * @param dirichlet global nodes held at 0 V
 * @param finiteGround optional per GLOBAL node conductance to ground added to the diagonal
 * @param comps every component of the graph (componentNodes): lets a component that holds most of the
 *   nodes be solved in place (solvesInPlace); without it only a component that is the whole graph is
 */
export function componentSystem(
  graph: CircuitGraph,
  nodes: Int32Array,
  localOf: Int32Array,
  dirichlet: ArrayLike<number>,
  finiteGround?: Float64Array,
  comps?: Int32Array[],
): ComponentSystem {
  if (comps && nodes.length < graph.nNodes && solvesInPlace(graph, nodes)) {
    const pinned = Array.from(dirichlet);
    for (const other of comps) if (other !== nodes && other.length > 0) pinned.push(other[0]);
    return groundedSystem(graph, null, localOf, pinned, finiteGround);
  }
  return groundedSystem(graph, nodes, localOf, dirichlet, finiteGround);
}

/** nodes null: the whole graph, every component at once (local = global index). */
function groundedSystem(
  graph: CircuitGraph,
  nodes: Int32Array | null,
  localOf: Int32Array,
  dirichlet: ArrayLike<number>,
  finiteGround?: Float64Array,
): ComponentSystem {
  const L = graph.laplacian;
  // A part of the graph gets a copy of its rows in local indices; the whole graph is grounded in place.
  const part = nodes && nodes.length < graph.nNodes ? nodes : null;
  const m = part ? part.length : graph.nNodes;
  let diag = L.diag;
  let rowPtr = L.rowPtr;
  let col = L.col;
  let val = L.val;
  const saved: number[] = []; // (index, old value) pairs of upper entries changed in place
  const savedDiag: number[] = []; // (node, old value) pairs of diagonal entries changed in place
  if (part) {
    for (let i = 0; i < m; i++) localOf[part[i]] = i;
    let nnz = 0;
    for (let i = 0; i < m; i++) nnz += L.rowPtr[part[i] + 1] - L.rowPtr[part[i]];
    diag = new Float64Array(m);
    rowPtr = new Int32Array(m + 1);
    col = new Int32Array(nnz);
    val = new Float64Array(nnz);
    let p = 0;
    for (let i = 0; i < m; i++) {
      const u = part[i];
      diag[i] = L.diag[u];
      for (let k = L.rowPtr[u]; k < L.rowPtr[u + 1]; k++) {
        col[p] = localOf[L.col[k]]; // neighbours are in the same component, and local order keeps the triangle
        val[p] = L.val[k];
        p++;
      }
      rowPtr[i + 1] = p;
    }
  }
  const setDiag = (i: number, v: number) => {
    if (!part) savedDiag.push(i, diag[i]);
    diag[i] = v;
  };
  if (finiteGround) {
    for (let i = 0; i < m; i++) {
      const g = finiteGround[part ? part[i] : i];
      if (g !== 0) setDiag(i, diag[i] + g);
    }
  }
  if (dirichlet.length > 0) {
    const isDir = new Uint8Array(m);
    for (let q = 0; q < dirichlet.length; q++) isDir[part ? localOf[dirichlet[q]] : dirichlet[q]] = 1;
    // Dirichlet rows become identity rows, and their columns are zeroed in the other rows.
    for (let i = 0; i < m; i++) {
      if (isDir[i] && diag[i] !== 1) setDiag(i, 1);
      for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
        if ((isDir[i] || isDir[col[k]]) && val[k] !== 0) {
          if (!part) saved.push(k, val[k]);
          val[k] = 0;
        }
      }
    }
  }
  if (part) for (let i = 0; i < m; i++) localOf[part[i]] = -1;
  const restore = () => {
    for (let q = saved.length - 2; q >= 0; q -= 2) val[saved[q]] = saved[q + 1];
    for (let q = savedDiag.length - 2; q >= 0; q -= 2) diag[savedDiag[q]] = savedDiag[q + 1];
    saved.length = 0;
    savedDiag.length = 0;
  };
  return { A: { n: m, diag, rowPtr, col, val }, inPlace: !part, restore };
}
