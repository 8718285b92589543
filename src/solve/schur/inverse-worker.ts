/**
 * Worker thread of spdInversePair (inverse-pair.ts): inverts its shared matrix in place and reports
 * through shared memory only (the parent thread is busy with the other inverse, then waits on the
 * control word).
 */
import { workerData } from "node:worker_threads";
import { spdInverse } from "./dense.ts";
import { DONE, FAILED, type InverseTask } from "./inverse-work.ts";

const task = workerData as InverseTask;
// Claim the matrix, unless the parent gave up waiting and took it back (control[1] = 2).
if (Atomics.compareExchange(task.control, 1, 0, 1) === 0) invert();

function invert(): void {
  try {
    spdInverse(task.S, task.n, (f) => (task.progress[0] = f));
    Atomics.store(task.control, 0, DONE);
  } catch (e) {
    task.errText.set(new TextEncoder().encode(e instanceof Error ? e.message : String(e)).subarray(0, task.errText.length));
    Atomics.store(task.control, 0, FAILED);
  } finally {
    Atomics.notify(task.control, 0);
  }
}
