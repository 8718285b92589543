/**
 * The contract between the circuit engine and the solvers.
 *
 * A is symmetric positive definite (a graph Laplacian with grounding added), stored in CSR with
 * BOTH triangles and the diagonal present, column indices sorted within each row.
 */
export interface CsrMatrix {
  n: number;
  rowPtr: Int32Array; // length n + 1
  col: Int32Array; // length nnz
  val: Float64Array; // length nnz
}

export interface SolveOptions {
  /** Relative residual tolerance ||b - Ax|| / ||b|| (default 1e-6, Circuitscape's). */
  tol?: number;
  maxIter?: number;
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
  /** Solve A x = b. x holds the initial guess on entry (zeros are fine) and the solution on return. */
  solve(b: Float64Array, x: Float64Array, opts?: SolveOptions): SolveResult;
}
