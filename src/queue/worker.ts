/**
 * `crossway worker`: take scenario jobs from the queue and evaluate them, N at a time on worker
 * threads. Inputs are fetched by hash and cached (blob-store.ts). Refusals and failures:
 * - a job made by another ENGINE_VERSION, or whose landscape blob was made by one, is refused with
 *   a message (UnrecoverableError: failed once, not retried), never computed into a different number;
 * - an error from the evaluation itself is deterministic (same input, same error): failed once;
 * - anything else (a thread that died, Redis away) is thrown as is: BullMQ retries it with backoff.
 * A worker killed outright loses nothing: its lock lapses and BullMQ's stalled-job check hands the
 * job to another worker.
 */
import { hostname } from "node:os";
import { type Job, UnrecoverableError, Worker } from "bullmq";
import { createPool, type Pool } from "../parallel/pool.ts";
import type { Evaluation } from "../scenario/evaluate.ts";
import { ENGINE_VERSION } from "../scenario/study.ts";
import { moduleUrl } from "../util/module-url.ts";
import { BlobCache, BlobMissingError, defaultCacheDir } from "./blob-store.ts";
import { bullConnection, connectRedis } from "./connection.ts";
import { QUEUE_NAME, QUEUE_PREFIX, type ScenarioJobData, type ScenarioJobResult } from "./job.ts";
import { decodeLandscape, type LandscapeParts } from "./landscape-blob.ts";
import type { ThreadTask } from "./thread.ts";
import type { QueueUrl } from "./url.ts";

export interface WorkerOptions {
  concurrency: number;
  cacheDir?: string;
  /** How long a job's lock lasts without renewal: a killed worker's job is taken over after about this long. */
  lockMs?: number;
  log?: (line: string) => void;
  /** Engine version this worker claims (tests use it to play an outdated worker). */
  engine?: string;
}

export interface RunningWorker {
  /** Finish the running jobs, then disconnect. */
  close(): Promise<void>;
  readonly done: Promise<void>;
}

/** Default lock: BullMQ's 30 s, overridable (tests shorten it) by CROSSWAY_QUEUE_LOCK_MS. */
export function lockMsFromEnv(): number {
  const raw = process.env.CROSSWAY_QUEUE_LOCK_MS;
  const n = raw === undefined ? 30_000 : Number(raw);
  return Number.isInteger(n) && n >= 500 ? n : 30_000;
}

/** Decoded landscapes by hash (a worker usually sees one or a few per sweep). */
class LandscapeCache {
  private readonly decoded = new Map<string, Promise<LandscapeParts>>();
  constructor(private readonly blobs: BlobCache) {}
  get(hash: string): Promise<LandscapeParts> {
    let p = this.decoded.get(hash);
    if (!p) {
      if (this.decoded.size >= 4) this.decoded.delete(this.decoded.keys().next().value!);
      p = this.blobs.get(hash).then(decodeLandscape);
      // A failed fetch is not cached: the next job tries again.
      p.catch(() => this.decoded.delete(hash));
      this.decoded.set(hash, p);
    }
    return p;
  }
}

export async function startWorker(url: QueueUrl, opts: WorkerOptions): Promise<RunningWorker> {
  const log = opts.log ?? (() => {});
  const engine = opts.engine ?? ENGINE_VERSION;
  const redis = await connectRedis(url);
  const landscapes = new LandscapeCache(new BlobCache(redis, opts.cacheDir ?? defaultCacheDir()));
  const pool: Pool<ThreadTask, Evaluation> = createPool(moduleUrl("./thread.ts", import.meta.url), opts.concurrency, null);
  const me = `${hostname()}:${process.pid}`;
  // Delay before each evaluation, for the tests that kill a worker in the middle of a job.
  const testDelay = Number(process.env.CROSSWAY_QUEUE_TEST_DELAY_MS ?? 0);

  const processor = async (job: Job<ScenarioJobData, ScenarioJobResult>): Promise<ScenarioJobResult> => {
    const d = job.data;
    if (d.engine !== engine) {
      const msg = `refused by worker ${me}: the job was made by engine ${d.engine}, this worker runs engine ${engine}; run the same crossway version on the coordinator and every worker`;
      log(`job ${d.name} (${job.id}): ${msg}`);
      throw new UnrecoverableError(msg);
    }
    let parts: LandscapeParts;
    try {
      parts = await landscapes.get(d.blobs.landscape);
    } catch (err) {
      if (err instanceof BlobMissingError) throw new UnrecoverableError(`worker ${me}: ${err.message}`);
      throw err;
    }
    if (parts.engine !== engine) {
      const msg = `refused by worker ${me}: landscape blob ${d.blobs.landscape} was prepared by engine ${parts.engine}, this worker runs engine ${engine}`;
      log(`job ${d.name} (${job.id}): ${msg}`);
      throw new UnrecoverableError(msg);
    }
    log(`started ${d.name} (${job.id})`);
    if (testDelay > 0) await new Promise((r) => setTimeout(r, testDelay));
    const t0 = performance.now();
    let evaluation: Evaluation;
    try {
      // One solver thread per scenario while others run beside it, as a local sweep does.
      evaluation = await pool.run({
        hash: d.blobs.landscape,
        parts,
        scenario: d.scenario,
        analysis: d.analysis,
        threads: opts.concurrency > 1 ? 1 : undefined,
      });
    } catch (err) {
      // An error thrown by the evaluation comes back as an Error; a thread that died does not
      // finish the task normally (piscina rejects with its own message): let BullMQ retry that.
      if (err instanceof Error && /worker (exited|terminated)|Terminating worker thread/i.test(err.message)) throw err;
      throw new UnrecoverableError(err instanceof Error ? err.message : String(err));
    }
    const seconds = (performance.now() - t0) / 1000;
    log(`done ${d.name} in ${seconds.toFixed(2)} s`);
    return { evaluation, seconds, worker: me };
  };

  const lockMs = opts.lockMs ?? lockMsFromEnv();
  const worker = new Worker<ScenarioJobData, ScenarioJobResult>(QUEUE_NAME, processor, {
    connection: bullConnection(url),
    prefix: QUEUE_PREFIX,
    concurrency: opts.concurrency,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    // A job is handed over after a stall twice before it counts as failed (a worker killed twice on it).
    maxStalledCount: 2,
  });
  worker.on("error", (err) => log(`queue error: ${err.message}`));
  await worker.waitUntilReady();
  let closing: Promise<void> | null = null;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const close = () =>
    (closing ??= (async () => {
      await worker.close();
      await pool.close();
      redis.disconnect();
      resolveDone();
    })());
  return { close, done };
}
