// Faults on a real redis-server, in one process: Redis unreachable or refusing the password, a worker
// of another engine version, a job that fails deterministically - each fails once, clearly, and a
// rerun with a proper worker completes the sweep with the same numbers as a local one.
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectRedis } from "../../src/queue/connection.ts";
import { executeOnQueue } from "../../src/queue/coordinator.ts";
import { ATTEMPTS, QUEUE_NAME, QUEUE_PREFIX } from "../../src/queue/job.ts";
import { parseQueueUrl } from "../../src/queue/url.ts";
import { startWorker } from "../../src/queue/worker.ts";
import { runSweep } from "../../src/scenario/run.ts";
import { ENGINE_VERSION } from "../../src/scenario/study.ts";
import { writeFixture } from "../scenario/fixture.ts";
import { REDIS } from "../support/tools.ts";
import { freePort, type RedisServer, startRedis } from "./redis-server.ts";
import { SMALL_SWEEP } from "./small-sweep.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-queue-faults-"));

describe.skipIf(!REDIS.available)("queue faults", () => {
  let server: RedisServer;
  let sweep: string;
  let reference: string;
  beforeAll(async () => {
    server = await startRedis();
    ({ sweep } = await writeFixture(join(root, "study"), { sweep: SMALL_SWEEP }));
    await runSweep(sweep, join(root, "local"), { workers: 0, maps: false, quiet: true });
    reference = readFileSync(join(root, "local", "results.csv"), "utf8");
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("Redis unreachable, silent or refusing the password: a clear error within seconds, the password never shown", async () => {
    const closed = await freePort();
    let t0 = Date.now();
    await expect(connectRedis(parseQueueUrl(`redis://:hunter2@127.0.0.1:${closed}/0`))).rejects.toThrow(
      /^--queue: cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/0 \(ECONNREFUSED\)/,
    );
    expect(Date.now() - t0).toBeLessThan(3000);
    // A port that accepts connections and never answers.
    const silent: Server = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    t0 = Date.now();
    await expect(connectRedis(parseQueueUrl(`redis://127.0.0.1:${(silent.address() as { port: number }).port}`))).rejects.toThrow(
      /cannot reach Redis .*no answer within 3 s/,
    );
    expect(Date.now() - t0).toBeLessThan(6000);
    silent.close();
    // A server with a password, given the wrong one.
    const locked = await startRedis(["--requirepass", "right-one"]);
    try {
      const err = await connectRedis(parseQueueUrl(`redis://:hunter2@127.0.0.1:${locked.port}`)).catch((e: Error) => e);
      expect(String(err)).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@.*(WRONGPASS|invalid password)/);
      expect(String(err)).not.toContain("hunter2");
      const ok = await connectRedis(parseQueueUrl(`redis://:right-one@127.0.0.1:${locked.port}`));
      expect(await ok.ping()).toBe("PONG");
      ok.disconnect();
    } finally {
      await locked.stop();
    }
  });

  it("a worker of another engine version refuses every job (failed once, not retried); a rerun with a proper worker completes the sweep", async () => {
    const url = parseQueueUrl(`${server.url}/4`);
    const lines: string[] = [];
    const old = await startWorker(url, {
      concurrency: 1,
      cacheDir: join(root, "cache-old"),
      engine: "scenario-0",
      log: (l) => lines.push(l),
    });
    const out = join(root, "refused");
    const first = await runSweep(sweep, out, { maps: false, quiet: true, executor: (...a) => executeOnQueue(url, ...a) });
    await old.close();
    const n = first.summary.total;
    expect(first.summary.done).toBe(0);
    expect(first.summary.failed).toHaveLength(n);
    for (const f of first.summary.failed)
      expect(f.error).toMatch(new RegExp(`made by engine ${ENGINE_VERSION}, this worker runs engine scenario-0`));
    expect(readdirSync(join(out, "failed"))).toHaveLength(n);
    expect(lines.filter((l) => /refused by worker/.test(l))).toHaveLength(n);
    const q = new Queue(QUEUE_NAME, { connection: url.options, prefix: QUEUE_PREFIX });
    const failed = await q.getFailed();
    expect(failed).toHaveLength(n);
    // Refused at the first attempt, and not attempted again (ATTEMPTS would allow more).
    expect(ATTEMPTS).toBeGreaterThan(1);
    for (const j of failed) expect(j.attemptsMade).toBe(1);

    // The rerun retries the failed jobs (as a local rerun retries its failures) on a proper worker.
    const good = await startWorker(url, { concurrency: 2, cacheDir: join(root, "cache-good") });
    const second = await runSweep(sweep, out, { maps: false, quiet: true, executor: (...a) => executeOnQueue(url, ...a) });
    await good.close();
    expect(second.summary.done).toBe(n);
    expect(second.summary.failed).toEqual([]);
    expect(readdirSync(join(out, "failed"))).toHaveLength(0);
    expect(readFileSync(join(out, "results.csv"), "utf8")).toBe(reference);
    expect(await q.getJobCounts("completed", "failed")).toEqual({ completed: n, failed: 0 });
    await q.close();
  });

  it("a job that fails deterministically (bad input) is failed once, with the evaluation's message", async () => {
    const url = parseQueueUrl(`${server.url}/5`);
    // A proper landscape blob (from a real sweep), and a scenario that cannot be evaluated.
    const ok = await startWorker(url, { concurrency: 1, cacheDir: join(root, "cache-bad") });
    const out = join(root, "bad-input");
    await runSweep(sweep, out, { maps: false, quiet: true, executor: (...a) => executeOnQueue(url, ...a) });
    const q = new Queue(QUEUE_NAME, { connection: url.options, prefix: QUEUE_PREFIX });
    const [done] = await q.getCompleted(0, 0);
    const bad = await q.add(
      "scenario",
      { ...done.data, scenario: { ...done.data.scenario, structures: null } },
      { jobId: "bad-input", attempts: ATTEMPTS, backoff: { type: "fixed", delay: 10 } },
    );
    let state = "";
    const t0 = Date.now();
    while (!["failed", "completed"].includes((state = await bad.getState())) && Date.now() - t0 < 20_000)
      await new Promise((r) => setTimeout(r, 50));
    await ok.close();
    const failed = (await q.getJob("bad-input"))!;
    expect(state).toBe("failed");
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toMatch(/null|structures|iterable/i);
    await q.close();
  });
});
