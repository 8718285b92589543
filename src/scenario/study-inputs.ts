/**
 * The files a scenario file reads, by role (highway, resistance or recipe and its layers, cores,
 * crossings), and their SHA-256: the hashes key the stored results, so any edit to an input
 * invalidates them. The recipe is loaded here too, and refused when it has sections that belong to
 * the scenario file.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { loadRecipe, type Recipe } from "../resistance/recipe.ts";
import { CrosswayError } from "../util/errors.ts";
import { hashFile } from "./hash.ts";
import type { ScenarioFile } from "./schema.ts";

export interface LoadedRecipe {
  recipe: Recipe;
  baseDir: string;
  recipeFile: string;
}

export interface StudyInputs {
  /** Absolute path per role ("highway", "resistance", "recipe", "recipe layer 0", "cores", "crossings"). */
  paths: Record<string, string>;
  recipe: LoadedRecipe | null;
  inputHashes: Record<string, string>;
}

function rel(file: string, p: string): string {
  return resolve(dirname(file), p);
}

/** The recipe (inline or from its file) and the folder its paths are relative to. */
async function recipeOf(file: string, r: string | Recipe): Promise<LoadedRecipe> {
  if (typeof r === "string") {
    const path = rel(file, r);
    const { recipe, baseDir } = await loadRecipe(path);
    return { recipe, baseDir, recipeFile: path };
  }
  return { recipe: r, baseDir: dirname(file), recipeFile: file };
}

/** Files a recipe's land reads (for the content hash). */
function recipeLandFiles(recipe: Recipe, baseDir: string): string[] {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const out = [recipe.template, recipe.habitat?.path, recipe.landcover?.path, ...recipe.layers.map((l) => l.path)].filter(
    (p): p is string => !!p,
  );
  return [...new Set(out.map(at))];
}

export async function studyInputs(file: string, config: ScenarioFile): Promise<StudyInputs> {
  const L = config.landscape;
  const inputHashes: Record<string, string> = {};
  const paths: Record<string, string> = { highway: rel(file, L.highway) };
  let recipe: LoadedRecipe | null = null;
  if (L.resistance) paths.resistance = rel(file, L.resistance);
  if (L.recipe !== undefined) {
    recipe = await recipeOf(file, L.recipe);
    // Silently dropping a recipe's roads or structures would model a different landscape than the
    // user wrote; the scenario file is where the highway and its structures belong.
    for (const k of ["roads", "fences", "crossings"] as const) {
      if (recipe.recipe[k] !== undefined) {
        throw new CrosswayError(
          `the recipe has a ${k} section, but in a scenario file the highway, its structures and fences come from landscape.highway, landscape.crossings and the scenarios (burnt with the same rules); remove it from the recipe (\`crossway resistance\` still uses it)`,
          { file: recipe.recipeFile, field: k },
        );
      }
    }
    if (typeof L.recipe === "string") paths.recipe = recipe.recipeFile;
    recipeLandFiles(recipe.recipe, recipe.baseDir).forEach((p, i) => (paths[`recipe layer ${i}`] = p));
  }
  if (L.cores.raster) paths.cores = rel(file, L.cores.raster);
  if (L.cores.geojson) paths.cores = rel(file, L.cores.geojson);
  if (L.crossings) paths.crossings = rel(file, L.crossings);
  for (const [role, p] of Object.entries(paths)) {
    try {
      inputHashes[role] = await hashFile(p);
    } catch (err) {
      throw new CrosswayError(`cannot read ${role} file ${p} (${(err as NodeJS.ErrnoException).code ?? err})`, {
        file,
        field: `landscape.${role.split(" ")[0]}`,
        cause: err,
      });
    }
  }

  return { paths, recipe, inputHashes };
}
