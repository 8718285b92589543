/**
 * `crossway run SCENARIO.yaml --out DIR`: score the baseline and every scenario of a scenario file.
 * The engine is imported inside the action so that other commands do not pay for loading it.
 */
import type { Command } from "commander";
import { checkOutFirst, parseSolve, parseWorkers, printOutcome } from "./sweep.ts";

export function register(program: Command): void {
  program
    .command("run")
    .description("score and rank the crossing scenarios of a scenario file (results.csv/json, road profile, grids, maps)")
    .argument("<scenario>", "scenario file (YAML)")
    .requiredOption("--out <dir>", "output folder (created when missing)")
    .option("--no-maps", "skip the maps and the HTML report")
    .option("--workers <n>", "worker threads (0 = all in the main thread)", "2")
    .option("--quiet", "no progress output")
    .option(
      "--solve <mode>",
      "auto | full | incremental: incremental takes the tables from the road-band model (cached in DIR/cache) and still solves each scenario in full for its grids, recording how far the two agree; auto: full (a run writes every scenario's grids)",
      "auto",
    )
    .action(async (file: string, o: { out: string; maps: boolean; workers: string; quiet?: boolean; solve: string }) => {
      const workers = parseWorkers(o.workers);
      const solve = parseSolve(o.solve);
      const outcome = await checkOutFirst(o.out, async () => {
        const { runScenarios } = await import("../scenario/run.ts");
        return runScenarios(file, o.out, { maps: o.maps, workers, quiet: o.quiet, command: `run ${file}`, solve });
      });
      process.exitCode = printOutcome(outcome, o.out);
    });
}
