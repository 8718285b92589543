/**
 * What the calling thread and the worker threads of solveUnitColumns (columns.ts) share: the task
 * layout in shared memory and the loop that takes columns from the atomic counter.
 */
import type { Pcg } from "./pcg.ts";
import type { SharedHierarchy } from "./shared-amg.ts";
import type { SymMatrix } from "./types.ts";

/** control slots */
export const NEXT = 0; // next column to take
export const BUSY = 1; // workers inside a column
export const FAILED = 2; // 1 when a worker failed (message in errText)
export const STARTED = 3; // workers that attached

export interface ColumnTask {
  A: SymMatrix;
  /** The hierarchy on shared memory; null when this thread works alone (no worker attaches). */
  parts: SharedHierarchy | null;
  columns: Float64Array[];
  at: Int32Array;
  tol: number;
  maxIter: number;
  control: Int32Array;
  results: Float64Array; // [iterations, relResidual, thread] per column
  errText: Uint8Array;
  /** Shared vectors (length >= n) the worker may use as CG work vectors: the caller's idle memory. */
  lend?: Float64Array[];
  /**
   * Probe mode (columns is empty): each thread solves into its own scratch vector and keeps only the
   * entries at these unknowns, in probeOut[m * probe.length + j] - what effective resistances need,
   * without holding one n-vector per column.
   */
  probe?: Int32Array;
  probeOut?: Float64Array;
}

/**
 * Columns taken by this thread until none is left (or another thread failed).
 * @param scratch probe mode only: this thread's solution vector (length n), private to the thread
 */
export function drainColumns(pcg: Pcg, t: ColumnTask, thread: number, scratch?: Float64Array): void {
  const probe = t.probe;
  for (;;) {
    const m = Atomics.add(t.control, NEXT, 1);
    if (m >= t.at.length || Atomics.load(t.control, FAILED) !== 0) return;
    let x: Float64Array;
    if (probe) {
      x = scratch!;
      x.fill(0); // the same zero initial guess as a fresh column: bitwise the same solve
    } else x = t.columns[m];
    // the unit right-hand side is implicit (no stored b: 8 bytes per unknown per thread)
    const r = pcg.solve(t.at[m], x, t.tol, t.maxIter);
    if (probe) {
      const out = t.probeOut!;
      const base = m * probe.length;
      for (let j = 0; j < probe.length; j++) out[base + j] = x[probe[j]];
    }
    t.results[3 * m] = r.iterations;
    t.results[3 * m + 1] = r.relResidual;
    t.results[3 * m + 2] = thread;
  }
}
