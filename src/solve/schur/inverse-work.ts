/**
 * Shared state of an spdInverse done in a worker thread (inverse-pair.ts): the matrix (on a
 * SharedArrayBuffer, inverted in place), a control word, the worker's progress and its error text.
 */
export interface InverseTask {
  S: Float64Array;
  n: number;
  /** [0]: 0 running, 1 done, 2 failed; [1]: who inverts S: 0 not yet claimed, 1 the worker, 2 the parent (the worker never started). */
  control: Int32Array;
  /** [0]: the worker's progress, 0..1. */
  progress: Float64Array;
  errText: Uint8Array;
}

export const RUNNING = 0;
export const DONE = 1;
export const FAILED = 2;
