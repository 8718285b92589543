/**
 * A study: one scenario file loaded into memory - the land grid(s), the cores, the highway, the
 * existing structures - and the list of jobs (baseline + scenarios) with their content keys.
 */
import type { Grid } from "../grid/grid.ts";
import { applyProfile, buildResistance } from "../resistance/recipe.ts";
import { CrosswayError } from "../util/errors.ts";
import { checkCoresOnLandscape } from "./core-checks.ts";
import { loadCores } from "./cores.ts";
import type { Landscape } from "./evaluate.ts";
import { type LocateXY, readExisting } from "./existing.ts";
import { canonicalJson, scenarioKey } from "./hash.ts";
import { makePolyline, nearest } from "../geometry/polyline.ts";
import { joinLines } from "./highway.ts";
import { lineParts, readFeatures, readGrid } from "./inputs.ts";
import { prepareLandscape } from "./landscape.ts";
import { type LoadedRecipe, studyInputs } from "./study-inputs.ts";
import { type ExistingStructure, type Locate, type ResolvedScenario, resolveScenario } from "./resolve.ts";
import type { Parameters, ScenarioFile, ScenarioSpec } from "./schema.ts";
import { type ResolvedParameters, resolveAnimal, resolveParameters } from "./species.ts";
import { type ResolvedMortality, resolveMortality } from "../mortality/traffic.ts";

/** Bump when a change in the engine changes results, so stored results are not reused. */
export const ENGINE_VERSION = "scenario-4";

export interface Job {
  name: string;
  /** Name of the job this one is compared with (itself for a baseline). */
  baseline: string;
  landKey: string;
  scenario: ResolvedScenario;
  key: string;
}

export interface Study {
  file: string;
  config: ScenarioFile;
  /** Landscape with the baseline's land; the other lands (parameter variants) are in `lands`. */
  landscape: Landscape;
  lands: Map<string, Float64Array>;
  centreline: number[][];
  existing: ExistingStructure[];
  inputHashes: Record<string, string>;
  locate: Locate;
  baselineParameters: ResolvedParameters;
  /** Build (and cache) the land for a parameter set; returns its key. */
  landFor(p: ResolvedParameters): Promise<string>;
  /** The land recipe, when the landscape has one (not a fixed resistance grid). */
  recipe?: LoadedRecipe | null;
}

export async function loadStudy(file: string, config: ScenarioFile): Promise<Study> {
  const L = config.landscape;
  const { paths, recipe, inputHashes } = await studyInputs(file, config);

  const baselineParameters = resolveParameters(config.species, { road_resistance: L.road.resistance }, config.baseline.parameters);
  // Land grids: a fixed resistance grid, or the recipe's land per (habitat_c, rmax) override.
  const lands = new Map<string, Float64Array>();
  let template: Grid;
  const landKeyOf = (p: ResolvedParameters) =>
    recipe
      ? `recipe:habitat_c=${p.habitat_c ?? "recipe"},rmax=${p.rmax ?? "recipe"}${p.landcover ? `,landcover=${canonicalJson(p.landcover)}` : ""}`
      : "grid";
  const buildLand = async (p: ResolvedParameters): Promise<{ land: Float64Array; grid: Grid }> => {
    const r = recipe!;
    // The recipe's own species profile of the same name (if it has one) first, then our overrides;
    // the road and structures are burnt per scenario (burn.ts), so the land is built without them.
    let base = recipeForSpecies(r, config.species);
    if (p.habitat_c !== undefined) {
      if (!base.habitat) throw new CrosswayError("habitat_c is set but the recipe has no habitat layer", { file, field: "habitat_c" });
      base = { ...base, habitat: { ...base.habitat, c: p.habitat_c } };
    }
    if (p.rmax !== undefined) base = { ...base, rmax: p.rmax };
    if (p.landcover) {
      const lc = base.landcover;
      if (!lc) throw new CrosswayError("landcover resistances are set but the recipe has no landcover layer", { file, field: "landcover" });
      for (const k of Object.keys(p.landcover))
        if (!(k in lc.table))
          throw new CrosswayError(
            `land-cover class ${k} is not in the recipe's landcover table (classes: ${Object.keys(lc.table).join(", ")})`,
            {
              file: r.recipeFile,
              field: `landcover.table`,
            },
          );
      base = { ...base, landcover: { ...lc, table: { ...lc.table, ...p.landcover } } };
    }
    const res = await buildResistance(
      { ...base, roads: undefined, fences: undefined, crossings: undefined, profile: undefined, species: undefined },
      r.baseDir,
      { file: r.recipeFile },
    );
    return { land: res.land, grid: res.resistance };
  };
  if (paths.resistance) {
    template = await readGrid(paths.resistance);
    lands.set("grid", Float64Array.from(template.data));
  } else {
    const first = await buildLand(baselineParameters);
    template = first.grid;
    lands.set(landKeyOf(baselineParameters), first.land);
  }
  const landFor = async (p: ResolvedParameters): Promise<string> => {
    const key = landKeyOf(p);
    if (!lands.has(key)) {
      if (!recipe)
        throw new CrosswayError("habitat_c, rmax and landcover need a recipe (the landscape is a fixed resistance grid)", {
          file,
          field: "parameters",
        });
      lands.set(key, (await buildLand(p)).land);
    }
    return key;
  };
  const baseKey = await landFor(baselineParameters);
  if (!template.crs)
    throw new CrosswayError("the grid has no CRS; scenario geometry (highway, cores, crossings) needs one", {
      file: paths.resistance ?? recipe?.recipeFile,
    });

  // Highway centreline.
  const hw = await readFeatures(paths.highway, template.crs);
  const parts = hw.features.flatMap((f) => lineParts(f.geometry, hw.toGrid));
  if (parts.length === 0) throw new CrosswayError("no LineString features", { file: paths.highway });
  const centreline = joinLines(parts);
  const line = makePolyline(centreline);

  // Cores.
  const { focal, cores } = await loadCores(paths.cores, template, config, file);
  checkCoresOnLandscape(lands.get(baseKey)!, focal, cores, config.analysis.neighbours, {
    cores: paths.cores,
    land: paths.resistance ?? recipe?.recipeFile ?? file,
  });

  const landscape = prepareLandscape({
    template: { ...template, data: lands.get(baseKey)! },
    land: lands.get(baseKey)!,
    focal,
    cores,
    centreline,
    roadParts: parts,
    roadWidthM: L.road.width_m,
    neighbours: config.analysis.neighbours,
    coresFile: paths.cores,
  });
  const tolerance = landscape.road.halfWidth + 2 * landscape.road.cellSize;
  const locateXY: LocateXY = (x, y, what, f, field) => {
    const p = nearest(line, x, y);
    if (p.dist > tolerance)
      throw new CrosswayError(
        `${what} lies ${p.dist.toFixed(0)} m from the highway centreline; it must touch the road (within ${tolerance.toFixed(0)} m)`,
        { file: f, field },
      );
    return p.chainage;
  };
  const locate: Locate = (s, where, inFile = file) => {
    if (s.chainage_m !== undefined) {
      if (s.chainage_m > line.length)
        throw new CrosswayError(`chainage ${s.chainage_m} m is beyond the end of the highway (${line.length.toFixed(0)} m)`, {
          file: inFile,
          field: `${where}.chainage_m`,
        });
      return s.chainage_m;
    }
    const g = s.geometry!;
    const pts = g.type === "Point" ? [g.coordinates] : g.coordinates;
    const x = pts.reduce((t, p) => t + p[0], 0) / pts.length;
    const y = pts.reduce((t, p) => t + p[1], 0) / pts.length;
    return locateXY(x, y, `structure '${s.id}'`, inFile, `${where}.geometry`);
  };

  const existing = paths.crossings ? await readExisting(paths.crossings, template.crs, locateXY) : [];

  return { file, config, landscape, lands, centreline, existing, inputHashes, locate, baselineParameters, landFor, recipe };
}

/**
 * The recipe as the land is built from it: its own species profile of the study's species (if it has
 * one) applied; the parameter overrides come on top of this.
 */
export function recipeForSpecies(r: LoadedRecipe, species: string): LoadedRecipe["recipe"] {
  return r.recipe.species?.[species] ? applyProfile(r.recipe, species, r.recipeFile) : r.recipe;
}

/** The resolved job for a scenario spec (null = the baseline) with its parameter layers. */
export async function makeJob(
  study: Study,
  name: string,
  baseline: string,
  spec: Pick<ScenarioSpec, "name" | "add" | "remove" | "change" | "fences"> | null,
  parameters: (Parameters | undefined)[],
  where: string,
): Promise<Job> {
  const params = resolveParameters(
    study.config.species,
    { road_resistance: study.config.landscape.road.resistance },
    study.config.baseline.parameters,
    ...parameters,
  );
  const scenario = {
    ...resolveScenario(study.existing, spec, params, study.locate, study.file, where),
    name,
    mortality: studyMortality(study),
  };
  const landKey = await study.landFor(params);
  // Only what changes the numbers goes into the key: not the name (a renamed scenario reuses its
  // result), not the ranking options (ranking is redone from stored results every time) and not the
  // cores' names, villages or rivers (maps only).
  const { objective: _o, pinch_points: _p, ...analysis } = study.config.analysis;
  const key = scenarioKey(
    {
      scenario: { ...scenario, name: undefined },
      analysis,
      landscape: {
        road: study.config.landscape.road,
        cores: { ...study.config.landscape.cores, names: undefined },
        recipe: typeof study.config.landscape.recipe === "object" ? study.config.landscape.recipe : undefined,
        species: study.config.species,
      },
    },
    study.inputHashes,
    ENGINE_VERSION,
  );
  return { name, baseline, landKey, scenario, key };
}

/**
 * The resolved mortality model of a study (the same for all its scenarios: structures and fences act
 * through the surface), or undefined without a mortality block. A crossing passes the road band's mean
 * thickness in cells: road cells x cell size / road length.
 */
export function studyMortality(study: Study): ResolvedMortality | undefined {
  const m = study.config.mortality;
  if (!m) return undefined;
  const road = study.landscape.road;
  const cellsPerCrossing = Math.max(1, (road.cells.length * road.cellSize) / road.line.length);
  return resolveMortality(
    m,
    study.config.landscape.road.traffic,
    resolveAnimal(study.config.species, m),
    { lengthM: road.line.length, cellsPerCrossing },
    study.file,
    study.config.species,
  );
}

/** Jobs of a scenario file: the baseline, then each scenario (compared with the baseline). */
export async function scenarioJobs(study: Study): Promise<Job[]> {
  const jobs = [await makeJob(study, "baseline", "baseline", null, [], "baseline")];
  for (const [i, s] of study.config.scenarios.entries()) {
    jobs.push(await makeJob(study, s.name, "baseline", s, [s.parameters], `scenarios[${i}]`));
  }
  return jobs;
}

export { canonicalJson };
