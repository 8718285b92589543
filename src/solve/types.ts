/**
 * The contract between the circuit engine and the solvers.
 *
 * A is symmetric positive definite (a graph Laplacian with grounding added). The iterative solvers
 * work on SymMatrix (diagonal + upper triangle); createSolver also takes full CSR (BOTH triangles,
 * column indices sorted within each row), which the direct solver factorises.
 */
import type { TiedPair } from "./tied-pairs.ts";

export interface CsrMatrix {
  n: number;
  rowPtr: Int32Array; // length n + 1
  col: Int32Array; // length nnz
  val: Float64Array; // length nnz
}

/**
 * A symmetric matrix stored once (sym.ts): its diagonal, and its strict upper triangle in CSR (columns
 * sorted, each greater than its row). Graph Laplacians and every level of the AMG hierarchy use it:
 * half the bytes of full CSR for the same matrix.
 */
export interface SymMatrix {
  n: number;
  diag: Float64Array; // length n
  rowPtr: Int32Array; // length n + 1
  col: Int32Array; // length nnz (upper entries only)
  val: Float64Array;
}

export interface SolveOptions {
  /** Relative residual tolerance ||b - Ax|| / ||b|| (default 1e-6, Circuitscape's). */
  tol?: number;
  maxIter?: number;
}

/** Options fixed when a solver is created (setup-time choices). */
export interface SolverOptions {
  /** "auto" (default): direct for small systems, AMG-preconditioned CG otherwise. "jacobi" is a diagnostic baseline. */
  method?: "auto" | "amg" | "direct" | "jacobi";
  /** Default tolerance and iteration cap for solve() calls that do not give their own. */
  tol?: number;
  maxIter?: number;
  /** AMG: strength-of-connection threshold (default 0.02 on the finest level, 0.08 below; 0 is pyamg's), coarsest size (default 500), max levels. */
  theta?: number;
  maxCoarse?: number;
  maxLevels?: number;
  /** AMG: Gauss-Seidel sweeps before and after each coarse correction (default 1). */
  sweeps?: number;
  /**
   * AMG and Jacobi CG: vectors of length >= n the solver may use as its CG work vectors instead of
   * allocating its own (a caller that needs n-vectors only after its solves lends them: 8 bytes per
   * unknown each). Their contents are overwritten by every solve; never pass b or x of a solve.
   */
  workspace?: Float64Array[];
}

/** What a solver built: for benchmarks and diagnostics. */
export interface SolverStats {
  method: string;
  setupSeconds: number;
  /** Bytes held by the solver beyond the caller's matrix (hierarchy or factor, work vectors). */
  bytes: number;
  /** AMG only: unknowns and nonzeros per level, finest first, and setup phase times in seconds. */
  levels?: { n: number; nnz: number }[];
  operatorComplexity?: number;
  phases?: Record<string, number>;
}

export interface SolveResult {
  iterations: number;
  /** True relative residual ||b - Ax|| / ||b|| recomputed after the solve. */
  relResidual: number;
}

/** A solver whose setup (factorisation or AMG hierarchy) is built once and reused for every right-hand side. */
export interface SpdSolver {
  readonly n: number;
  readonly method: string;
  readonly stats: SolverStats;
  /** Solve A x = b. x holds the initial guess on entry (zeros are fine) and the solution on return. */
  solve(b: Float64Array, x: Float64Array, opts?: SolveOptions): SolveResult;
  /**
   * z = M^-1 r, the preconditioner of A's solves (AMG: one V-cycle; direct: the factor's solve; Jacobi:
   * the diagonal), for iterations on systems close to A - e.g. A with some unknowns tied (tied.ts).
   * r is not modified. Not thread-safe: one caller at a time.
   */
  precondition?(r: Float64Array, z: Float64Array): void;
  /**
   * AMG-CG only: the effective resistance of each pair of tied regions (tied-pairs.ts), on `threads`
   * threads sharing the matrix (on SharedArrayBuffer when threads > 1) and the hierarchy. No vector kept.
   */
  solveTiedPairs?(
    pairs: TiedPair[],
    opts: SolveOptions & { threads: number; awaitWorkers?: boolean },
  ): { r: Float64Array; results: SolveResult[]; workerPairs: number };
  /**
   * AMG-CG only: x_m = A^-1 e_{at[m]} for every m, on `threads` threads (this one included) sharing the
   * matrix - which must be on SharedArrayBuffer (shareSym in shared-amg.ts) - and the hierarchy
   * (moved to shared memory on the first call). Bitwise the same columns as solve() one by one.
   * With threads = 1 the matrix may be private. `probe`: keep no column, only its entries at these
   * unknowns (`probes`, column-major by column: m * probe.length + j), with one scratch vector per thread.
   * The unit right-hand sides are implicit (never stored). `lend`: vectors on SharedArrayBuffer (length
   * >= n) idle in the caller during the call, which a worker uses as CG work vectors (overwritten).
   */
  solveUnitColumns?(
    at: number[],
    opts: SolveOptions & { threads: number; awaitWorkers?: boolean; lend?: Float64Array[]; probe?: Int32Array },
  ): { columns: Float64Array[]; results: SolveResult[]; workerColumns: number; probes?: Float64Array };
}
