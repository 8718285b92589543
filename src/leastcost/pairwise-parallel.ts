import { availableParallelism } from "node:os";
import type { Grid } from "../grid/grid.ts";
import { createPool } from "../parallel/pool.ts";
import { moduleUrl } from "../util/module-url.ts";
import type { FocalRegions } from "./focal.ts";
import { checkNeighbors, type Neighbors, stepLengths } from "./neighbors.ts";
import { type PairwiseDistances, pairwiseDistances } from "./pairwise.ts";
import { checkResistance } from "./resistance-check.ts";

/** What every worker reads: views over SharedArrayBuffers, so the grids exist once in memory. */
export interface PairwiseShared {
  res: Float32Array | Float64Array;
  labels: Int32Array;
  /** All regions' cells, concatenated; region i is cells[starts[i] .. starts[i + 1]). */
  cells: Int32Array;
  starts: Int32Array;
  width: number;
  height: number;
  neighbors: Neighbors;
  stepLength: Float64Array;
}

function shared<T extends Float32Array | Float64Array | Int32Array>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/**
 * pairwiseDistances with its k-1 independent early-stopping searches spread over worker threads (the
 * resistance and labels shared, not copied; each thread adds one Float64 cost array). Same numbers as the
 * single-threaded version. Worth it from about a million cells: starting a thread costs a fraction of a second.
 */
export async function pairwiseDistancesParallel(
  res: Grid,
  regions: FocalRegions,
  opts: { neighbors?: Neighbors; threads?: number; file?: string } = {},
): Promise<PairwiseDistances> {
  const neighbors = checkNeighbors(opts.neighbors ?? 8);
  const k = regions.ids.length;
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), k - 1));
  if (threads <= 1) return pairwiseDistances(res, regions, { neighbors, file: opts.file });
  checkResistance(res, opts.file);
  const starts = new Int32Array(k + 1);
  for (let i = 0; i < k; i++) starts[i + 1] = starts[i] + regions.cells[i].length;
  const cells = new Int32Array(new SharedArrayBuffer(starts[k] * 4));
  for (let i = 0; i < k; i++) cells.set(regions.cells[i], starts[i]);
  const data: PairwiseShared = {
    res: shared(res.data),
    labels: shared(regions.labels),
    cells,
    starts,
    width: res.width,
    height: res.height,
    neighbors,
    stepLength: stepLengths(res.transform, neighbors),
  };
  const pool = createPool<{ i: number }, { distances: number[]; settled: number }>(
    moduleUrl("./pairwise-worker.ts", import.meta.url),
    threads,
    data,
  );
  try {
    const rows = await Promise.all(Array.from({ length: k - 1 }, (_, i) => pool.run({ i })));
    const distance = new Float64Array(k * k);
    let settled = 0;
    rows.forEach((row, i) => {
      settled += row.settled;
      row.distances.forEach((d, m) => {
        const j = i + 1 + m;
        distance[i * k + j] = d;
        distance[j * k + i] = d;
      });
    });
    return { ids: regions.ids.slice(), distance, settled };
  } finally {
    await pool.close();
  }
}
