/**
 * Worker thread of solveTiedPairs (tied-pairs.ts): attaches to the shared matrix and AMG hierarchy and
 * takes pairs from the shared counter until none is left; reports through shared memory only (the
 * parent thread is blocked in Atomics.wait).
 */
import { threadId, workerData } from "node:worker_threads";
import { BUSY, drainTiedPairs, FAILED, STARTED, type TiedTask } from "./tied-work.ts";
import { TiedPcg } from "./tied.ts";
import { attachHierarchy } from "./shared-amg.ts";

const task = workerData as TiedTask;
Atomics.add(task.control, BUSY, 1);
try {
  const h = attachHierarchy(task.parts!);
  const cg = new TiedPcg(task.A, (r, z) => h.apply(r, z));
  Atomics.add(task.control, STARTED, 1);
  Atomics.notify(task.control, STARTED);
  drainTiedPairs(cg, task, Math.max(1, threadId));
} catch (e) {
  const bytes = new TextEncoder().encode(e instanceof Error ? e.message : String(e)).subarray(0, task.errText.length);
  task.errText.set(bytes);
  Atomics.store(task.control, FAILED, 1);
} finally {
  Atomics.sub(task.control, BUSY, 1);
  Atomics.notify(task.control, BUSY);
}
