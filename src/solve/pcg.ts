/**
 * Preconditioned conjugate gradient in Float64 with work vectors allocated once per solver.
 * Converges on the recursive residual ||r|| / ||b|| <= tol, then recomputes the true residual
 * b - A x; if drift left it above tol, CG restarts from the true residual (at most a few times).
 * Failing to converge within maxIter throws a SolverError carrying the residual reached.
 */
import type { SolveResult, SymMatrix } from "./types.ts";
import { symResidual, symResidualUnit, symSpmvDot } from "./sym.ts";

export class SolverError extends Error {
  constructor(
    message: string,
    readonly iterations: number,
    readonly relResidual: number,
  ) {
    super(message);
    this.name = "SolverError";
  }
}

export type Preconditioner = (r: Float64Array, z: Float64Array) => void;

export class Pcg {
  private readonly r: Float64Array;
  private readonly z: Float64Array;
  private readonly p: Float64Array;

  /** @param workspace up to 3 vectors of length >= n to use as r, z, p (their contents are overwritten) */
  constructor(
    private readonly A: SymMatrix,
    private readonly precond: Preconditioner,
    workspace: Float64Array[] = [],
  ) {
    const n = A.n;
    const vec = (i: number) => (workspace[i] && workspace[i].length >= n ? workspace[i].subarray(0, n) : new Float64Array(n));
    this.r = vec(0);
    this.z = vec(1);
    this.p = vec(2);
  }

  /**
   * @param b the right-hand side, or an index i for the unit vector e_i (not stored: the column solves
   *          of pairwise mode save a vector per thread, 8 bytes per unknown)
   */
  solve(b: Float64Array | number, x: Float64Array, tol: number, maxIter: number): SolveResult {
    const A = this.A;
    const n = A.n;
    const { r, z, p } = this;
    // q = A p lives in z: z is dead from the update of p until the next preconditioning overwrites it,
    // which saves one n-vector (8 bytes per unknown).
    const q = z;
    let bb = 0;
    if (typeof b === "number") bb = 1;
    else for (let i = 0; i < n; i++) bb += b[i] * b[i];
    const bnorm = Math.sqrt(bb);
    const trueResidual = (): number => (typeof b === "number" ? symResidualUnit(A, x, b, r) : symResidual(A, x, b, r));
    if (bnorm === 0) {
      x.fill(0);
      return { iterations: 0, relResidual: 0 };
    }
    const stop = tol * bnorm;
    let it = 0;
    let rr = trueResidual();
    for (let restart = 0; restart < 4; restart++) {
      if (Math.sqrt(rr) <= stop) break;
      this.precond(r, z);
      let rz = 0;
      for (let i = 0; i < n; i++) {
        p[i] = z[i];
        rz += r[i] * z[i];
      }
      while (it < maxIter) {
        const pq = symSpmvDot(A, p, q); // q = A p and p.q in one pass
        if (!(pq > 0) || !(rz > 0)) {
          throw new SolverError(
            `solver: CG breakdown at iteration ${it} (p.Ap = ${pq}, r.z = ${rz}); the matrix or preconditioner is not positive definite`,
            it,
            Math.sqrt(rr) / bnorm,
          );
        }
        const alpha = rz / pq;
        rr = 0;
        for (let i = 0; i < n; i++) {
          x[i] += alpha * p[i];
          const ri = r[i] - alpha * q[i];
          r[i] = ri;
          rr += ri * ri;
        }
        it++;
        if (Math.sqrt(rr) <= stop) break;
        this.precond(r, z);
        let rzNew = 0;
        for (let i = 0; i < n; i++) rzNew += r[i] * z[i];
        const beta = rzNew / rz;
        rz = rzNew;
        for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
      }
      rr = trueResidual(); // the true residual, also the restart vector
      if (it >= maxIter) break;
    }
    const rel = Math.sqrt(rr) / bnorm;
    if (!(rel <= tol)) {
      throw new SolverError(
        `solver: CG did not reach relative residual ${tol} in ${it} iterations (reached ${rel.toExponential(3)})`,
        it,
        rel,
      );
    }
    return { iterations: it, relResidual: rel };
  }
}
