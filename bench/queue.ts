/**
 * Queue benchmarks (a real redis-server on 127.0.0.1, started here and stopped at the end):
 * 1. overhead per job: a sweep of many tiny scenarios (the test fixture, 40 x 24 cells) through the
 *    queue with one worker (concurrency 1), against the same scenarios evaluated inline; the
 *    difference per job is what the queue adds (enqueue, Redis round trips, the worker thread hop,
 *    storing the result);
 * 2. scaling: one worker process pinned to one core (taskset -c 0) against two worker processes
 *    (taskset -c 0 and -c 1), on a sweep of real-size scenarios (the demo landscape, each candidate
 *    alone: 6 scenarios).
 *    With --tiny-scaling, the scaling runs on the overhead's tiny sweep instead (quicker; jobs of
 *    ~0.1 s, so the queue's own cost weighs more).
 * Run: node --import tsx bench/queue.ts [--jobs N] [--skip-scaling] [--skip-overhead] [--tiny-scaling]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { executeOnQueue } from "../src/queue/coordinator.ts";
import { parseQueueUrl } from "../src/queue/url.ts";
import { startWorker } from "../src/queue/worker.ts";
import { runSweep } from "../src/scenario/run.ts";
import { writeFixture } from "../test/scenario/fixture.ts";
import { startRedis } from "../test/queue/redis-server.ts";

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const root = mkdtempSync(join(tmpdir(), "crossway-bench-queue-"));
const redis = await startRedis();
const bin = resolve(import.meta.dirname, "../bin/crossway.js");

async function tinySweep(): Promise<string> {
  // Road resistances 100, 110, ...: 7 scenarios (baseline + 6 subsets) + 1 baseline per value.
  const values = Math.max(1, Math.round(arg("--jobs", 160) / 8));
  const list = Array.from({ length: values }, (_, i) => 100 + 10 * i).join(", ");
  const { sweep } = await writeFixture(join(root, "tiny"), {
    sweep: `scenario_file: study.yaml\ncandidates:\n  - { id: A, type: overpass, chainage_m: 150, width_m: 50, cost_musd: 5 }\n  - { id: B, type: underpass, chainage_m: 600, width_m: 20, cost_musd: 1 }\n  - { id: C, type: bridge, chainage_m: 1050, width_m: 80, cost_musd: 3 }\nmax_structures: 2\nmax_scenarios: 100000\nparameters:\n  road_resistance: [${list}]\n`,
  });
  return sweep;
}

async function overhead(sweep: string): Promise<void> {
  // Warm up (JIT, module loading) on a throwaway folder, then time.
  await runSweep(sweep, join(root, "warm"), { workers: 0, maps: false, quiet: true });
  const local = await runSweep(sweep, join(root, "inline"), { workers: 0, maps: false, quiet: true });
  const n = local.summary.total;
  const url = parseQueueUrl(`${redis.url}/1`);
  const worker = await startWorker(url, { concurrency: 1, cacheDir: join(root, "cache-o") });
  const q = await runSweep(sweep, join(root, "queued"), { maps: false, quiet: true, executor: (...a) => executeOnQueue(url, ...a) });
  await worker.close();
  const same = readFileSync(join(root, "inline", "results.csv"), "utf8") === readFileSync(join(root, "queued", "results.csv"), "utf8");
  const perLocal = (local.summary.seconds / n) * 1000;
  const perQueue = (q.summary.seconds / n) * 1000;
  console.log(
    `overhead: ${n} tiny scenarios; inline ${local.summary.seconds.toFixed(2)} s (${perLocal.toFixed(1)} ms/job), queue with 1 worker ${q.summary.seconds.toFixed(2)} s (${perQueue.toFixed(1)} ms/job): +${(perQueue - perLocal).toFixed(1)} ms per job; results.csv identical: ${same}`,
  );
}

function worker(url: string, core: number, cache: string): { child: ChildProcess; ready: Promise<void>; exited: Promise<void> } {
  const child = spawn("taskset", ["-c", String(core), process.execPath, bin, "worker", "--queue", url, "--cache", cache], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  const ready = new Promise<void>((r) => child.stderr!.on("data", (d) => (err += d) && /connected to/.test(err) && r()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return { child, ready, exited };
}

async function scaling(tiny: string | null): Promise<void> {
  let sweepFile = tiny;
  if (!sweepFile) {
    const demo = readFileSync(resolve(import.meta.dirname, "../scenarios/demo-sweep.yaml"), "utf8");
    sweepFile = join(root, "demo-1.yaml");
    writeFileSync(
      sweepFile,
      demo
        .replace(/scenario_file: .*/, `scenario_file: ${resolve(import.meta.dirname, "../scenarios/demo.yaml")}`)
        .replace(/max_structures: \d+/, "max_structures: 1"),
    );
  }
  const times: Record<string, number> = {};
  for (const [label, cores, db] of [
    ["1 worker, taskset -c 0", [0], 2],
    ["2 workers, taskset -c 0 / -c 1", [0, 1], 3],
  ] as const) {
    const url = `${redis.url}/${db}`;
    const ws = cores.map((c) => worker(url, c, join(root, `cache-${db}-${c}`)));
    await Promise.all(ws.map((w) => w.ready));
    const out = await runSweep(sweepFile, join(root, `scale-${db}`), {
      maps: false,
      quiet: true,
      executor: (...a) => executeOnQueue(parseQueueUrl(url), ...a),
    });
    for (const w of ws) w.child.kill("SIGTERM");
    await Promise.all(ws.map((w) => w.exited));
    times[label] = out.summary.seconds;
    console.log(
      `scaling: ${label}: ${out.summary.total} ${tiny ? "tiny" : "demo"} scenarios in ${out.summary.seconds.toFixed(1)} s (${(out.summary.seconds / out.summary.total).toFixed(2)} s/job)`,
    );
  }
  const [one, two] = Object.values(times);
  console.log(
    `scaling: speed-up ${(one / two).toFixed(2)}x; same results.csv: ${readFileSync(join(root, "scale-2", "results.csv"), "utf8") === readFileSync(join(root, "scale-3", "results.csv"), "utf8")}`,
  );
}

try {
  const tiny = await tinySweep();
  if (!args.includes("--skip-overhead")) await overhead(tiny);
  if (!args.includes("--skip-scaling")) await scaling(args.includes("--tiny-scaling") ? tiny : null);
} finally {
  await redis.stop();
  rmSync(root, { recursive: true, force: true });
}
