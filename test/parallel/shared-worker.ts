// Test worker: writes into the shared array it got through workerData and reports what it saw.
import { workerData } from "piscina";

export default function run(task: { i: number; value: number }): { shared: boolean; sum: number } {
  const a = (workerData as { a: Float64Array }).a;
  a[task.i] = task.value;
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += a[k];
  return { shared: a.buffer instanceof SharedArrayBuffer, sum };
}
