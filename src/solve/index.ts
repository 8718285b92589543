/**
 * createSolver: the entry point of the sparse SPD solvers.
 *  - "amg":    conjugate gradient preconditioned by a smoothed-aggregation AMG V-cycle (amg.ts, pcg.ts),
 *              the method Circuitscape 4 uses through pyamg; setup once, many right-hand sides.
 *  - "direct": reverse Cuthill-McKee + envelope Cholesky (cholesky.ts), with iterative refinement.
 *  - "auto":   direct when the factor is small and cheap, AMG otherwise.
 *  - "jacobi": diagonal-preconditioned CG, a baseline for tests and benchmarks.
 */
import type { CsrMatrix, SolveOptions, SolveResult, SolverOptions, SpdSolver, SolverStats, SymMatrix } from "./types.ts";
import { AmgHierarchy } from "./amg.ts";
import { Pcg, SolverError } from "./pcg.ts";
import { solveUnitColumns } from "./columns.ts";
import { solveTiedPairs } from "./tied-pairs.ts";
import { TiedPcg } from "./tied.ts";
import { checkCsr, residual } from "./csr.ts";
import { checkSym, csrFromSym, isSym, symFromCsr } from "./sym.ts";
import { groundedCopy } from "./nullspace.ts";
import { reverseCuthillMcKee } from "./ordering.ts";
import { envelopeCholesky, envelopeCost, choleskySolve } from "./cholesky.ts";

export type { CsrMatrix, SolveOptions, SolveResult, SolverOptions, SpdSolver, SolverStats, SymMatrix } from "./types.ts";
export { SolverError } from "./pcg.ts";
export { spmv } from "./csr.ts";
export { csrFromSym, isSym, symFromCsr, symSpmv } from "./sym.ts";
export { shareSym, isSharedSym } from "./shared-amg.ts";
export { defaultThreads } from "./columns.ts";

/**
 * The direct path is taken in "auto" mode when the envelope factor costs at most this much work
 * (multiply-adds) and memory (entries). Measured on 8-neighbour grid Laplacians, setup + 5 solves:
 * direct wins to about 70 x 70 cells (4e7 multiply-adds), AMG-CG beyond (100 x 100: 0.8 s vs 0.35 s).
 */
export const DIRECT_MAX_FLOPS = 4e7;
export const DIRECT_MAX_ENTRIES = 1e6;
const AUTO_RCM_MAX_N = 50000;

function identity(n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}

/**
 * A solver for A, given as a SymMatrix (what the circuit engine passes: half the memory) or as full
 * CSR. The iterative solvers run on the symmetric form, the direct one on full CSR: either is made
 * from the other when needed (the direct path only takes small systems, or a caller's explicit choice).
 */
export function createSolver(A: CsrMatrix | SymMatrix, opts: SolverOptions = {}): SpdSolver {
  if (isSym(A)) checkSym(A);
  else checkCsr(A);
  const method = opts.method ?? "auto";
  const t0 = performance.now();
  const full = (): CsrMatrix => (isSym(A) ? csrFromSym(A) : A);
  if (method === "direct") return directSolver(full(), opts, t0);
  if (method === "auto") {
    // Large systems: only the natural ordering is tried (one pass), so a big grid pays nothing for the check;
    // a long thin strip still goes direct. Small systems try reverse Cuthill-McKee.
    const small = A.n <= AUTO_RCM_MAX_N ? full() : null;
    const perm = small ? reverseCuthillMcKee(small.n, small.rowPtr, small.col) : identity(A.n);
    const cost = small ? envelopeCost(small.n, small.rowPtr, small.col, perm) : naturalEnvelopeCost(A);
    if (cost.flops <= DIRECT_MAX_FLOPS && cost.size <= DIRECT_MAX_ENTRIES) {
      try {
        return directSolver(small ?? full(), opts, t0, perm);
      } catch (e) {
        // semidefinite (e.g. an ungrounded component): AMG-CG still solves consistent systems
        if (!(e instanceof Error && /not positive definite/.test(e.message))) throw e;
      }
    }
  }
  const S = isSym(A) ? A : symFromCsr(A);
  if (method === "jacobi") return jacobiSolver(S, opts, t0);
  const grounded = groundedCopy(S);
  return grounded ? groundedSolver(amgSolver(grounded.A, opts, t0), grounded.pins) : amgSolver(S, opts, t0);
}

/** A singular Laplacian solved through its grounded copy (nullspace.ts): b's pinned entries are dropped. */
function groundedSolver(inner: SpdSolver, pins: Int32Array): SpdSolver {
  return {
    n: inner.n,
    method: inner.method,
    stats: inner.stats,
    solve(b: Float64Array, x: Float64Array, o: SolveOptions = {}): SolveResult {
      const b0 = b.slice();
      for (const p of pins) b0[p] = 0;
      return inner.solve(b0, x, o);
    },
  };
}

/** envelopeCost in the natural ordering, read from either form without converting it. */
function naturalEnvelopeCost(A: CsrMatrix | SymMatrix): { size: number; flops: number } {
  if (!isSym(A)) return envelopeCost(A.n, A.rowPtr, A.col, identity(A.n));
  const n = A.n;
  const first = identity(n);
  // rows ascending: the first row to reach column c is its first lower entry
  for (let j = 0; j < n; j++) for (let k = A.rowPtr[j]; k < A.rowPtr[j + 1]; k++) if (first[A.col[k]] > j) first[A.col[k]] = j;
  let size = 0;
  let flops = 0;
  for (let i = 0; i < n; i++) {
    const w = i - first[i] + 1;
    size += w;
    flops += (w * w) / 2;
  }
  return { size, flops };
}

function defaults(opts: SolverOptions, n: number, o: SolveOptions): { tol: number; maxIter: number } {
  const tol = o.tol ?? opts.tol ?? 1e-6;
  if (!(tol > 0)) throw new Error(`solver: tolerance must be positive, got ${tol}`);
  return { tol, maxIter: o.maxIter ?? opts.maxIter ?? Math.max(1000, Math.min(n, 20000)) };
}

function checkVectors(n: number, b: Float64Array, x: Float64Array): void {
  if (b.length !== n || x.length !== n) throw new Error(`solver: vectors of length ${b.length}, ${x.length} for a system of size ${n}`);
}

function amgSolver(A: SymMatrix, opts: SolverOptions, t0: number): SpdSolver {
  const h = new AmgHierarchy(A, { theta: opts.theta, maxCoarse: opts.maxCoarse, maxLevels: opts.maxLevels, sweeps: opts.sweeps });
  // CG's three work vectors (lent where the caller lends them), shared by the plain and the tied CG: one
  // solve at a time, and a run that solves tied pairs would otherwise hold both sets (24 B per node)
  const work = [0, 1, 2].map((i) => {
    const v = opts.workspace?.[i];
    return v && v.length >= A.n ? v : new Float64Array(A.n);
  });
  const pcg = new Pcg(A, (r, z) => h.apply(r, z), work);
  let tied: TiedPcg | null = null; // made on first use
  const lent = (opts.workspace ?? []).slice(0, 3).filter((v) => v.length >= A.n).length;
  const stats: SolverStats = {
    method: "amg-cg",
    setupSeconds: (performance.now() - t0) / 1000,
    bytes: h.bytes() + (3 - lent) * 8 * A.n,
    levels: h.info(),
    operatorComplexity: h.operatorComplexity(),
    phases: Object.fromEntries(Object.entries(h.timings).map(([k, v]) => [k, v / 1000])),
  };
  return {
    n: A.n,
    method: "amg-cg",
    stats,
    solve(b: Float64Array, x: Float64Array, o: SolveOptions = {}): SolveResult {
      checkVectors(A.n, b, x);
      const { tol, maxIter } = defaults(opts, A.n, o);
      return pcg.solve(b, x, tol, maxIter);
    },
    precondition: (r, z) => h.apply(r, z),
    solveTiedPairs(pairs, o) {
      const { tol, maxIter } = defaults(opts, A.n, o);
      tied ??= new TiedPcg(A, (r, z) => h.apply(r, z), work);
      return solveTiedPairs(A, h, tied, pairs, tol, maxIter, o.threads, o.awaitWorkers);
    },
    solveUnitColumns(at, o) {
      const { tol, maxIter } = defaults(opts, A.n, o);
      return solveUnitColumns(A, h, pcg, at, tol, maxIter, o.threads, o.awaitWorkers, o.lend, o.probe);
    },
  };
}

function jacobiSolver(A: SymMatrix, opts: SolverOptions, t0: number): SpdSolver {
  const d = A.diag;
  const inv = new Float64Array(A.n);
  for (let i = 0; i < A.n; i++) inv[i] = 1 / d[i];
  const precondition = (r: Float64Array, z: Float64Array) => {
    for (let i = 0; i < A.n; i++) z[i] = inv[i] * r[i];
  };
  const pcg = new Pcg(A, precondition);
  const stats: SolverStats = { method: "jacobi-cg", setupSeconds: (performance.now() - t0) / 1000, bytes: 5 * 8 * A.n };
  return {
    n: A.n,
    method: "jacobi-cg",
    stats,
    solve(b: Float64Array, x: Float64Array, o: SolveOptions = {}): SolveResult {
      checkVectors(A.n, b, x);
      const tol = o.tol ?? opts.tol ?? 1e-6;
      return pcg.solve(b, x, tol, o.maxIter ?? opts.maxIter ?? 10 * A.n + 100);
    },
    precondition,
  };
}

function directSolver(A: CsrMatrix, opts: SolverOptions, t0: number, perm?: Int32Array): SpdSolver {
  const F = envelopeCholesky(A.n, A.rowPtr, A.col, A.val, { perm });
  const r = new Float64Array(A.n);
  const d = new Float64Array(A.n);
  const stats: SolverStats = {
    method: "direct-cholesky",
    setupSeconds: (performance.now() - t0) / 1000,
    bytes: F.L.byteLength + 7 * 4 * A.n + 8 * 4 * A.n,
  };
  return {
    n: A.n,
    method: "direct-cholesky",
    stats,
    solve(b: Float64Array, x: Float64Array, o: SolveOptions = {}): SolveResult {
      checkVectors(A.n, b, x);
      const { tol } = defaults(opts, A.n, o);
      let bb = 0;
      for (let i = 0; i < A.n; i++) bb += b[i] * b[i];
      const bnorm = Math.sqrt(bb);
      if (bnorm === 0) {
        x.fill(0);
        return { iterations: 0, relResidual: 0 };
      }
      choleskySolve(F, b, x);
      let rel = Math.sqrt(residual(A, x, b, r)) / bnorm;
      // iterative refinement: a factor of an ill-conditioned matrix may leave the residual above a tight tol
      let steps = 0;
      while (rel > tol && steps < 5) {
        choleskySolve(F, r, d);
        for (let i = 0; i < A.n; i++) x[i] += d[i];
        rel = Math.sqrt(residual(A, x, b, r)) / bnorm;
        steps++;
      }
      if (!(rel <= tol)) {
        throw new SolverError(`solver: direct solve reached relative residual ${rel.toExponential(3)}, above tol ${tol}`, steps, rel);
      }
      return { iterations: steps, relResidual: rel };
    },
    precondition: (r, z) => choleskySolve(F, r, z),
  };
}
