/**
 * Fail early: the memory a circuit run will need, estimated before anything big is allocated, against
 * the memory this machine can give, so that a grid too large for it stops with a clear message instead
 * of dying half-way (Node is killed by the kernel when it runs out; there is no swap to slow it down).
 *
 * The constants are measured peaks (bench/README.md; pairwise, 8 neighbours, 1000^2 to 3000^2, the
 * compiled CLI with its allocator setting), rounded up so that the estimate stays 0-15 % above them:
 *   runtime  Node + the loaded modules, about 80 MB;
 *   per cell input grid(s) and per-cell maps (nodeOfCell, regions, outputs): 24 B;
 *   per node the symmetric Laplacian (diagonal + each edge once: about 62 B), the AMG hierarchy (about
 *            45 B), CG vectors, component lists and the setup's transient arrays (the lower-triangle
 *            index, the prolongator's scratch): 160 B;
 *   and 8 B per node for each voltage column kept at once (k-1 for k focal regions in pairwise, 1 -
 *            the scratch solution - for resistances only, which for tied region pairs is instead their
 *            warm-start slots, 4 x 4 B, against no solution vector per thread); the other modes add the node vectors they
 *            hold beyond pairwise's at the peak as columns: see ONE_TO_ALL_EXTRA_VECTORS in onetoall.ts
 *            and ADVANCED_COLUMNS in advanced.ts).
 * Typed arrays live outside the V8 heap, so the heap limit (--max-old-space-size) is not what binds:
 * the machine's memory is.
 */
import { freemem, totalmem } from "node:os";
import { CrosswayError } from "../util/errors.ts";

export const RUNTIME_BYTES = 80e6;
export const BYTES_PER_CELL = 24;
export const BYTES_PER_NODE = 160;

/** Per node, per worker thread beyond the first: its CG vectors, solution and V-cycle vectors, its isolate (measured 16-30 B). */
export const BYTES_PER_NODE_PER_EXTRA_THREAD = 32;

/** Estimated peak bytes of a solve-based run: `columns` Float64 voltage columns of `nodes` entries kept at once. */
export function circuitBytes(cells: number, nodes: number, columns: number, extraThreads = 0): number {
  return RUNTIME_BYTES + BYTES_PER_CELL * cells + (BYTES_PER_NODE + 8 * columns + BYTES_PER_NODE_PER_EXTRA_THREAD * extraThreads) * nodes;
}

/** Upper bound on the graph's nodes before it is built: the cells with a value (the graph drops nodata and barriers). */
export function nodeBound(data: ArrayLike<number>): number {
  let valued = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === data[i]) valued++;
  return valued;
}

/** Memory this process can still count on: what is free now plus what it already holds, within any cgroup limit. */
export function availableMemory(): { bytes: number; total: number } {
  const total = totalmem();
  const constrained = typeof process.constrainedMemory === "function" ? process.constrainedMemory() : 0;
  const cap = constrained && constrained > 0 && constrained < total ? constrained : total;
  return { bytes: Math.min(cap, freemem() + process.memoryUsage().rss), total: cap };
}

/** Bytes for a message: "37 GB", "2.6 GB", "420 MB". */
export const gb = (b: number): string =>
  b >= 10e9 ? `${(b / 1e9).toFixed(0)} GB` : b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(b / 1e6))} MB`;
const mcells = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)} M` : n >= 1e4 ? `${Math.round(n / 1e3)} k` : String(n);

/**
 * Throws a CrosswayError when `need` bytes exceed `limit` (default: availableMemory()).
 * @param what e.g. "pairwise with 5 focal regions"
 */
export function checkMemory(need: number, cells: number, what: string, limit?: number): void {
  const avail = availableMemory();
  const lim = limit ?? avail.bytes;
  if (need <= lim) return;
  const has =
    limit !== undefined ? `the memory limit is ${gb(limit)}` : `this machine has ${gb(avail.bytes)} available (${gb(avail.total)} in all)`;
  throw new CrosswayError(
    `${what} on ${mcells(cells)} cells needs about ${gb(need)} of memory; ${has}. ` +
      `Use a coarser grid (aggregate cells), a mask or a smaller extent, fewer focal regions, or a machine with more memory`,
  );
}
