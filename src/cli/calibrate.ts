/**
 * `crossway calibrate SCENARIO.yaml --observations OBS.geojson --params PARAMS.yaml --out DIR`: fit
 * model parameters to field observations by maximum likelihood (src/calibrate).
 */
import type { Command } from "commander";
import { CrosswayError } from "../util/errors.ts";
import { ensureOutputDir, removeIfEmpty } from "../util/output-location.ts";

export function register(program: Command): void {
  program
    .command("calibrate")
    .description("fit the parameters PARAMS.yaml names (ranges) to observed crossings and road kills; profile-likelihood intervals")
    .argument("<scenario>", "scenario file (YAML); its baseline is the model")
    .requiredOption("--observations <geojson>", "points with kind (crossing, road_kill, camera_structure), optional count; any CRS")
    .requiredOption("--params <yaml>", "the parameters to fit and their ranges (see scenarios/METRICS.md, Calibration)")
    .requiredOption(
      "--out <dir>",
      "output folder (calibration.csv, fit.csv, evaluations.csv, calibration.png/.html, NAME-calibrated.yaml; evaluations/ makes a rerun resume)",
    )
    .option("--max-distance-m <m>", "observations farther than this from the highway are reported and not used", "500")
    .option("--no-intervals", "skip the profile-likelihood intervals (a quick fit)")
    .option("--quiet", "no progress output")
    .action(
      async (
        file: string,
        o: { observations: string; params: string; out: string; maxDistanceM: string; intervals: boolean; quiet?: boolean },
      ) => {
        const maxDistanceM = Number(o.maxDistanceM);
        if (!(maxDistanceM > 0)) throw new CrosswayError(`--max-distance-m must be a number > 0, got '${o.maxDistanceM}'`);
        const loc = ensureOutputDir(o.out, "--out");
        let out;
        try {
          const { runCalibrate } = await import("../calibrate/run.ts");
          out = await runCalibrate(file, o.observations, o.params, o.out, {
            maxDistanceM,
            noIntervals: !o.intervals,
            quiet: o.quiet,
            command: `calibrate ${file}`,
          });
        } catch (err) {
          removeIfEmpty(loc);
          throw err;
        }
        for (const n of out.notes) process.stderr.write(`crossway: note: ${n}\n`);
        const g = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : "-");
        process.stdout.write("parameter                 fitted      interval\n");
        for (const p of out.params)
          process.stdout.write(
            `${p.name.padEnd(25)} ${g(p.best).padEnd(11)} ${p.lower_open ? "<=" : ""}${g(p.lower)} .. ${p.upper_open ? ">=" : ""}${g(p.upper)}\n`,
          );
        process.stdout.write(
          `log L ${out.logLik.toFixed(2)} (uniform along the road: ${out.nullLogLik.toFixed(2)}); ${out.evaluations} evaluations, ${out.solves} solved, ${out.seconds.toFixed(1)} s\n`,
        );
        process.stdout.write(`results: ${o.out}/calibration.csv, calibration.html; calibrated scenario file: ${out.calibratedFile}\n`);
      },
    );
}
