/**
 * `crossway site SCENARIO.yaml --out DIR`: where along the highway new crossings should go, under a
 * budget (src/siting). Options override the scenario file's `siting:` section.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { CrosswayError } from "../util/errors.ts";
import { ensureOutputDir, removeIfEmpty } from "../util/output-location.ts";

const numberOf = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new CrosswayError(`${name} must be a number, got '${raw}'`);
  return n;
};

export function register(program: Command): void {
  program
    .command("site")
    .description("score every candidate position x type along the highway exactly and plan the best set under a budget")
    .argument("<scenario>", "scenario file (YAML); its siting: section gives the defaults")
    .requiredOption("--out <dir>", "output folder (candidates.csv/.geojson, plan.csv, scenarios.yaml, siting.json)")
    .option("--types <list>", "candidate types, comma-separated (overpass,underpass,bridge,culvert,tunnel)")
    .option("--spacing-m <m>", "distance between candidate positions along the road, metres")
    .option("--budget-musd <b>", "total cost of the plan, millions")
    .option("--max-structures <k>", "most structures in the plan")
    .option("--min-spacing-m <m>", "least distance between two structures of the plan (and from an existing one), metres")
    .option("--objective <o>", "effective_resistance | success_probability | road_deaths")
    .option("--exclude <geojson>", "polygons (any CRS) where no structure may go")
    .option("--fences", "after the structures, add fences on the stretches between them while they help (objectives that count deaths)")
    .option("--check-optimality", "also search every pair among the best 100 singles and every triple among the best 25")
    .option("--quiet", "no progress output")
    .action(
      async (
        file: string,
        o: {
          out: string;
          types?: string;
          spacingM?: string;
          budgetMusd?: string;
          maxStructures?: string;
          minSpacingM?: string;
          objective?: string;
          exclude?: string;
          fences?: boolean;
          checkOptimality?: boolean;
          quiet?: boolean;
        },
      ) => {
        const siting = {
          types: o.types?.split(",").map((s) => s.trim()),
          spacing_m: numberOf("--spacing-m", o.spacingM),
          budget_musd: numberOf("--budget-musd", o.budgetMusd),
          max_structures: numberOf("--max-structures", o.maxStructures),
          min_spacing_m: numberOf("--min-spacing-m", o.minSpacingM),
          objective: o.objective,
          exclude: o.exclude === undefined ? undefined : resolve(o.exclude),
          fences: o.fences,
        };
        const loc = ensureOutputDir(o.out, "--out");
        let outcome;
        try {
          const { runSiting } = await import("../siting/run.ts");
          outcome = await runSiting(file, o.out, { siting, checkOptimality: o.checkOptimality, quiet: o.quiet, command: `site ${file}` });
        } catch (err) {
          removeIfEmpty(loc);
          throw err;
        }
        if (outcome.interrupted) {
          process.stderr.write("interrupted: the candidates scored so far are stored; run the same command again to resume\n");
          process.exitCode = 130;
          return;
        }
        const out = process.stdout;
        out.write(
          `${outcome.candidates.length} candidates scored (${outcome.evaluated} evaluated now, the rest reused from ${o.out}) in ${outcome.seconds.total.toFixed(1)} s (model ${outcome.seconds.model.toFixed(1)} s, candidates ${outcome.seconds.candidates.toFixed(1)} s, plan ${outcome.seconds.plan.toFixed(1)} s)\n`,
        );
        out.write(`best single candidates (${outcome.objective}):\n`);
        for (const r of outcome.candidates.slice(0, 5))
          out.write(
            `  ${r.rank}. ${r.candidate.id} (${r.candidate.type} at ${(r.candidate.chainage_m / 1000).toFixed(2)} km): +${r.gain.toFixed(2)} %, cost ${r.candidate.cost_musd}\n`,
          );
        out.write(`plan (${outcome.how}):\n`);
        for (const [k, s] of outcome.plan.entries())
          out.write(
            `  ${k + 1}. ${s.candidate.id}: +${s.gain.toFixed(2)} % in all (+${s.marginal.toFixed(2)} % this step), cumulative cost ${s.cost}\n`,
          );
        if (outcome.spearman)
          out.write(
            `first-order estimate from the baseline alone: Spearman ${outcome.spearman.vs_exact_effective_resistance.toFixed(3)} against the exact effective-resistance gains, ${outcome.spearman.vs_objective.toFixed(3)} against the objective's\n`,
          );
        if (outcome.spearman && Number.isFinite(outcome.spearman.barrier_mapper_vs_objective))
          out.write(
            `Barrier Mapper's least-cost improvement score: Spearman ${outcome.spearman.barrier_mapper_vs_exact_least_cost.toFixed(3)} against the exact least-cost gains, ${outcome.spearman.barrier_mapper_vs_objective.toFixed(3)} against the objective's\n`,
          );
        for (const [k, f] of outcome.fences.entries())
          out.write(
            `  ${outcome.plan.length + k + 1}. fence km ${(f.fence.from_m / 1000).toFixed(2)}-${(f.fence.to_m / 1000).toFixed(2)}: +${f.gain.toFixed(2)} % in all (+${f.marginal.toFixed(2)} % this step), cumulative cost ${f.cost}\n`,
          );
        for (const c of outcome.optimality)
          out.write(
            `optimality, ${c.k} structures among the best ${c.pool}: exhaustive ${c.best.join("+")} +${c.bestGain.toFixed(3)} % (${c.tried} sets, ${c.seconds.toFixed(1)} s), greedy +${c.greedyGain.toFixed(3)} %\n`,
          );
        for (const n of outcome.notes) process.stderr.write(`crossway: note: ${n}\n`);
        out.write(`results: ${o.out}/candidates.csv, plan.csv, scenarios.yaml\n`);
      },
    );
}
