/**
 * Worker thread of solveUnitColumns (columns.ts): attaches to the shared matrix and AMG hierarchy,
 * takes columns from the shared counter until none is left, and reports through shared memory only
 * (the parent thread is blocked in Atomics.wait, so it could not read messages).
 */
import { threadId, workerData } from "node:worker_threads";
import { BUSY, drainColumns, FAILED, STARTED, type ColumnTask } from "./column-work.ts";
import { Pcg } from "./pcg.ts";
import { attachHierarchy } from "./shared-amg.ts";

const task = workerData as ColumnTask;
// Enter BUSY before taking a column, so the parent never sees "no worker busy" while one holds a column.
Atomics.add(task.control, BUSY, 1);
try {
  const h = attachHierarchy(task.parts!);
  const pcg = new Pcg(task.A, (r, z) => h.apply(r, z), task.lend ?? []);
  Atomics.add(task.control, STARTED, 1);
  Atomics.notify(task.control, STARTED);
  drainColumns(pcg, task, Math.max(1, threadId), task.probe ? new Float64Array(task.A.n) : undefined);
} catch (e) {
  const bytes = new TextEncoder().encode(e instanceof Error ? e.message : String(e)).subarray(0, task.errText.length);
  task.errText.set(bytes);
  Atomics.store(task.control, FAILED, 1);
} finally {
  Atomics.sub(task.control, BUSY, 1);
  Atomics.notify(task.control, BUSY);
}
