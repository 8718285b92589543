/**
 * The circuit cell graph: one node per habitat cell, or per short-circuit region (many cells, one
 * node), stored as a graph Laplacian in symmetric form (SymMatrix: the diagonal, and each edge once
 * in the upper triangle, columns sorted - half the bytes of full CSR).
 *
 * Circuitscape's raster rules (see DESIGN.md):
 *  - conductance c = 1/r (or the grid value itself when it holds conductances);
 *  - orthogonal edge g = (c1 + c2) / 2, or 1 / ((r1 + r2) / 2) with avgResistance; diagonal the same / sqrt 2;
 *  - nodata, zero conductance and infinite resistance cells are not in the graph;
 *  - a region's cells are one node; a region cell on nodata still belongs to its region's node
 *    (when the region has at least one habitat cell), with conductance 0 in the edge formula, as
 *    Circuitscape does.
 *
 * Public API (stable; used by the scenario engine):
 *   buildCircuitGraph(grid, opts) -> CircuitGraph
 *   graph.laplacian: entry k of row u (upper triangle, col[k] > u) is -g(u, col[k]); edge conductance
 *   = -val[k]; diag[u] = sum of u's edge conductances.
 *   graph.nodeOfCell[cell] (row-major cell index) -> node, or -1 when the cell is off the graph.
 *   graph.component[node] -> connected component id (0..nComponents-1).
 */
import type { Grid } from "../grid/grid.ts";
import type { SymMatrix } from "../solve/types.ts";
import { connectedComponents } from "../solve/sym.ts";
import { CrosswayError } from "../util/errors.ts";

export interface CircuitGraphOptions {
  /** Grid values are resistances (default) or conductances. */
  isResistance?: boolean;
  /** 4 or 8 neighbours (default 8, Circuitscape's default). */
  neighbors?: 4 | 8;
  /** Average resistances instead of conductances along edges (Circuitscape's connect_using_avg_resistances). */
  avgResistance?: boolean;
  /** Short-circuit regions: per cell a positive integer label (0 or NaN = none). Cells sharing a label are one node. */
  regions?: ArrayLike<number>;
  /** Mask: cells whose mask value is not > 0 are removed. */
  mask?: ArrayLike<number>;
  /** File name for error messages. */
  file?: string;
}

export interface CircuitGraph {
  width: number;
  height: number;
  /** Per cell conductance used for edges (0 off-habitat). From buildCircuitGraph: computed on first read. */
  cellConductance: Float64Array;
  /** Per cell node index, -1 when the cell is not in the graph. */
  nodeOfCell: Int32Array;
  nNodes: number;
  /** Graph Laplacian: diag = sum of incident conductances; each edge once, upper triangle = -conductance. */
  laplacian: SymMatrix;
  /** Per node connected-component id. */
  component: Int32Array;
  nComponents: number;
}

/** Per-cell conductance from a resistance or conductance grid, with the input checks Circuitscape makes. */
export function cellConductances(grid: Grid, opts: CircuitGraphOptions = {}): Float64Array {
  const isRes = opts.isResistance ?? true;
  const n = grid.width * grid.height;
  const c = new Float64Array(n);
  const d = grid.data;
  const where = (i: number) => `row ${Math.floor(i / grid.width)}, column ${i % grid.width}`;
  for (let i = 0; i < n; i++) {
    const v = d[i];
    if (v !== v) continue; // NaN: nodata
    if (isRes) {
      if (v < 0) throw new CrosswayError(`negative resistance ${v} at ${where(i)}; resistances must be > 0`, { file: opts.file });
      if (v === 0)
        throw new CrosswayError(
          `zero resistance at ${where(i)}; Circuitscape does not accept 0 resistances (use a short-circuit region file, or nodata for a barrier)`,
          { file: opts.file },
        );
      c[i] = 1 / v; // Infinity -> 0: a barrier
    } else {
      if (v < 0) throw new CrosswayError(`negative conductance ${v} at ${where(i)}; conductances must be >= 0`, { file: opts.file });
      if (v === Infinity)
        throw new CrosswayError(`infinite conductance at ${where(i)}; use a short-circuit region instead`, { file: opts.file });
      c[i] = v;
    }
  }
  if (opts.mask) {
    const m = opts.mask;
    for (let i = 0; i < n; i++) if (!(m[i] > 0)) c[i] = 0;
  }
  return c;
}

export function buildCircuitGraph(grid: Grid, opts: CircuitGraphOptions = {}): CircuitGraph {
  const graph = buildCircuitGraphFromConductance(grid.width, grid.height, cellConductances(grid, opts), opts);
  // The per-cell conductances (8 bytes per cell) are only read after the solves (null-current flags,
  // crossing edges), so they are not held through the memory peak of the solver setup: the graph
  // recomputes them from the grid on first use (the grid is the caller's and must not change meanwhile).
  let cached: Float64Array | null = null;
  // only what cellConductances reads: the closure must not hold the region labelling (4 B per cell)
  const condOpts: CircuitGraphOptions = { isResistance: opts.isResistance, mask: opts.mask, file: opts.file };
  Object.defineProperty(graph, "cellConductance", {
    get: () => (cached ??= cellConductances(grid, condOpts)),
    enumerable: true,
    configurable: true,
  });
  return graph;
}

/** As buildCircuitGraph, from per-cell conductances already computed (lets callers reuse them across region layouts). */
export function buildCircuitGraphFromConductance(
  width: number,
  height: number,
  cond: Float64Array,
  opts: Pick<CircuitGraphOptions, "neighbors" | "avgResistance" | "regions"> = {},
): CircuitGraph {
  const n = width * height;
  const eight = (opts.neighbors ?? 8) === 8;
  const avgRes = opts.avgResistance ?? false;
  const nodeOfCell = new Int32Array(n).fill(-1);
  let nNodes = 0;

  // Regions: dense labels, and which regions touch habitat.
  const regions = opts.regions;
  if (regions) {
    const labelNode = new Map<number, number>();
    const valid = new Set<number>();
    for (let i = 0; i < n; i++) {
      const r = regions[i];
      if (r > 0 && cond[i] > 0) valid.add(r);
    }
    for (let i = 0; i < n; i++) {
      const r = regions[i];
      if (r > 0 && valid.has(r)) {
        let node = labelNode.get(r);
        if (node === undefined) {
          node = nNodes++;
          labelNode.set(r, node);
        }
        nodeOfCell[i] = node;
      } else if (cond[i] > 0) nodeOfCell[i] = nNodes++;
    }
  } else {
    for (let i = 0; i < n; i++) if (cond[i] > 0) nodeOfCell[i] = nNodes++;
  }

  // Neighbour offsets (drow, dcol) and whether diagonal.
  const dr = eight ? [-1, -1, -1, 0, 0, 1, 1, 1] : [-1, 0, 0, 1];
  const dc = eight ? [-1, 0, 1, -1, 1, -1, 0, 1] : [0, -1, 1, 0];
  const nd = dr.length;
  const SQRT2 = Math.SQRT2;
  const weight = (c1: number, c2: number, diag: boolean): number => {
    if (avgRes) {
      if (c1 <= 0 || c2 <= 0) return 0;
      const g = 2 / (1 / c1 + 1 / c2);
      return diag ? g / SQRT2 : g;
    }
    return diag ? (c1 + c2) / (2 * SQRT2) : (c1 + c2) / 2;
  };

  // Pass 1: upper entries per row (v > u; with duplicates for region nodes).
  const count = new Int32Array(nNodes + 1);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      const u = nodeOfCell[i];
      if (u < 0) continue;
      for (let k = 0; k < nd; k++) {
        const rr = r + dr[k];
        const cc = c + dc[k];
        if (rr < 0 || rr >= height || cc < 0 || cc >= width) continue;
        const j = rr * width + cc;
        const v = nodeOfCell[j];
        if (v < 0 || v === u) continue;
        if (v > u && weight(cond[i], cond[j], dr[k] !== 0 && dc[k] !== 0) > 0) count[u + 1]++;
      }
    }
  }
  for (let u = 0; u < nNodes; u++) count[u + 1] += count[u];
  // count is now a provisional rowPtr.
  const ptr = count;
  const fill = new Int32Array(nNodes);
  const col = new Int32Array(ptr[nNodes]);
  const val = new Float64Array(ptr[nNodes]);
  const diag = new Float64Array(nNodes);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      const u = nodeOfCell[i];
      if (u < 0) continue;
      for (let k = 0; k < nd; k++) {
        const rr = r + dr[k];
        const cc = c + dc[k];
        if (rr < 0 || rr >= height || cc < 0 || cc >= width) continue;
        const j = rr * width + cc;
        const v = nodeOfCell[j];
        if (v < 0 || v === u) continue;
        const g = weight(cond[i], cond[j], dr[k] !== 0 && dc[k] !== 0);
        if (!(g > 0)) continue;
        // every edge is met from both ends: each end adds it to its own diagonal, the lower end stores it
        diag[u] += g;
        if (v < u) continue;
        const p = ptr[u] + fill[u]++;
        col[p] = v;
        val[p] = -g;
      }
    }
  }
  // Sort each row by column and merge duplicates (region nodes meet a neighbour through several cells).
  const rowPtr = new Int32Array(nNodes + 1);
  let out = 0;
  let idx = new Int32Array(16);
  let tmpCol = new Int32Array(16);
  let tmpVal = new Float64Array(16);
  for (let u = 0; u < nNodes; u++) {
    const s = ptr[u];
    const e = ptr[u + 1];
    const len = e - s;
    if (idx.length < len) {
      idx = new Int32Array(len * 2);
      tmpCol = new Int32Array(len * 2);
      tmpVal = new Float64Array(len * 2);
    }
    for (let q = 0; q < len; q++) idx[q] = s + q;
    const view = idx.subarray(0, len);
    if (len < 24) {
      for (let a = 1; a < len; a++) {
        const t = view[a];
        const key = col[t];
        let b = a - 1;
        while (b >= 0 && col[view[b]] > key) {
          view[b + 1] = view[b];
          b--;
        }
        view[b + 1] = t;
      }
    } else {
      const sorted = Array.from(view).sort((x, y) => col[x] - col[y]);
      for (let q = 0; q < len; q++) view[q] = sorted[q];
    }
    // Compact in place (out <= s always); the row is copied out first so writes cannot clobber it.
    for (let q = 0; q < len; q++) {
      tmpCol[q] = col[view[q]];
      tmpVal[q] = val[view[q]];
    }
    rowPtr[u] = out;
    for (let q = 0; q < len; q++) {
      if (q > 0 && tmpCol[q] === tmpCol[q - 1]) val[out - 1] += tmpVal[q];
      else {
        col[out] = tmpCol[q];
        val[out] = tmpVal[q];
        out++;
      }
    }
  }
  rowPtr[nNodes] = out;
  const laplacian: SymMatrix = {
    n: nNodes,
    diag,
    rowPtr,
    // Views, not copies: merged duplicates only leave a short unused tail, and a copy would double the peak.
    col: out === col.length ? col : col.subarray(0, out),
    val: out === val.length ? val : val.subarray(0, out),
  };
  const { component, nComponents } = connectedComponents(laplacian);
  return { width, height, cellConductance: cond, nodeOfCell, nNodes, laplacian, component, nComponents };
}

export { connectedComponents };
