/**
 * CG on a matrix whose unknowns are partly tied together: each group of unknowns shares one potential
 * (a short-circuited focal region), and the pinned unknowns are held at 0 V. That is the system of a
 * graph whose regions are merged into single nodes, solved without building that graph: the unknowns
 * stay those of A (one per node of the base graph) and the constraint lives in how vectors are read.
 *
 *   Tied space: v = P y, where P copies a group's one value to all its members (pinned: 0).
 *   Operator:   P^T A P.       Preconditioner: Q^T M^-1 Q, with Q = P / |group| on a group's column,
 * i.e. a group's residual (the net current into the region) is spread evenly over its members before
 * the base preconditioner M^-1 (A's AMG V-cycle, built once for every pair), and its members' results
 * are averaged. Since P^T Q = I, Q^T A^-1 Q = (P^T A P)^-1 + a positive semidefinite term of rank at
 * most the number of constraints (sum of |group| - 1): with an exact M the preconditioned operator is
 * the identity plus a few large outliers, which CG removes in about one iteration each.
 *
 * Storage, in n-vectors of A's size: x and p are kept expanded (every member holds the group's value),
 * r and q restricted (a group's total on its first member, 0 on the others and on pinned unknowns), so
 * plain dot products over all n entries are the tied space's dot products.
 */
import type { Preconditioner } from "./pcg.ts";
import { SolverError } from "./pcg.ts";
import { symSpmvDot } from "./sym.ts";
import type { SolveResult, SymMatrix } from "./types.ts";

export interface TiedConstraints {
  /** Groups of unknowns tied to one potential; the first member carries the group's residual. */
  groups: Int32Array[];
  /** Unknowns held at 0 (in addition to A's own Dirichlet rows). */
  pinned: Int32Array;
}

export class TiedPcg {
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
   * Solve P^T A P y = b in the tied space.
   * @param at, inject the right-hand side, sparse (never stored: 8 bytes per unknown): current inject[m]
   *   into unknown at[m], each a group's first member or an untied unknown
   * @param x initial guess (expanded, or zeros) on entry; the expanded solution on return
   * @returns iterations and the true relative residual ||b - P^T A P y|| / ||b||
   */
  solve(at: ArrayLike<number>, inject: ArrayLike<number>, x: Float64Array, c: TiedConstraints, tol: number, maxIter: number): SolveResult {
    const A = this.A;
    const n = A.n;
    const { r, z, p } = this;
    const q = z; // A p lives in z between the update of p and the next preconditioning (as in Pcg)
    let bb = 0;
    for (let m = 0; m < at.length; m++) bb += inject[m] * inject[m];
    const bnorm = Math.sqrt(bb);
    expand(x, c);
    if (bnorm === 0) {
      x.fill(0);
      return { iterations: 0, relResidual: 0 };
    }
    const trueResidual = (): number => {
      symSpmvDot(A, x, r);
      for (let i = 0; i < n; i++) r[i] = -r[i];
      for (let m = 0; m < at.length; m++) r[at[m]] += inject[m];
      return restrict(r, c);
    };
    const stop = tol * bnorm;
    let it = 0;
    let rr = trueResidual();
    for (let restart = 0; restart < 4; restart++) {
      if (Math.sqrt(rr) <= stop) break;
      this.apply(r, z, c);
      let rz = 0;
      for (let i = 0; i < n; i++) {
        p[i] = z[i];
        rz += r[i] * z[i];
      }
      while (it < maxIter) {
        // p is expanded, so p.(A p) over all entries is p.(P^T A p) in the tied space
        const pq = symSpmvDot(A, p, q);
        restrict(q, c, false);
        if (!(pq > 0) || !(rz > 0)) {
          throw new SolverError(
            `solver: tied CG breakdown at iteration ${it} (p.Ap = ${pq}, r.z = ${rz}); the matrix or preconditioner is not positive definite`,
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
        this.apply(r, z, c);
        let rzNew = 0;
        for (let i = 0; i < n; i++) rzNew += r[i] * z[i];
        const beta = rzNew / rz;
        rz = rzNew;
        for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
      }
      rr = trueResidual();
      if (it >= maxIter) break;
    }
    const rel = Math.sqrt(rr) / bnorm;
    if (!(rel <= tol)) {
      throw new SolverError(
        `solver: tied CG did not reach relative residual ${tol} in ${it} iterations (reached ${rel.toExponential(3)})`,
        it,
        rel,
      );
    }
    return { iterations: it, relResidual: rel };
  }

  /**
   * The effective resistance x(probeA) - x(probeB) of P^T A P y = b, without the solution vector: CG's
   * iterate enters only through that difference, which is carried as a scalar (x_k+1 = x_k + alpha p,
   * so R_k+1 = R_k + alpha (p(probeA) - p(probeB))). One n-vector less per thread than solve(); in
   * exchange convergence is judged on CG's recursive residual, as Circuitscape's CG judges it (solve()
   * recomputes the true residual at the end, which needs x).
   * @param guess initial guess x0 = slots[plus..] - slots[minus..] (offsets into `slots`), expanded
   *   here; null: x0 = 0
   * @param keep the solution times `sign` accumulated into slots[keep..] (Float32: it serves only as
   *   later solves' initial guesses, whose error CG removes)
   */
  resistance(
    at: ArrayLike<number>,
    inject: ArrayLike<number>,
    c: TiedConstraints,
    probeA: number,
    probeB: number,
    tol: number,
    maxIter: number,
    slots: Float32Array | null = null,
    guess: { plus: number; minus: number } | null = null,
    keep: { at: number; sign: number } | null = null,
  ): SolveResult & { r: number } {
    const A = this.A;
    const n = A.n;
    const { r, z, p } = this;
    const q = z;
    let bb = 0;
    for (let m = 0; m < at.length; m++) bb += inject[m] * inject[m];
    const bnorm = Math.sqrt(bb);
    if (bnorm === 0) return { iterations: 0, relResidual: 0, r: 0 };
    let R = 0;
    if (slots && guess) {
      const { plus, minus } = guess;
      for (let i = 0; i < n; i++) p[i] = slots[plus + i] - slots[minus + i];
      expand(p, c);
      R = p[probeA] - p[probeB];
      symSpmvDot(A, p, r);
      for (let i = 0; i < n; i++) r[i] = -r[i];
    } else r.fill(0, 0, n);
    for (let m = 0; m < at.length; m++) r[at[m]] += inject[m];
    let rr = restrict(r, c);
    const stop = tol * bnorm;
    let it = 0;
    if (Math.sqrt(rr) > stop) {
      this.apply(r, z, c);
      let rz = 0;
      for (let i = 0; i < n; i++) {
        p[i] = z[i];
        rz += r[i] * z[i];
      }
      const k0 = keep ? keep.at : 0;
      const sign = keep ? keep.sign : 0;
      while (it < maxIter) {
        const pq = symSpmvDot(A, p, q);
        restrict(q, c, false);
        if (!(pq > 0) || !(rz > 0)) {
          throw new SolverError(
            `solver: tied CG breakdown at iteration ${it} (p.Ap = ${pq}, r.z = ${rz}); the matrix or preconditioner is not positive definite`,
            it,
            Math.sqrt(rr) / bnorm,
          );
        }
        const alpha = rz / pq;
        R += alpha * (p[probeA] - p[probeB]);
        rr = 0;
        if (slots && keep) {
          const w = sign * alpha;
          for (let i = 0; i < n; i++) {
            slots[k0 + i] += w * p[i];
            const ri = r[i] - alpha * q[i];
            r[i] = ri;
            rr += ri * ri;
          }
        } else
          for (let i = 0; i < n; i++) {
            const ri = r[i] - alpha * q[i];
            r[i] = ri;
            rr += ri * ri;
          }
        it++;
        if (Math.sqrt(rr) <= stop) break;
        this.apply(r, z, c);
        let rzNew = 0;
        for (let i = 0; i < n; i++) rzNew += r[i] * z[i];
        const beta = rzNew / rz;
        rz = rzNew;
        for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
      }
    }
    const rel = Math.sqrt(rr) / bnorm;
    if (!(rel <= tol)) {
      throw new SolverError(
        `solver: tied CG did not reach relative residual ${tol} in ${it} iterations (reached ${rel.toExponential(3)})`,
        it,
        rel,
      );
    }
    return { iterations: it, relResidual: rel, r: R };
  }

  /** z = Q^T M^-1 Q r, expanded; r (restricted) is spread over its groups for M and restored after. */
  private apply(r: Float64Array, z: Float64Array, c: TiedConstraints): void {
    for (const g of c.groups) {
      const share = r[g[0]] / g.length;
      for (let m = 0; m < g.length; m++) r[g[m]] = share;
    }
    this.precond(r, z);
    for (const g of c.groups) {
      r[g[0]] *= g.length;
      for (let m = 1; m < g.length; m++) r[g[m]] = 0;
      let s = 0;
      for (let m = 0; m < g.length; m++) s += z[g[m]];
      s /= g.length;
      for (let m = 0; m < g.length; m++) z[g[m]] = s;
    }
    const pin = c.pinned;
    for (let m = 0; m < pin.length; m++) z[pin[m]] = 0;
  }
}

/** Members take their group's first value; pinned unknowns 0. */
function expand(x: Float64Array, c: TiedConstraints): void {
  for (const g of c.groups) for (let m = 1; m < g.length; m++) x[g[m]] = x[g[0]];
  const pin = c.pinned;
  for (let m = 0; m < pin.length; m++) x[pin[m]] = 0;
}

/** A group's total onto its first member, 0 on the others and on pinned unknowns; returns ||r||^2 of the result (0 without `norm`). */
function restrict(r: Float64Array, c: TiedConstraints, norm = true): number {
  for (const g of c.groups) {
    let s = 0;
    for (let m = 0; m < g.length; m++) {
      s += r[g[m]];
      r[g[m]] = 0;
    }
    r[g[0]] = s;
  }
  const pin = c.pinned;
  for (let m = 0; m < pin.length; m++) r[pin[m]] = 0;
  if (!norm) return 0;
  let rr = 0;
  for (let i = 0; i < r.length; i++) rr += r[i] * r[i];
  return rr;
}
