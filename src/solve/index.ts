import type { CsrMatrix, SolveOptions, SolveResult, SpdSolver } from "./types.ts";

export type { CsrMatrix, SolveOptions, SolveResult, SpdSolver } from "./types.ts";

/**
 * Build a solver for A. PROVISIONAL: Jacobi-preconditioned CG only; the solver work replaces this
 * with smoothed-aggregation AMG + CG and a direct path for small systems, keeping this signature.
 */
export function createSolver(A: CsrMatrix, _opts: { method?: "auto" | "amg" | "direct" | "jacobi" } = {}): SpdSolver {
  const n = A.n;
  const invDiag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = A.rowPtr[i]; k < A.rowPtr[i + 1]; k++) if (A.col[k] === i) invDiag[i] = 1 / A.val[k];
  }
  const r = new Float64Array(n);
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  return {
    n,
    method: "jacobi-cg",
    solve(b: Float64Array, x: Float64Array, opts: SolveOptions = {}): SolveResult {
      const tol = opts.tol ?? 1e-6;
      const maxIter = opts.maxIter ?? 100 * n + 100;
      const bnorm = Math.sqrt(dot(b, b, n)) || 1;
      spmv(A, x, q);
      for (let i = 0; i < n; i++) r[i] = b[i] - q[i];
      for (let i = 0; i < n; i++) z[i] = invDiag[i] * r[i];
      p.set(z);
      let rz = dot(r, z, n);
      let it = 0;
      while (it < maxIter && Math.sqrt(dot(r, r, n)) / bnorm > tol) {
        spmv(A, p, q);
        const alpha = rz / dot(p, q, n);
        for (let i = 0; i < n; i++) {
          x[i] += alpha * p[i];
          r[i] -= alpha * q[i];
        }
        for (let i = 0; i < n; i++) z[i] = invDiag[i] * r[i];
        const rzNew = dot(r, z, n);
        const beta = rzNew / rz;
        rz = rzNew;
        for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
        it++;
      }
      spmv(A, x, q);
      let rr = 0;
      for (let i = 0; i < n; i++) rr += (b[i] - q[i]) ** 2;
      return { iterations: it, relResidual: Math.sqrt(rr) / bnorm };
    },
  };
}

export function spmv(A: CsrMatrix, x: Float64Array, y: Float64Array): void {
  const { n, rowPtr, col, val } = A;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) s += val[k] * x[col[k]];
    y[i] = s;
  }
}

function dot(a: Float64Array, b: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}
