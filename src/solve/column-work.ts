/**
 * What the calling thread and the worker threads of solveUnitColumns (columns.ts) share: the task
 * layout in shared memory and the loop that takes columns from the atomic counter.
 */
import type { Pcg } from "./pcg.ts";
import type { SharedHierarchy } from "./shared-amg.ts";
import type { CsrMatrix } from "./types.ts";

/** control slots */
export const NEXT = 0; // next column to take
export const BUSY = 1; // workers inside a column
export const FAILED = 2; // 1 when a worker failed (message in errText)
export const STARTED = 3; // workers that attached

export interface ColumnTask {
  A: CsrMatrix;
  parts: SharedHierarchy;
  columns: Float64Array[];
  at: Int32Array;
  tol: number;
  maxIter: number;
  control: Int32Array;
  results: Float64Array; // [iterations, relResidual, thread] per column
  errText: Uint8Array;
  /** Shared vectors (length >= n) the worker may use as CG work vectors: the caller's idle memory. */
  lend?: Float64Array[];
}

/** Columns taken by this thread until none is left (or another thread failed). */
export function drainColumns(pcg: Pcg, t: ColumnTask, thread: number): void {
  for (;;) {
    const m = Atomics.add(t.control, NEXT, 1);
    if (m >= t.columns.length || Atomics.load(t.control, FAILED) !== 0) return;
    // the unit right-hand side is implicit (no stored b: 8 bytes per unknown per thread)
    const r = pcg.solve(t.at[m], t.columns[m], t.tol, t.maxIter);
    t.results[3 * m] = r.iterations;
    t.results[3 * m + 1] = r.relResidual;
    t.results[3 * m + 2] = thread;
  }
}
