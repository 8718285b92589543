/** Independent references for the solver tests: dense Gaussian elimination and random graph Laplacians. */
import type { CsrMatrix } from "../../src/solve/types.ts";
import { rng } from "./grid.ts";

/** Solve a dense system with partial-pivoting Gaussian elimination (the test's own reference). */
export function denseSolve(M: number[][], b: number[]): number[] {
  const n = b.length;
  const a = M.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    for (let r = c + 1; r < n; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= n; k++) a[r][k] -= f * a[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r][n];
    for (let k = r + 1; k < n; k++) s -= a[r][k] * x[k];
    x[r] = s / a[r][r];
  }
  return x;
}

export function toDense(A: CsrMatrix): number[][] {
  const M = Array.from({ length: A.n }, () => new Array<number>(A.n).fill(0));
  for (let i = 0; i < A.n; i++) for (let k = A.rowPtr[i]; k < A.rowPtr[i + 1]; k++) M[i][A.col[k]] += A.val[k];
  return M;
}

/** CSR from a symmetric edge list plus diagonal extras (grounds); columns sorted. */
export function laplacianFromEdges(n: number, edges: [number, number, number][], extra: number[]): CsrMatrix {
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const add = (i: number, j: number, v: number) => rows[i].set(j, (rows[i].get(j) ?? 0) + v);
  for (let i = 0; i < n; i++) add(i, i, extra[i] ?? 0);
  for (const [i, j, g] of edges) {
    add(i, j, -g);
    add(j, i, -g);
    add(i, i, g);
    add(j, j, g);
  }
  const rowPtr = new Int32Array(n + 1);
  const col: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const j of [...rows[i].keys()].sort((a, b) => a - b)) {
      col.push(j);
      val.push(rows[i].get(j)!);
    }
    rowPtr[i + 1] = col.length;
  }
  return { n, rowPtr, col: Int32Array.from(col), val: Float64Array.from(val) };
}

/** A connected random graph Laplacian (a random spanning path plus random extra edges), grounded at one node. */
export function randomLaplacian(n: number, extraEdges: number, seed: number, contrast = 1e3): CsrMatrix {
  const r = rng(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const w = () => Math.exp(Math.log(contrast) * (r() - 0.5));
  const edges: [number, number, number][] = [];
  for (let i = 1; i < n; i++) edges.push([order[i - 1], order[i], w()]);
  for (let e = 0; e < extraEdges; e++) {
    const i = Math.floor(r() * n);
    const j = Math.floor(r() * n);
    if (i !== j) edges.push([i, j, w()]);
  }
  const extra = new Array<number>(n).fill(0);
  extra[Math.floor(r() * n)] = w();
  return laplacianFromEdges(n, edges, extra);
}

export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / (den || 1));
}
