/**
 * `crossway validate SCENARIO.yaml --observations OBS.geojson --out DIR`: the baseline model against
 * field observations (src/validate).
 */
import type { Command } from "commander";
import { CrosswayError } from "../util/errors.ts";
import { ensureOutputDir, removeIfEmpty } from "../util/output-location.ts";

export function register(program: Command): void {
  program
    .command("validate")
    .description("compare observed crossings and road kills with the model's profiles, least-cost paths and a null model")
    .argument("<scenario>", "scenario file (YAML); its baseline is the model")
    .requiredOption(
      "--observations <geojson>",
      "points with kind (crossing, road_kill, camera_structure), optional count and date; any CRS",
    )
    .requiredOption("--out <dir>", "output folder (validation.csv, observations.csv, validation.png, validation.html)")
    .option("--max-distance-m <m>", "observations farther than this from the highway are reported and not used", "500")
    .option("--permutations <n>", "random placements for the AUC's p-value", "999")
    .option("--quiet", "no progress output")
    .action(async (file: string, o: { observations: string; out: string; maxDistanceM: string; permutations: string; quiet?: boolean }) => {
      const maxDistanceM = Number(o.maxDistanceM);
      if (!(maxDistanceM > 0)) throw new CrosswayError(`--max-distance-m must be a number > 0, got '${o.maxDistanceM}'`);
      const permutations = Number(o.permutations);
      if (!Number.isInteger(permutations) || permutations < 1)
        throw new CrosswayError(`--permutations must be a whole number >= 1, got '${o.permutations}'`);
      const loc = ensureOutputDir(o.out, "--out");
      let out;
      try {
        const { runValidate } = await import("../validate/run.ts");
        out = await runValidate(file, o.observations, o.out, { maxDistanceM, permutations, quiet: o.quiet, command: `validate ${file}` });
      } catch (err) {
        removeIfEmpty(loc);
        throw err;
      }
      for (const n of out.notes) process.stderr.write(`crossway: note: ${n}\n`);
      const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "-");
      process.stdout.write("observations  model       n     AUC    p      Spearman  top-10% share\n");
      for (const r of out.rows)
        process.stdout.write(
          `${r.observations.padEnd(13)} ${r.model.padEnd(11)} ${String(r.n).padEnd(5)} ${f(r.auc)}  ${f(r.p_value)}  ${f(r.spearman).padEnd(8)}  ${f(r.top_share)}\n`,
        );
      process.stdout.write(`results: ${o.out}/validation.csv, validation.html\n`);
    });
}
