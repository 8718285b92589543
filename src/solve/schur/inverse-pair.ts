/**
 * Two dense SPD inverses at once, one in this thread and one in a worker thread (the road-band model
 * needs one for the circuit and one for the walk: about 50 s each on the demo, independent). Both are
 * done in place; the second matrix must live on a SharedArrayBuffer. The result is bit for bit what
 * spdInverse gives in one thread (the same code on the same numbers).
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { isCompiled } from "../../util/module-url.ts";
import { spdInverse } from "./dense.ts";
import { DONE, FAILED, RUNNING, type InverseTask } from "./inverse-work.ts";

export function spdInversePair(
  A: Float64Array,
  nA: number,
  B: Float64Array,
  nB: number,
  onProgress?: (fractionA: number, fractionB: number) => void,
): void {
  if (!(B.buffer instanceof SharedArrayBuffer)) throw new Error("spdInversePair: the second matrix must be on a SharedArrayBuffer");
  const task: InverseTask = {
    S: B,
    n: nB,
    control: new Int32Array(new SharedArrayBuffer(8)),
    progress: new Float64Array(new SharedArrayBuffer(8)),
    errText: new Uint8Array(new SharedArrayBuffer(1024)),
  };
  const file = fileURLToPath(new URL(isCompiled(import.meta.url) ? "./inverse-worker.js" : "./inverse-worker.cjs", import.meta.url));
  const worker = new Worker(file, { workerData: task });
  worker.unref();
  let mine: unknown = null;
  try {
    spdInverse(A, nA, (f) => onProgress?.(f, task.progress[0]));
  } catch (e) {
    mine = e;
  }
  // A worker that never started (it failed to load) leaves the second inverse to this thread.
  const until = Date.now() + 60_000;
  while (Atomics.load(task.control, 0) === RUNNING) {
    if (Date.now() > until && Atomics.compareExchange(task.control, 1, 0, 2) === 0) {
      void worker.terminate();
      if (mine) throw mine;
      spdInverse(B, nB, (f) => onProgress?.(1, f));
      return;
    }
    Atomics.wait(task.control, 0, RUNNING, 500);
    onProgress?.(1, task.progress[0]);
  }
  void worker.terminate();
  if (mine) throw mine;
  if (Atomics.load(task.control, 0) === FAILED) throw new Error(new TextDecoder().decode(task.errText.slice()).replace(/\0+$/, ""));
  if (Atomics.load(task.control, 0) !== DONE) throw new Error("spdInversePair: the worker thread stopped without a result");
}
