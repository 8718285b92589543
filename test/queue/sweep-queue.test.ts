// End to end on a real redis-server: `crossway sweep --queue` with `crossway worker` processes gives
// the same results.csv, byte for byte, as a local sweep of the same file - also with a worker killed
// (kill -9) in the middle of a job, and with the coordinator killed half-way and started again.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeOnQueue } from "../../src/queue/coordinator.ts";
import { QUEUE_NAME, QUEUE_PREFIX } from "../../src/queue/job.ts";
import { parseQueueUrl } from "../../src/queue/url.ts";
import { runSweep } from "../../src/scenario/run.ts";
import { writeFixture } from "../scenario/fixture.ts";
import { REDIS } from "../support/tools.ts";
import { type RedisServer, startRedis } from "./redis-server.ts";
import { SMALL_SWEEP } from "./small-sweep.ts";

const bin = join(import.meta.dirname, "../../bin/crossway.js");
const root = mkdtempSync(join(tmpdir(), "crossway-queue-"));

interface Proc {
  child: ChildProcess;
  log: () => string;
  exited: Promise<number | null>;
}

function crossway(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, log: () => out, exited };
}

// Generous: on a loaded machine starting a CLI through tsx alone can take tens of seconds.
async function until(what: string, cond: () => boolean, ms = 90_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopWorker(w: Proc): Promise<void> {
  if (w.child.exitCode === null) w.child.kill("SIGTERM");
  await w.exited;
}

const queueSweep = (url: string, sweep: string, out: string) =>
  runSweep(sweep, out, { maps: false, quiet: true, executor: (...a) => executeOnQueue(parseQueueUrl(url), ...a) });

describe.skipIf(!REDIS.available)("sweeps through a Redis queue", { timeout: 300_000 }, () => {
  let server: RedisServer;
  let sweep: string;
  let reference: string;
  // Short locks, so a killed worker's job is handed over in about 2 s rather than BullMQ's 30 s.
  const workerEnv = { CROSSWAY_QUEUE_LOCK_MS: "2000" };

  beforeAll(async () => {
    server = await startRedis();
    ({ sweep } = await writeFixture(join(root, "study"), { sweep: SMALL_SWEEP }));
    const local = await runSweep(sweep, join(root, "local"), { workers: 0, maps: false, quiet: true });
    expect(local.summary.failed).toEqual([]);
    reference = readFileSync(join(root, "local", "results.csv"), "utf8");
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("--solve incremental: the coordinator evaluates on the road band itself (nothing enqueued), the same bytes as a local incremental sweep", async () => {
    const url = `${server.url}/4`;
    const local = await runSweep(sweep, join(root, "local-incremental"), { workers: 0, maps: false, quiet: true, solve: "incremental" });
    expect(local.summary.failed).toEqual([]);
    const out = join(root, "queue-incremental");
    const q = await runSweep(sweep, out, {
      maps: false,
      quiet: true,
      solve: "incremental",
      executor: (...a) => executeOnQueue(parseQueueUrl(url), ...a),
    });
    expect(q.summary.failed).toEqual([]);
    expect(q.summary.done).toBe(readdirSync(join(out, "scenarios")).length);
    expect(readFileSync(join(out, "results.csv"), "utf8")).toBe(readFileSync(join(root, "local-incremental", "results.csv"), "utf8"));
    const queue = new Queue(QUEUE_NAME, { connection: parseQueueUrl(url).options, prefix: QUEUE_PREFIX });
    expect(await queue.getJobCounts("completed", "wait")).toEqual({ completed: 0, wait: 0 });
    await queue.close();
  });

  it("coordinator + two worker processes: the same results.csv as a local sweep; a rerun enqueues nothing new", async () => {
    const url = `${server.url}/1`;
    const env = { ...workerEnv, CROSSWAY_CACHE: join(root, "cache-a") };
    const workers = [
      crossway(["worker", "--queue", url], env),
      crossway(["worker", "--queue", url], { ...env, CROSSWAY_CACHE: join(root, "cache-b") }),
    ];
    try {
      // Both connected before any job is queued, so that each gets a share.
      await until("both workers to connect", () => workers.every((w) => /connected to/.test(w.log())));
      const out = join(root, "two-workers");
      const c = crossway(["sweep", sweep, "--queue", url, "--out", out, "--no-maps"]);
      expect(await c.exited, c.log()).toBe(0);
      expect(readFileSync(join(out, "results.csv"), "utf8")).toBe(reference);
      // Both workers took jobs, and each fetched the landscape once into its own cache.
      for (const w of workers) expect(w.log()).toMatch(/done /);
      expect(readdirSync(join(root, "cache-a"))).toHaveLength(1);
      expect(readdirSync(join(root, "cache-b"))).toHaveLength(1);
      // One job per distinct scenario, no duplicates.
      const q = new Queue(QUEUE_NAME, { connection: parseQueueUrl(url).options, prefix: QUEUE_PREFIX });
      const n = readdirSync(join(out, "scenarios")).length;
      expect(await q.getJobCounts("completed", "failed", "wait", "active")).toEqual({ completed: n, failed: 0, wait: 0, active: 0 });
      // A second coordinator into a fresh folder: every job exists (same ids), so nothing is computed again.
      const before = workers.map((w) => (w.log().match(/done /g) ?? []).length);
      const again = await queueSweep(url, sweep, join(root, "two-workers-again"));
      expect(again.summary.done).toBe(n);
      expect(readFileSync(join(root, "two-workers-again", "results.csv"), "utf8")).toBe(reference);
      expect(workers.map((w) => (w.log().match(/done /g) ?? []).length)).toEqual(before);
      expect(await q.getJobCounts("completed")).toEqual({ completed: n });
      await q.close();
    } finally {
      await Promise.all(workers.map(stopWorker));
    }
  });

  it("a worker killed (kill -9) in the middle of a job loses nothing: another worker takes the job over", async () => {
    const url = `${server.url}/2`;
    // The first worker pauses 5 s inside each job, so the kill lands while it holds one.
    const slow = crossway(["worker", "--queue", url], {
      ...workerEnv,
      CROSSWAY_CACHE: join(root, "cache-c"),
      CROSSWAY_QUEUE_TEST_DELAY_MS: "5000",
    });
    let other: Proc | undefined;
    try {
      const out = join(root, "killed-worker");
      const run = queueSweep(url, sweep, out);
      await until("the first worker to start a job", () => /started /.test(slow.log()));
      const taken = /started (\S+)/.exec(slow.log())![1];
      slow.child.kill("SIGKILL");
      await slow.exited;
      expect(slow.log()).not.toMatch(/done /);
      other = crossway(["worker", "--queue", url], { ...workerEnv, CROSSWAY_CACHE: join(root, "cache-d") });
      const outcome = await run;
      expect(outcome.summary.failed).toEqual([]);
      expect(readFileSync(join(out, "results.csv"), "utf8")).toBe(reference);
      expect(other.log()).toContain(`done ${taken} `);
    } finally {
      await stopWorker(slow);
      if (other) await stopWorker(other);
    }
  });

  it("the coordinator killed half-way and started again collects every finished result", async () => {
    const url = `${server.url}/3`;
    const worker = crossway(["worker", "--queue", url], {
      ...workerEnv,
      CROSSWAY_CACHE: join(root, "cache-e"),
      CROSSWAY_QUEUE_TEST_DELAY_MS: "300",
    });
    try {
      const out = join(root, "restarted");
      const first = crossway(["sweep", sweep, "--queue", url, "--out", out, "--no-maps", "--quiet"]);
      const dir = join(out, "scenarios");
      await until("a few stored results", () => existsSync(dir) && readdirSync(dir).filter((f) => f.endsWith(".json")).length >= 3);
      first.child.kill("SIGKILL");
      await first.exited;
      const stored = readdirSync(dir).filter((f) => f.endsWith(".json")).length;
      expect(stored).toBeLessThan(7);
      // The worker keeps going while no coordinator runs; the new one collects those results from Redis.
      await new Promise((r) => setTimeout(r, 800));
      const outcome = await queueSweep(url, sweep, out);
      expect(outcome.summary.skipped).toBe(stored);
      expect(outcome.summary.failed).toEqual([]);
      expect(readFileSync(join(out, "results.csv"), "utf8")).toBe(reference);
    } finally {
      await stopWorker(worker);
    }
  });
});
