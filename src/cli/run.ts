/**
 * `crossway run SCENARIO.yaml --out DIR`: score the baseline and every scenario of a scenario file.
 * The engine is imported inside the action so that other commands do not pay for loading it.
 */
import type { Command } from "commander";
import { CrosswayError } from "../util/errors.ts";
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
    .option(
      "--uncertainty <n>",
      "also rank every scenario under N parameter sets drawn from --vary (uncertainty.csv: probability of ranking first, rank quantiles)",
    )
    .option(
      "--vary <ranges>",
      "parameter ranges for --uncertainty, e.g. road_resistance=500:2000,effectiveness_scale=0.5:1.2, or a calibration.csv of crossway calibrate (its intervals)",
    )
    .option("--seed <s>", "seed of the parameter draws", "1")
    .action(
      async (
        file: string,
        o: {
          out: string;
          maps: boolean;
          workers: string;
          quiet?: boolean;
          solve: string;
          uncertainty?: string;
          vary?: string;
          seed: string;
        },
      ) => {
        const workers = parseWorkers(o.workers);
        const solve = parseSolve(o.solve);
        let uncertainty: { draws: number; ranges: import("../uncertainty/run.ts").Ranges; seed: number } | undefined;
        if (o.uncertainty !== undefined || o.vary !== undefined) {
          const draws = Number(o.uncertainty);
          if (!Number.isInteger(draws) || draws < 2)
            throw new CrosswayError(`--uncertainty must be a whole number >= 2, got '${o.uncertainty}'`);
          if (o.vary === undefined) throw new CrosswayError("--uncertainty needs --vary with the parameter ranges to draw from");
          const { parseRanges } = await import("../uncertainty/run.ts");
          uncertainty = { draws, ranges: parseRanges(o.vary), seed: Number(o.seed) };
        }
        const outcome = await checkOutFirst(o.out, async () => {
          const { runScenarios } = await import("../scenario/run.ts");
          return runScenarios(file, o.out, { maps: o.maps, workers, quiet: o.quiet, command: `run ${file}`, solve, uncertainty });
        });
        process.exitCode = printOutcome(outcome, o.out);
        if (outcome.uncertainty) {
          process.stdout.write(`under ${uncertainty!.draws} parameter draws (uncertainty.csv):\n`);
          for (const u of outcome.uncertainty.slice(0, 8))
            process.stdout.write(
              `  ${u.scenario}: ranks first in ${(100 * u.p_first).toFixed(0)} % of draws, rank ${u.rank_p05}-${u.rank_p95} (median ${u.rank_median})\n`,
            );
        }
      },
    );
}
