/**
 * Tied pair solves (tied.ts) taken from an atomic counter by the calling thread and worker threads
 * (tied-pairs.ts, tied-worker.ts): the task layout in shared memory and the loop both run.
 * Pair p ties the unknowns A = idx[spec[4p] .. +spec[4p+1]] and B = idx[spec[4p+2] .. +spec[4p+3]];
 * a region holding a pinned unknown of A (its Dirichlet ground) is pinned as a whole (pinnedA/pinnedB),
 * else it floats. 1 A goes in at A and out at B; the result is R = x(A) - x(B).
 *
 * Warm starts (the pairs' order puts the ground region's pairs first): a pair with the ground's region
 * keeps its solution, signed as the potential of 1 A drawn out of the other region into the ground,
 * in a slot; a later pair (a, b) starts from slot(b) - slot(a), the superposition that would be exact if
 * every region were tied in every solve, and is off only near the regions. It waits for those two
 * slots, which are filled by pairs handed out before it, so no thread waits on a pair not yet taken.
 */
import type { SharedHierarchy } from "./shared-amg.ts";
import { slotSign, tiedPairSystem, type TiedPcg } from "./tied.ts";
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
  /** 3 per pair: the slot it fills (-1: none), the slots of its guess slot(plus) - slot(minus) (-1: none). */
  warm: Int32Array;
  /** Slots of n Float32 each (null: no warm starts). */
  slots: Float32Array | null;
  /** 1 per slot: 1 once filled. */
  filled: Int32Array;
}

/** Pairs taken by this thread until none is left (or another thread failed). */
export function drainTiedPairs(cg: TiedPcg, t: TiedTask, thread: number): void {
  const nPairs = t.pinned.length;
  const n = t.A.n;
  const waitFilled = (slot: number): void => {
    while (Atomics.load(t.filled, slot) === 0 && Atomics.load(t.control, FAILED) === 0) Atomics.wait(t.filled, slot, 0, 1000);
  };
  for (;;) {
    const p = Atomics.add(t.control, NEXT, 1);
    if (p >= nPairs || Atomics.load(t.control, FAILED) !== 0) return;
    const A = t.idx.subarray(t.spec[4 * p], t.spec[4 * p] + t.spec[4 * p + 1]);
    const B = t.idx.subarray(t.spec[4 * p + 2], t.spec[4 * p + 2] + t.spec[4 * p + 3]);
    const mode = t.pinned[p] as 0 | 1 | 2;
    const { c, at, inject } = tiedPairSystem(A, B, mode);
    const fills = t.slots ? t.warm[3 * p] : -1;
    const plus = t.slots ? t.warm[3 * p + 1] : -1;
    const minus = t.slots ? t.warm[3 * p + 2] : -1;
    let guess: { plus: number; minus: number } | null = null;
    if (plus >= 0 && minus >= 0) {
      waitFilled(plus);
      waitFilled(minus);
      if (Atomics.load(t.control, FAILED) !== 0) return;
      guess = { plus: plus * n, minus: minus * n };
    }
    // the potential of 1 A out of the free region into the ground: x itself when A is the ground's (1 A out at B), -x when B is
    const keep = fills >= 0 ? { at: fills * n, sign: slotSign(mode) } : null;
    const r = cg.resistance(at, inject, c, A[0], B[0], t.tol, t.maxIter, t.slots, guess, keep);
    if (fills >= 0) {
      Atomics.store(t.filled, fills, 1);
      Atomics.notify(t.filled, fills);
    }
    t.results[4 * p] = r.r;
    t.results[4 * p + 1] = r.iterations;
    t.results[4 * p + 2] = r.relResidual;
    t.results[4 * p + 3] = thread;
  }
}
