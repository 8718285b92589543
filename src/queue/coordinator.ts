/**
 * The coordinator side of a queue sweep, in place of executeJobs: store each land's prepared
 * landscape as a blob, enqueue one job per scenario not yet in DIR/scenarios (job id = result key),
 * and write each finished job's result into the same content-keyed store a local sweep uses, as it
 * arrives. So a queue sweep and a local sweep resume each other, and the tables, maps and report
 * are drawn from the store exactly as a local sweep draws them.
 *
 * A restarted coordinator enqueues the same ids (no-ops for jobs that exist), then collects every
 * job that finished while it was away. A job that failed is retried once per coordinator run (as a
 * local rerun retries its failures), never in a loop.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { Job, Queue, QueueEvents } from "bullmq";
import { createProgress } from "../parallel/progress.ts";
import type { ExecuteOptions, ExecuteSummary, StoredResult } from "../scenario/execute.ts";
import { ResultStore } from "../scenario/store.ts";
import { ENGINE_VERSION, type Job as ScenarioJob, type Study } from "../scenario/study.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { putBlob } from "./blob-store.ts";
import { bullConnection, connectRedis } from "./connection.ts";
import { ATTEMPTS, QUEUE_NAME, QUEUE_PREFIX, type ScenarioJobData, type ScenarioJobResult } from "./job.ts";
import { encodeLandscape, landscapeParts } from "./landscape-blob.ts";
import type { QueueUrl } from "./url.ts";

/** How often the coordinator also asks Redis for the state of every unfinished job (events can be missed across a reconnect); events are the usual path, so rarely: it costs two calls per job. */
const RECONCILE_MS = 30_000;

export async function executeOnQueue(
  url: QueueUrl,
  study: Study,
  jobs: ScenarioJob[],
  outDir: string,
  opts: ExecuteOptions,
): Promise<ExecuteSummary> {
  const t0 = performance.now();
  const store = new ResultStore(outDir);
  const unique = new Map<string, ScenarioJob>();
  for (const j of jobs) if (!unique.has(j.key)) unique.set(j.key, j);
  const todo = [...unique.values()].filter((j) => !store.has(j.key));
  const summary: ExecuteSummary = {
    total: unique.size,
    skipped: unique.size - todo.length,
    done: 0,
    failed: [],
    interrupted: false,
    seconds: 0,
  };
  if (todo.length === 0) return { ...summary, seconds: (performance.now() - t0) / 1000 };

  const redis = await connectRedis(url);
  const connection = bullConnection(url);
  const queue = new Queue<ScenarioJobData, ScenarioJobResult, string>(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
  const events = new QueueEvents(QUEUE_NAME, { connection, prefix: QUEUE_PREFIX });
  const progress = createProgress(opts.label ?? "sweep", todo.length, { quiet: opts.quiet });
  const pending = new Map(todo.map((j) => [j.key, j]));
  let finish!: () => void;
  const allDone = new Promise<void>((r) => (finish = r));
  let stopping = false;
  const stop = () => {
    stopping = true;
    summary.interrupted = true;
    finish();
  };
  const onSigint = () => {
    if (!opts.quiet)
      process.stderr.write(
        "\ninterrupted: the queued jobs stay in Redis and the workers go on; run the same command again to collect them\n",
      );
    stop();
  };
  process.on("SIGINT", onSigint);

  // One result at a time, in a chain: a job can be reported by an event and by a reconcile, and the
  // sweep is done only once the last result is on disk (not when the last one starts being written).
  // A result that cannot be stored (disk full) stops the coordinator with that error.
  let chain = Promise.resolve();
  let fatal: unknown;
  const record = (key: string, outcome: { result?: ScenarioJobResult; error?: string }): Promise<void> =>
    (chain = chain
      .then(() => (fatal === undefined ? recordNow(key, outcome) : undefined))
      .catch((err: unknown) => {
        fatal ??= err;
        finish();
      }));
  const recordNow = async (key: string, outcome: { result?: ScenarioJobResult; error?: string }) => {
    const job = pending.get(key);
    if (!job) return;
    pending.delete(key);
    if (outcome.result) {
      const rec: StoredResult = { key, scenario: job.scenario, evaluation: outcome.result.evaluation, seconds: outcome.result.seconds };
      await store.put(key, rec);
      rmSync(join(outDir, "failed", `${key}.json`), { force: true });
      summary.done++;
      progress.tick();
    } else {
      const error = outcome.error ?? "failed";
      summary.failed.push({ name: job.name, key, error });
      await writeFileAtomic(
        join(outDir, "failed", `${key}.json`),
        `${JSON.stringify({ key, name: job.name, scenario: job.scenario, error }, null, 1)}\n`,
      );
      progress.tick(true);
    }
    if (opts.stopAfter !== undefined && summary.done + summary.failed.length >= opts.stopAfter && pending.size > 0) stop();
    if (pending.size === 0) finish();
  };
  const check = async (key: string) => {
    // The state first, then the job: finished states are final, so what is read next is complete.
    // A job counts as failed only once it is in the failed set (not while it waits for a retry).
    const state = await queue.getJobState(key);
    if (state !== "completed" && state !== "failed") return;
    const job = await Job.fromId<ScenarioJobData, ScenarioJobResult>(queue, key);
    if (!job) return;
    if (state === "completed") await record(key, { result: job.returnvalue });
    else await record(key, { error: job.failedReason });
  };

  let timer: NodeJS.Timeout | undefined;
  try {
    // Listen before enqueueing, so no job can finish unseen between the two.
    events.on("completed", ({ jobId }) => void check(jobId).catch(() => {}));
    events.on("failed", ({ jobId }) => void check(jobId).catch(() => {}));
    await events.waitUntilReady();

    // One blob per land: a worker fetches only the lands its jobs use.
    const blobOf = new Map<string, string>();
    for (const j of todo) {
      if (!blobOf.has(j.landKey))
        blobOf.set(j.landKey, await putBlob(redis, encodeLandscape(landscapeParts(study, j.landKey, ENGINE_VERSION))));
    }
    const analysis = study.config.analysis;
    // Failed jobs of an earlier run are retried now (a rerun retries failures, as a local sweep does).
    for (const j of todo) {
      const existing = await Job.fromId(queue, j.key);
      if (existing && (await existing.getState()) === "failed") await existing.retry("failed");
    }
    await queue.addBulk(
      todo.map((j) => ({
        name: "scenario",
        data: { name: j.name, engine: ENGINE_VERSION, blobs: { landscape: blobOf.get(j.landKey)! }, scenario: j.scenario, analysis },
        opts: { jobId: j.key, attempts: ATTEMPTS, backoff: { type: "exponential", delay: 1000 } },
      })),
    );
    if (!opts.quiet)
      process.stderr.write(`queued ${todo.length} scenario(s) on ${url.display}; waiting for workers (\`crossway worker --queue URL\`)\n`);
    // Jobs that finished before we listened (a restarted coordinator): collect them now, and
    // every few seconds after, in case an event was lost while Redis was away.
    const reconcile = async () => {
      for (const key of [...pending.keys()]) {
        if (stopping) return;
        await check(key);
      }
    };
    await reconcile();
    const tick = () => {
      timer = setTimeout(
        () =>
          void reconcile()
            .catch(() => {})
            .finally(() => !stopping && pending.size > 0 && tick()),
        RECONCILE_MS,
      );
    };
    if (pending.size > 0) tick();
    await allDone;
    await chain;
    if (fatal !== undefined) throw fatal;
  } finally {
    clearTimeout(timer);
    process.off("SIGINT", onSigint);
    progress.stop();
    await events.close();
    await queue.close();
    redis.disconnect();
  }
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}
