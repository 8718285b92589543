/**
 * Tied pair solves (tied.ts) taken from an atomic counter by the calling thread and worker threads
 * (tied-pairs.ts, tied-worker.ts): the task layout in shared memory and the loop both run.
 * Pair p ties the unknowns A = idx[spec[4p] .. +spec[4p+1]] and B = idx[spec[4p+2] .. +spec[4p+3]];
 * a region holding a pinned unknown of A (its Dirichlet ground) is pinned as a whole (pinnedA/pinnedB),
 * else it floats. 1 A goes in at A and out at B; the result is R = x(A) - x(B).
 */
import type { SharedHierarchy } from "./shared-amg.ts";
import { TiedPcg, type TiedConstraints } from "./tied.ts";
import type { SymMatrix } from "./types.ts";

export const NEXT = 0;
export const BUSY = 1;
export const FAILED = 2;
export const STARTED = 3;

export interface TiedTask {
  A: SymMatrix;
  parts: SharedHierarchy | null;
  /** 4 per pair: offset and length of A in idx, offset and length of B. */
  spec: Int32Array;
  idx: Int32Array;
  /** 1 per pair: 1 when A is the ground's region (pinned), 2 when B is, 0 when neither. */
  pinned: Int32Array;
  tol: number;
  maxIter: number;
  control: Int32Array;
  /** 4 per pair: R, iterations, relResidual, thread. */
  results: Float64Array;
  errText: Uint8Array;
}

/** Pairs taken by this thread until none is left (or another thread failed). */
export function drainTiedPairs(cg: TiedPcg, t: TiedTask, thread: number, x: Float64Array): void {
  const nPairs = t.pinned.length;
  const none = new Int32Array(0);
  for (;;) {
    const p = Atomics.add(t.control, NEXT, 1);
    if (p >= nPairs || Atomics.load(t.control, FAILED) !== 0) return;
    const A = t.idx.subarray(t.spec[4 * p], t.spec[4 * p] + t.spec[4 * p + 1]);
    const B = t.idx.subarray(t.spec[4 * p + 2], t.spec[4 * p + 2] + t.spec[4 * p + 3]);
    const mode = t.pinned[p];
    const c: TiedConstraints =
      mode === 1 ? { groups: [B], pinned: A } : mode === 2 ? { groups: [A], pinned: B } : { groups: [A, B], pinned: none };
    const at = mode === 1 ? [B[0]] : mode === 2 ? [A[0]] : [A[0], B[0]];
    const inject = mode === 1 ? [-1] : mode === 2 ? [1] : [1, -1];
    x.fill(0);
    const r = cg.solve(at, inject, x, c, t.tol, t.maxIter);
    t.results[4 * p] = x[A[0]] - x[B[0]];
    t.results[4 * p + 1] = r.iterations;
    t.results[4 * p + 2] = r.relResidual;
    t.results[4 * p + 3] = thread;
  }
}
