/**
 * `crossway sweep SWEEP.yaml --workers N --out DIR`: generate and run many scenarios, resumable.
 * Only light helpers live here (run.ts shares them); the engine is imported inside the action.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { CrosswayError } from "../util/errors.ts";
import { ensureOutputDir, removeIfEmpty } from "../util/output-location.ts";
import type { RunOutcome } from "../scenario/run.ts";

/** Print what happened; returns the exit code (130 interrupted, 2 some failed, 0 ok). */
export function printOutcome(o: RunOutcome, out: string): number {
  const s = o.summary;
  const err = process.stderr;
  for (const w of o.warnings) err.write(`crossway: warning: ${w}\n`);
  for (const c of o.cautions) err.write(`crossway: caution: ${c}\n`);
  if (s.interrupted) {
    err.write(`interrupted after ${s.done} new scenario(s) (${s.skipped} were already done); run the same command again to resume\n`);
    return 130;
  }
  const top = o.report!.rows.slice(0, 5);
  process.stdout.write(
    `${s.total} scenarios (${s.done} run, ${s.skipped} reused from ${out}) in ${o.seconds.toFixed(1)} s (scenarios ${s.seconds.toFixed(1)} s, tables and maps ${Math.max(0, o.seconds - s.seconds).toFixed(1)} s)\n` +
      top
        .map((r) => `  ${r.rank}. ${r.scenario}: ${r.delta_effective_resistance_pct.toFixed(2)} % effective resistance, cost ${r.cost}`)
        .join("\n") +
      `\nresults: ${o.written[0] ?? out}\n` +
      (existsSync(join(out, "report.html"))
        ? `report:  ${join(out, "report.html")} (open it in a browser; maps in ${join(out, "maps")})\n`
        : ""),
  );
  for (const n of o.notes) err.write(`note: ${n}\n`);
  for (const f of s.failed) err.write(`failed: ${f.name}: ${f.error}\n`);
  return s.failed.length ? 2 : 0;
}

/**
 * Check --out before the engine is even loaded (loading it takes seconds from the sources), then run.
 * The engine checks again and locks the folder; a folder created here is removed if the run fails
 * before writing anything.
 */
export async function checkOutFirst(out: string, run: () => Promise<RunOutcome>): Promise<RunOutcome> {
  const loc = ensureOutputDir(out, "--out");
  try {
    return await run();
  } catch (err) {
    removeIfEmpty(loc);
    throw err;
  }
}

/** --workers: a whole number >= 0 (0 runs everything in the main thread). */
export function parseWorkers(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new CrosswayError(`--workers must be a whole number >= 0, got '${raw}'`);
  return n;
}

/** --queue: the coordinator in place of the local pool (the URL is checked before the study loads). */
async function queueExecutor(raw: string) {
  const { parseQueueUrl } = await import("../queue/url.ts");
  const url = parseQueueUrl(raw);
  const { executeOnQueue } = await import("../queue/coordinator.ts");
  return (...args: Parameters<typeof executeOnQueue> extends [unknown, ...infer R] ? R : never) => executeOnQueue(url, ...args);
}

export function register(program: Command): void {
  program
    .command("sweep")
    .description("run every subset of candidate crossings and a parameter grid, on worker threads; resumes where it stopped")
    .argument("<sweep>", "sweep file (YAML)")
    .requiredOption("--out <dir>", "output folder (results are stored per scenario under DIR/scenarios)")
    .option("--workers <n>", "worker threads", "2")
    .option("--no-maps", "skip the maps and the HTML report")
    .option("--stop-after <n>", "stop cleanly after this many scenarios (as Ctrl-C would); also CROSSWAY_STOP_AFTER")
    .option("--quiet", "no progress output")
    .option(
      "--solve <mode>",
      "auto | full | incremental: solve each scenario on the whole landscape, or on the road-band model (exact, built once and cached in DIR/cache; see README); auto: incremental from 12 scenarios or when the model is cached; with --queue the coordinator evaluates these itself and the workers the rest",
      "auto",
    )
    .option(
      "--queue <url>",
      "run the scenarios on `crossway worker`s through Redis (redis://HOST:PORT[/DB], rediss:// for TLS) instead of local threads",
    )
    .action(
      async (
        file: string,
        o: { out: string; workers: string; maps: boolean; stopAfter?: string; quiet?: boolean; queue?: string; solve: string },
      ) => {
        const solve = parseSolve(o.solve);
        const workers = parseWorkers(o.workers);
        const stopRaw = o.stopAfter ?? process.env.CROSSWAY_STOP_AFTER;
        const stopAfter = stopRaw === undefined ? undefined : Number(stopRaw);
        if (stopAfter !== undefined && !(Number.isInteger(stopAfter) && stopAfter > 0))
          throw new CrosswayError(`--stop-after must be a positive whole number, got '${stopRaw}'`);
        const executor = o.queue === undefined ? undefined : await queueExecutor(o.queue);
        const outcome = await checkOutFirst(o.out, async () => {
          const { runSweep } = await import("../scenario/run.ts");
          return runSweep(file, o.out, { workers, maps: o.maps, stopAfter, quiet: o.quiet, command: `sweep ${file}`, executor, solve });
        });
        process.exitCode = printOutcome(outcome, o.out);
      },
    );
}

/** The --solve option's value. */
export function parseSolve(v: string): "auto" | "full" | "incremental" {
  if (!["auto", "full", "incremental"].includes(v)) throw new CrosswayError(`--solve must be auto, full or incremental, got '${v}'`);
  return v as "auto" | "full" | "incremental";
}
