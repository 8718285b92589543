/**
 * Tied pair solves (tied.ts) on several threads: the effective resistance of each pair, no vector kept
 * (what a run that writes no map needs). The matrix and the AMG hierarchy are shared, as for
 * solveUnitColumns (columns.ts); every thread runs its own tied CG with its own vectors, and pairs are
 * handed out through an atomic counter, so the results are bitwise those of one thread.
 */
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import type { AmgHierarchy } from "./amg.ts";
import { SolverError } from "./pcg.ts";
import { isSharedSym, shareHierarchy, shareTyped } from "./shared-amg.ts";
import { collectGarbage } from "./gc.ts";
import { TiedPcg } from "./tied.ts";
import { BUSY, drainTiedPairs, FAILED, STARTED, type TiedTask } from "./tied-work.ts";
import type { SolveResult, SymMatrix } from "./types.ts";
import { isCompiled } from "../util/module-url.ts";

/** One pair: its two regions' unknowns, and which of them holds the matrix's ground (0: neither). */
export interface TiedPair {
  A: Int32Array;
  B: Int32Array;
  pinned: 0 | 1 | 2;
  /**
   * Warm starts (tied-work.ts), for pairs given after those that fill their slots: `fills` keeps this
   * pair's solution (a pair with the ground's region) in that slot; `guess` starts from
   * slot(guess[0]) - slot(guess[1]). Each slot costs 4 bytes per unknown.
   */
  fills?: number;
  guess?: [number, number];
}

export function solveTiedPairs(
  A: SymMatrix,
  h: AmgHierarchy,
  cg: TiedPcg,
  pairs: TiedPair[],
  tol: number,
  maxIter: number,
  threads: number,
  awaitWorkers = false,
): { r: Float64Array; results: SolveResult[]; workerPairs: number } {
  const k = pairs.length;
  const nWorkers = Math.max(0, Math.min(threads, k) - 1);
  if (nWorkers > 0 && !isSharedSym(A)) throw new Error("solveTiedPairs: the matrix must be on SharedArrayBuffer (shareSym)");
  let total = 0;
  for (const p of pairs) total += p.A.length + p.B.length;
  const spec = new Int32Array(4 * k);
  const idx = new Int32Array(total);
  let at = 0;
  pairs.forEach((p, i) => {
    spec[4 * i] = at;
    spec[4 * i + 1] = p.A.length;
    idx.set(p.A, at);
    at += p.A.length;
    spec[4 * i + 2] = at;
    spec[4 * i + 3] = p.B.length;
    idx.set(p.B, at);
    at += p.B.length;
  });
  let nSlots = 0;
  const warm = new Int32Array(3 * k).fill(-1);
  pairs.forEach((p, i) => {
    if (p.fills !== undefined) {
      warm[3 * i] = p.fills;
      nSlots = Math.max(nSlots, p.fills + 1);
    }
    if (p.guess) [warm[3 * i + 1], warm[3 * i + 2]] = p.guess;
  });
  const task: TiedTask = {
    A,
    parts: nWorkers > 0 ? shareHierarchy(h, collectGarbage) : null,
    spec: shareTyped(spec),
    idx: shareTyped(idx),
    pinned: shareTyped(Int32Array.from(pairs, (p) => p.pinned)),
    tol,
    maxIter,
    control: new Int32Array(new SharedArrayBuffer(16)),
    results: new Float64Array(new SharedArrayBuffer(32 * Math.max(1, k))),
    errText: new Uint8Array(new SharedArrayBuffer(2048)),
    warm: shareTyped(warm),
    slots: nSlots > 0 ? new Float32Array(new SharedArrayBuffer(4 * nSlots * A.n)) : null,
    filled: new Int32Array(new SharedArrayBuffer(4 * Math.max(1, nSlots))),
  };
  const file = fileURLToPath(new URL(isCompiled(import.meta.url) ? "./tied-worker.js" : "./tied-worker.cjs", import.meta.url));
  const workers: Worker[] = [];
  for (let w = 0; w < nWorkers; w++) {
    const worker = new Worker(file, { workerData: task });
    worker.unref();
    workers.push(worker);
  }
  const until = Date.now() + 60_000;
  if (awaitWorkers)
    while (Atomics.load(task.control, STARTED) < nWorkers && Date.now() < until)
      Atomics.wait(task.control, STARTED, Atomics.load(task.control, STARTED), 100);
  let mine: unknown = null;
  try {
    drainTiedPairs(cg, task, 0);
  } catch (e) {
    mine = e;
    Atomics.store(task.control, FAILED, 1);
  }
  while (Atomics.load(task.control, BUSY) > 0) Atomics.wait(task.control, BUSY, Atomics.load(task.control, BUSY), 1000);
  for (const w of workers) void w.terminate();
  if (mine) throw mine;
  if (Atomics.load(task.control, FAILED) !== 0) {
    const text = new TextDecoder().decode(task.errText.slice()).replace(/\0+$/, "");
    throw new SolverError(`solver worker thread: ${text}`, 0, NaN);
  }
  const r = new Float64Array(k);
  const results: SolveResult[] = [];
  let workerPairs = 0;
  for (let p = 0; p < k; p++) {
    r[p] = task.results[4 * p];
    results.push({ iterations: task.results[4 * p + 1], relResidual: task.results[4 * p + 2] });
    if (task.results[4 * p + 3] > 0) workerPairs++;
  }
  return { r, results, workerPairs };
}
