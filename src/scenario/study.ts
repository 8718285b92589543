/**
 * A study: one scenario file loaded into memory - the land grid(s), the cores, the highway, the
 * existing structures - and the list of jobs (baseline + scenarios) with their content keys.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { booleanPointInPolygon } from "@turf/turf";
import type { Feature, MultiPolygon, Polygon } from "geojson";
import { makeGrid, type Grid } from "../grid/grid.ts";
import { applyProfile, buildResistance, loadRecipe, type Recipe } from "../resistance/recipe.ts";
import { CrosswayError } from "../util/errors.ts";
import type { Core, Landscape } from "./evaluate.ts";
import { canonicalJson, hashFile, scenarioKey } from "./hash.ts";
import { joinLines, makeCentreline, project } from "./highway.ts";
import { anchorPoint, checkAligned, lineParts, readFeatures, readGrid } from "./inputs.ts";
import { prepareLandscape } from "./landscape.ts";
import { type ExistingStructure, type Locate, type ResolvedScenario, resolveScenario } from "./resolve.ts";
import { STRUCTURE_TYPES, type Parameters, type ScenarioFile, type ScenarioSpec, type StructureType } from "./schema.ts";
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
}

function rel(file: string, p: string): string {
  return resolve(dirname(file), p);
}

/** The recipe (inline or from its file) and the folder its paths are relative to. */
async function recipeOf(file: string, r: string | Recipe): Promise<{ recipe: Recipe; baseDir: string; recipeFile: string }> {
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
  const out = [recipe.template, recipe.habitat?.path, recipe.landcover?.path, ...recipe.layers.map((l) => l.path)].filter((p): p is string => !!p);
  return [...new Set(out.map(at))];
}

export async function loadStudy(file: string, config: ScenarioFile): Promise<Study> {
  const L = config.landscape;
  const inputHashes: Record<string, string> = {};
  const paths: Record<string, string> = { highway: rel(file, L.highway) };
  let recipe: { recipe: Recipe; baseDir: string; recipeFile: string } | null = null;
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
      throw new CrosswayError(`cannot read ${role} file ${p} (${(err as NodeJS.ErrnoException).code ?? err})`, { file, field: `landscape.${role.split(" ")[0]}`, cause: err });
    }
  }

  const baselineParameters = resolveParameters(config.species, { road_resistance: L.road.resistance }, config.baseline.parameters);
  // Land grids: a fixed resistance grid, or the recipe's land per (habitat_c, rmax) override.
  const lands = new Map<string, Float64Array>();
  let template: Grid;
  const landKeyOf = (p: ResolvedParameters) => (recipe ? `recipe:habitat_c=${p.habitat_c ?? "recipe"},rmax=${p.rmax ?? "recipe"}` : "grid");
  const buildLand = async (p: ResolvedParameters): Promise<{ land: Float64Array; grid: Grid }> => {
    const r = recipe!;
    // The recipe's own species profile of the same name (if it has one) first, then our overrides;
    // the road and structures are burnt per scenario (burn.ts), so the land is built without them.
    let base = r.recipe.species?.[config.species] ? applyProfile(r.recipe, config.species, r.recipeFile) : r.recipe;
    if (p.habitat_c !== undefined) {
      if (!base.habitat) throw new CrosswayError("habitat_c is set but the recipe has no habitat layer", { file, field: "habitat_c" });
      base = { ...base, habitat: { ...base.habitat, c: p.habitat_c } };
    }
    if (p.rmax !== undefined) base = { ...base, rmax: p.rmax };
    const res = await buildResistance({ ...base, roads: undefined, fences: undefined, crossings: undefined, profile: undefined, species: undefined }, r.baseDir, { file: r.recipeFile });
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
      if (!recipe) throw new CrosswayError("habitat_c and rmax need a recipe (the landscape is a fixed resistance grid)", { file, field: "parameters" });
      lands.set(key, (await buildLand(p)).land);
    }
    return key;
  };
  const baseKey = await landFor(baselineParameters);
  if (!template.crs) throw new CrosswayError("the grid has no CRS; scenario geometry (highway, cores, crossings) needs one", { file: paths.resistance ?? recipe?.recipeFile });

  // Highway centreline.
  const hw = await readFeatures(paths.highway, template.crs);
  const parts = hw.features.flatMap((f) => lineParts(f.geometry, hw.toGrid));
  if (parts.length === 0) throw new CrosswayError("no LineString features", { file: paths.highway });
  const centreline = joinLines(parts);
  const line = makeCentreline(centreline);

  // Cores.
  const { focal, cores } = paths.cores.endsWith("json") ? await rasterizeCores(paths.cores, template, config) : await coresFromRaster(paths.cores, template, config, file);

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
  const locateXY = (x: number, y: number, what: string, f: string, field?: string): number => {
    const p = project(line, x, y);
    if (p.dist > tolerance) throw new CrosswayError(`${what} lies ${p.dist.toFixed(0)} m from the highway centreline; it must touch the road (within ${tolerance.toFixed(0)} m)`, { file: f, field });
    return p.chainage;
  };
  const locate: Locate = (s, where, inFile = file) => {
    if (s.chainage_m !== undefined) {
      if (s.chainage_m > line.length) throw new CrosswayError(`chainage ${s.chainage_m} m is beyond the end of the highway (${line.length.toFixed(0)} m)`, { file: inFile, field: `${where}.chainage_m` });
      return s.chainage_m;
    }
    const g = s.geometry!;
    const pts = g.type === "Point" ? [g.coordinates] : g.coordinates;
    const x = pts.reduce((t, p) => t + p[0], 0) / pts.length;
    const y = pts.reduce((t, p) => t + p[1], 0) / pts.length;
    return locateXY(x, y, `structure '${s.id}'`, inFile, `${where}.geometry`);
  };

  // Existing structures.
  const existing: ExistingStructure[] = [];
  if (paths.crossings) {
    const cx = await readFeatures(paths.crossings, template.crs);
    cx.features.forEach((f, i) => {
      const props = f.properties ?? {};
      const id = String(props.id ?? props.name ?? `crossing-${i}`);
      const label = `feature ${i} ('${id}')`;
      const type = props.type as StructureType;
      if (!STRUCTURE_TYPES.includes(type)) throw new CrosswayError(`type ${JSON.stringify(props.type)} is not one of ${STRUCTURE_TYPES.join(", ")}`, { file: paths.crossings, field: `${label}.type` });
      const width = Number(props.width_m ?? props.width);
      if (!(width > 0)) throw new CrosswayError(`width_m ${JSON.stringify(props.width_m ?? props.width)} must be a positive number`, { file: paths.crossings, field: `${label}.width_m` });
      const eff = props.effectiveness;
      if (eff !== undefined && !(typeof eff === "number" && eff >= 0 && eff <= 1)) throw new CrosswayError(`effectiveness ${JSON.stringify(eff)} must be in [0, 1]`, { file: paths.crossings, field: `${label}.effectiveness` });
      const at = f.geometry ? anchorPoint(f.geometry, cx.toGrid) : null;
      if (!at) throw new CrosswayError("geometry must be a Point or LineString", { file: paths.crossings, field: label });
      if (existing.some((e) => e.id === id)) throw new CrosswayError(`duplicate id '${id}'`, { file: paths.crossings, field: label });
      existing.push({ id, type, width_m: width, effectiveness: eff, chainage_m: locateXY(at[0], at[1], label, paths.crossings) });
    });
  }

  return { file, config, landscape, lands, centreline, existing, inputHashes, locate, baselineParameters, landFor };
}

async function coresFromRaster(path: string, template: Grid, config: ScenarioFile, file: string): Promise<{ focal: Grid; cores: Core[] }> {
  const g = await readGrid(path);
  checkAligned(g, path, template, "the landscape grid");
  const ids = new Set<number>();
  const data = new Float64Array(g.data.length);
  for (let i = 0; i < data.length; i++) {
    const v = g.data[i];
    if (v > 0) {
      if (!Number.isInteger(v)) throw new CrosswayError(`core id ${v} at cell ${i} is not an integer`, { file: path });
      ids.add(v);
      data[i] = v;
    }
  }
  const sides = config.landscape.cores.sides ?? {};
  const cores: Core[] = [...ids].sort((a, b) => a - b).map((id) => {
    const side = sides[String(id)];
    if (!side) throw new CrosswayError(`core id ${id} (in ${path}) has no side; add it to landscape.cores.sides`, { file, field: "landscape.cores.sides" });
    return { id, side };
  });
  for (const k of Object.keys(sides)) if (!ids.has(Number(k))) throw new CrosswayError(`core id ${k} does not occur in ${path}`, { file, field: `landscape.cores.sides.${k}` });
  return { focal: makeGrid(g.width, g.height, data, { transform: template.transform, crs: template.crs }), cores };
}

/** Core polygons to a grid of ids: a cell belongs to a core when its centre lies inside the polygon. */
async function rasterizeCores(path: string, template: Grid, config: ScenarioFile): Promise<{ focal: Grid; cores: Core[] }> {
  const C = config.landscape.cores;
  const fc = await readFeatures(path, template.crs);
  const { width, height, transform: t } = template;
  const data = new Float64Array(width * height);
  const cores: Core[] = [];
  fc.features.forEach((f, i) => {
    const id = Number(f.properties?.[C.id_property]);
    const label = `feature ${i}`;
    if (!(Number.isInteger(id) && id > 0)) throw new CrosswayError(`property '${C.id_property}' must be a positive integer, got ${JSON.stringify(f.properties?.[C.id_property])}`, { file: path, field: label });
    const side = C.sides?.[String(id)] ?? f.properties?.[C.side_property];
    if (side !== "west" && side !== "east") throw new CrosswayError(`property '${C.side_property}' must be "west" or "east", got ${JSON.stringify(side)}`, { file: path, field: `${label} (core ${id})` });
    if (!f.geometry || (f.geometry.type !== "Polygon" && f.geometry.type !== "MultiPolygon")) throw new CrosswayError("core geometry must be a Polygon or MultiPolygon", { file: path, field: label });
    const rings = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    const projected: Feature<MultiPolygon | Polygon> = { type: "Feature", properties: {}, geometry: { type: "MultiPolygon", coordinates: rings.map((poly) => poly.map((ring) => ring.map(fc.toGrid))) } };
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const poly of projected.geometry.coordinates as number[][][][]) for (const ring of poly) for (const [x, y] of ring) {
      minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
    }
    const c0 = Math.max(0, Math.floor((minX - t[0]) / t[1]));
    const c1 = Math.min(width - 1, Math.floor((maxX - t[0]) / t[1]));
    const r0 = Math.max(0, Math.floor((maxY - t[3]) / t[5]));
    const r1 = Math.min(height - 1, Math.floor((minY - t[3]) / t[5]));
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) {
      if (booleanPointInPolygon([t[0] + (c + 0.5) * t[1], t[3] + (r + 0.5) * t[5]], projected)) data[r * width + c] = id;
    }
    if (!cores.some((x) => x.id === id)) cores.push({ id, side });
  });
  return { focal: makeGrid(width, height, data, { transform: template.transform, crs: template.crs }), cores: cores.sort((a, b) => a.id - b.id) };
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
  const params = resolveParameters(study.config.species, { road_resistance: study.config.landscape.road.resistance }, study.config.baseline.parameters, ...parameters);
  const scenario = { ...resolveScenario(study.existing, spec, params, study.locate, study.file, where), name, mortality: studyMortality(study) };
  const landKey = await study.landFor(params);
  // Only what changes the numbers goes into the key: not the name (a renamed scenario reuses its
  // result) and not the ranking options (ranking is redone from stored results every time).
  const { objective: _o, pinch_points: _p, ...analysis } = study.config.analysis;
  const key = scenarioKey({ scenario: { ...scenario, name: undefined }, analysis, landscape: { road: study.config.landscape.road, cores: study.config.landscape.cores, recipe: typeof study.config.landscape.recipe === "object" ? study.config.landscape.recipe : undefined, species: study.config.species } }, study.inputHashes, ENGINE_VERSION);
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
  return resolveMortality(m, study.config.landscape.road.traffic, resolveAnimal(study.config.species, m), { lengthM: road.line.length, cellsPerCrossing }, study.file, study.config.species);
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
