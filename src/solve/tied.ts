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
    const r = this.r;
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
      ({ it, rr } = this.iterate(c, stop, bnorm, it, maxIter, rr, x, null, -1));
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
    const { r, p } = this;
    let bb = 0;
    for (let m = 0; m < at.length; m++) bb += inject[m] * inject[m];
    const bnorm = Math.sqrt(bb);
    if (bnorm === 0) return { iterations: 0, relResidual: 0, r: 0 };
    let R = 0;
    if (slots && guess) {
      const { plus, minus } = guess;
      slotDifference(slots, plus, minus, p, n);
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
      const keepAt = slots && keep ? keep.at : -1;
      ({ it, rr, R } = this.iterate(c, stop, bnorm, 0, maxIter, rr, null, slots, keepAt, keep ? keep.sign : 0, R, probeA, probeB));
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

  /**
   * Preconditioned CG from the (restricted) residual in r until ||r|| <= stop or maxIter iterations in
   * all (counting from `it`). Each step's alpha p goes into x (when given) and, times keepSign, into
   * slots[keepAt..] (when keepAt >= 0); R, from R0, takes alpha (p(probeA) - p(probeB)) (with probes).
   */
  private iterate(
    c: TiedConstraints,
    stop: number,
    bnorm: number,
    it: number,
    maxIter: number,
    rr: number,
    x: Float64Array | null,
    slots: Float32Array | null,
    keepAt: number,
    keepSign = 0,
    R0 = 0,
    probeA = -1,
    probeB = -1,
  ): { it: number; rr: number; R: number } {
    const A = this.A;
    const n = A.n;
    const { r, z, p } = this;
    const q = z; // A p lives in z between the update of p and the next preconditioning (as in Pcg)
    let R = R0;
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
      if (probeA >= 0) R += alpha * (p[probeA] - p[probeB]);
      rr = 0;
      // one loop per case, so that the loop over n holds no branch
      if (x)
        for (let i = 0; i < n; i++) {
          x[i] += alpha * p[i];
          const ri = r[i] - alpha * q[i];
          r[i] = ri;
          rr += ri * ri;
        }
      else if (slots && keepAt >= 0) {
        const w = keepSign * alpha;
        for (let i = 0; i < n; i++) {
          slots[keepAt + i] += w * p[i];
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
    return { it, rr, R };
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

/**
 * The system of one tied pair: 1 A in at region A and out at region B. `mode` says which region holds
 * the matrix's ground: 1 A (pinned as a whole, B tied), 2 B, 0 neither (both tied, floating).
 */
export function tiedPairSystem(A: Int32Array, B: Int32Array, mode: 0 | 1 | 2): { c: TiedConstraints; at: number[]; inject: number[] } {
  if (mode === 1) return { c: { groups: [B], pinned: A }, at: [B[0]], inject: [-1] };
  if (mode === 2) return { c: { groups: [A], pinned: B }, at: [A[0]], inject: [1] };
  return { c: { groups: [A, B], pinned: NONE }, at: [A[0], B[0]], inject: [1, -1] };
}

/**
 * Warm starts (tied-work.ts): the sign that turns the solution of a pair with the ground's region
 * (mode 1 or 2) into the potential of 1 A drawn out of its other region into the ground.
 */
export const slotSign = (mode: 0 | 1 | 2): number => (mode === 1 ? 1 : -1);

/** out = slots[plus..] - slots[minus..] (offsets into slots): a warm start from two kept solutions. */
export function slotDifference(slots: Float32Array, plus: number, minus: number, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = slots[plus + i] - slots[minus + i];
}

const NONE = new Int32Array(0);

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
