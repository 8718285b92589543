/**
 * Unit-right-hand-side solves A x_m = e_{i_m} (the columns of a grounded Green's function, what
 * pairwise circuit mode needs) on several threads at once. The matrix and the AMG hierarchy are
 * shared through SharedArrayBuffer - built once, in this thread - and each worker thread runs CG with
 * its own work vectors (about 36 bytes per unknown per extra thread).
 *
 * The call is synchronous, so the library API stays synchronous: this thread solves columns too and
 * then blocks in Atomics.wait until the workers are done. Columns are handed out through an atomic
 * counter, so a worker that is still starting (tsx takes a second or two) simply gets fewer of them,
 * and results are bitwise those of the single-threaded solve: the same operations on the same data.
 */
import { cpus } from "node:os";
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import type { AmgHierarchy } from "./amg.ts";
import { Pcg, SolverError } from "./pcg.ts";
import { BUSY, drainColumns, FAILED, STARTED, type ColumnTask } from "./column-work.ts";
import { isSharedSym, shareHierarchy, shareTyped } from "./shared-amg.ts";
import { collectGarbage } from "./gc.ts";
import type { SolveResult, SymMatrix } from "./types.ts";
import { isCompiled } from "../util/module-url.ts";

/** Default thread count: 2 threads pay from about this many unknowns (bench/README.md). */
export const THREADS_MIN_UNKNOWNS = 250_000;

export function defaultThreads(n: number): number {
  return n >= THREADS_MIN_UNKNOWNS ? Math.min(2, cpus().length) : 1;
}

/**
 * x_m = A^-1 e_{at[m]} for every m, with `threads` threads (this one included).
 * @param A the finest matrix, the one `h` was built for; on SharedArrayBuffer (shareSym) when threads > 1
 * @param h its AMG hierarchy: its arrays are moved to shared memory in place when threads > 1
 * @param pcg this thread's CG on A preconditioned by h
 * @param probe when given, no column is kept: only the entries at these unknowns, in `probes`
 *        (m * probe.length + j), one scratch n-vector per thread instead of one per column
 * @returns the columns (on SharedArrayBuffer; empty with a probe) and each solve's result
 */
export function solveUnitColumns(
  A: SymMatrix,
  h: AmgHierarchy,
  pcg: Pcg,
  at: number[],
  tol: number,
  maxIter: number,
  threads: number,
  awaitWorkers = false,
  lend: Float64Array[] = [],
  probe?: Int32Array,
): { columns: Float64Array[]; results: SolveResult[]; workerColumns: number; probes?: Float64Array } {
  const k = at.length;
  const nWorkers = Math.max(0, Math.min(threads, k) - 1);
  if (nWorkers > 0 && !isSharedSym(A)) throw new Error("solveUnitColumns: the matrix must be on SharedArrayBuffer (shareSym)");
  const shared = (bytes: number) => (nWorkers > 0 ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const task: ColumnTask = {
    A,
    parts: nWorkers > 0 ? shareHierarchyAndCollect(h) : null,
    columns: probe ? [] : Array.from({ length: k }, () => new Float64Array(shared(8 * A.n))),
    probe: probe ? (nWorkers > 0 ? shareTyped(probe) : probe) : undefined,
    probeOut: probe ? new Float64Array(shared(8 * k * probe.length)) : undefined,
    at: shareTyped(Int32Array.from(at)),
    tol,
    maxIter,
    control: new Int32Array(new SharedArrayBuffer(16)),
    results: new Float64Array(new SharedArrayBuffer(24 * Math.max(1, k))),
    errText: new Uint8Array(new SharedArrayBuffer(2048)),
  };
  // From the sources the worker needs tsx's CommonJS shim (column-worker.cjs); compiled, it is plain JS.
  const file = fileURLToPath(new URL(isCompiled(import.meta.url) ? "./column-worker.js" : "./column-worker.cjs", import.meta.url));
  const workers: Worker[] = [];
  for (let w = 0; w < nWorkers; w++) {
    // lent vectors (shared, idle in the caller while the columns are solved) go to the first worker only
    const lent = w === 0 ? lend.filter((v) => v.buffer instanceof SharedArrayBuffer && v.length >= A.n) : [];
    const worker = new Worker(file, { workerData: { ...task, lend: lent } });
    worker.unref();
    workers.push(worker);
  }
  // Tests make every worker attach before this thread starts, so that the workers surely solve some columns.
  // (at most a minute: a worker that failed to load never attaches, and this thread then works alone).
  const until = Date.now() + 60_000;
  if (awaitWorkers)
    while (Atomics.load(task.control, STARTED) < nWorkers && Date.now() < until)
      Atomics.wait(task.control, STARTED, Atomics.load(task.control, STARTED), 100);
  let mine: unknown = null;
  try {
    drainColumns(pcg, task, 0, probe ? new Float64Array(A.n) : undefined);
  } catch (e) {
    mine = e;
    Atomics.store(task.control, FAILED, 1);
  }
  // A worker that has not attached yet finds no column left and leaves; wait only for those inside one.
  while (Atomics.load(task.control, BUSY) > 0) Atomics.wait(task.control, BUSY, Atomics.load(task.control, BUSY), 1000);
  for (const w of workers) void w.terminate();
  if (mine) throw mine;
  if (Atomics.load(task.control, FAILED) !== 0) {
    const text = new TextDecoder().decode(task.errText.slice()).replace(/\0+$/, "");
    throw new SolverError(`solver worker thread: ${text}`, 0, NaN);
  }
  const results: SolveResult[] = [];
  let workerColumns = 0;
  for (let m = 0; m < k; m++) {
    results.push({ iterations: task.results[3 * m], relResidual: task.results[3 * m + 1] });
    if (task.results[3 * m + 2] > 0) workerColumns++;
  }
  return { columns: task.columns, results, workerColumns, probes: task.probeOut };
}

/** The private copy of the hierarchy is garbage once shared: collected before the columns are allocated. */
function shareHierarchyAndCollect(h: AmgHierarchy) {
  return shareHierarchy(h, collectGarbage);
}
