/**
 * `crossway resistance RECIPE.yaml --out resistance.tif`: build a resistance surface from a recipe.
 * The implementation is imported inside the action so that other commands do not pay for loading it.
 */
import type { Command } from "commander";
import { ensureOutputParent, removeIfEmpty } from "../util/output-location.ts";

export function register(program: Command): void {
  program
    .command("resistance")
    .description("build a resistance surface (habitat, land cover, roads, fences, crossing structures) from a recipe YAML")
    .argument("<recipe>", "resistance recipe (YAML)")
    .requiredOption("--out <path>", "output grid (.tif GeoTIFF, or .asc)")
    .option("--profile <name>", "species profile to apply (overrides the recipe's `profile`)")
    .action(async (recipePath: string, o: { out: string; profile?: string }) => {
      const t0 = Date.now();
      // Before any work: a bad --out must not cost the whole build (and fails with its name, not a stack).
      const loc = ensureOutputParent(o.out, "--out");
      const [{ writeGrid }, { buildResistance, loadRecipe }] = await Promise.all([
        import("../io/index.ts"),
        import("../resistance/recipe.ts"),
      ]);
      let res;
      try {
        const { recipe, baseDir } = await loadRecipe(recipePath);
        res = await buildResistance(recipe, baseDir, { file: recipePath, profile: o.profile });
        await writeGrid(o.out, res.resistance);
      } catch (err) {
        removeIfEmpty(loc);
        throw err;
      }
      let road = 0;
      for (const v of res.roadMask) road += v;
      const g = res.resistance;
      process.stdout.write(
        `wrote ${o.out}: ${g.width} x ${g.height} cells, ${road} road cells, ${res.structures.length} crossing structure(s)` +
          ` (${res.structures.map((s) => `${s.id ?? s.index}: ${s.type}, ${s.cells} cells`).join("; ") || "none"})` +
          ` in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
      );
      // A structure that opens nothing is legal (its lanes may all lie on nodata, e.g. a river mapped as
      // nodata) but almost never what the planner meant: say so.
      for (const s of res.structures) {
        if (s.cells === 0) {
          process.stderr.write(
            `crossway: warning: ${recipePath}: crossing ${s.id ?? s.index} (${s.type}) opens no cell: every cell of its lanes is nodata or off the road\n`,
          );
        }
      }
    });
}
