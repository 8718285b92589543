/**
 * A resistance recipe (schema.ts) -> the resistance surface, with the road and the crossing
 * structures burnt in.
 *
 * Order, each step on the template grid:
 *   1. layers: habitat (transformed), land cover (reclassified), further factor layers, each aligned
 *      with the template or resampled onto it (`resample: true`; nearest for classes, bilinear for
 *      continuous layers) - never silently misaligned;
 *   2. combined by the rule and clipped to [clip.min, clip.max] (default [1, rmax]): the "land";
 *   3. roads (never lowering a cell), disturbance beside them, fences (+Infinity);
 *   4. crossing structures, opened through road and fences.
 * Roads and structures are not clipped: a highway may well be far above the land's ceiling.
 *
 * The chosen species profile (`profile`, or the caller's override) is merged over the recipe
 * first: objects key by key (tables too, so a profile lists only the classes it changes), a
 * crossing type's entry as a whole (so a profile can switch a type from a resistance to an
 * effectiveness).
 */
import { dirname, isAbsolute, resolve } from "node:path";
import type { FeatureCollection } from "geojson";
import { readYaml } from "../util/read-input.ts";
import type { Crs, Grid } from "../grid/grid.ts";
import { assertAligned, isAligned } from "../grid/align.ts";
import { resampleTo } from "../grid/resample.ts";
import { readGeoJson, readGrid } from "../io/index.ts";
import { CrosswayError } from "../util/errors.ts";
import { combineLayers } from "./combine.ts";
import { burnCrossings, type CrossingResult, type CrossingTypeSpec, crossingsFromGeoJson } from "./crossings.ts";
import { reclassify } from "./reclass.ts";
import { applyRoads, fenceLinesFromGeoJson, rasterizeFences, rasterizeRoads, type RoadLine, roadLinesFromGeoJson } from "./roads.ts";
import { type Recipe, RecipeSchema } from "./schema.ts";
import { type HabitatTransform, habitatToResistance } from "./transforms.ts";
import { validate } from "../util/validate.ts";

export { RecipeSchema, SpeciesProfileSchema } from "./schema.ts";
export type { Recipe, RecipeInput, SpeciesProfile } from "./schema.ts";

export interface ResistanceResult {
  /** The final surface (Float64; NaN nodata, +Infinity barriers). */
  resistance: Grid<Float64Array>;
  /** The land before roads, fences and structures (combined and clipped layers). */
  land: Float64Array;
  /** The surface with roads, disturbance and fences but before crossing structures: burnCrossings
   *  on it (with roadResistance, roadMask, fenceMask, roads) re-burns another set of structures
   *  without rebuilding the layers. */
  withoutStructures: Float64Array;
  /** 1 on road cells. */
  roadMask: Uint8Array;
  /** Road resistance on road cells, NaN elsewhere. */
  roadResistance: Float64Array;
  /** 1 on fence cells (all zero without fences). */
  fenceMask: Uint8Array;
  /** Structure index per cell, -1 elsewhere. */
  structureOfCell: Int32Array;
  structures: CrossingResult[];
  /** Road lines in the grid CRS (for centrelines, chainage, ...). */
  roads: RoadLine[];
}

/** How the builder reaches files; tests and the scenario engine may supply their own. */
export interface RecipeIo {
  readGrid(path: string): Promise<Grid>;
  readGeoJson(path: string, targetCrs?: Crs): Promise<FeatureCollection>;
}

const defaultIo: RecipeIo = {
  readGrid: (p) => readGrid(p, { float64: true }),
  readGeoJson: (p, crs) => readGeoJson(p, crs),
};

export interface BuildOptions {
  /** The recipe file, for messages (default "recipe"). */
  file?: string;
  /** Species profile to apply, overriding the recipe's `profile`. */
  profile?: string;
  io?: RecipeIo;
}

/** Read and validate a recipe YAML file. Returns the recipe and the folder its paths are relative to. */
export async function loadRecipe(path: string): Promise<{ recipe: Recipe; baseDir: string }> {
  const doc = readYaml(path);
  return { recipe: parseRecipe(doc, path), baseDir: dirname(resolve(path)) };
}

/** Validate a parsed document (strict: unknown keys are errors naming their path). */
export function parseRecipe(doc: unknown, file = "recipe"): Recipe {
  return validate(RecipeSchema, doc ?? {}, file);
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function merge(base: unknown, over: unknown, path: string[]): unknown {
  if (!isPlain(base) || !isPlain(over)) return over === undefined ? base : over;
  // A crossing type's entry is replaced whole (see the file comment).
  const wholeEntries = path.length === 2 && path[0] === "crossings" && path[1] === "types";
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = wholeEntries ? v : merge(base[k], v, [...path, k]);
  }
  return out;
}

/** The recipe with a species profile merged in (the named one, else the recipe's `profile`). */
export function applyProfile(recipe: Recipe, name?: string, file = "recipe"): Recipe {
  const chosen = name ?? recipe.profile;
  if (chosen === undefined) return recipe;
  const prof = recipe.species?.[chosen];
  if (!prof) {
    const known = Object.keys(recipe.species ?? {});
    throw new CrosswayError(`species profile "${chosen}" is not defined (known: ${known.join(", ") || "none"})`, {
      file,
      field: "profile",
    });
  }
  // Parts the profile changes must exist in the recipe (a profile cannot conjure a layer's file).
  for (const k of ["habitat", "landcover", "roads", "crossings"] as const) {
    if (prof[k] !== undefined && recipe[k] === undefined) {
      throw new CrosswayError(`profile sets ${k} parameters but the recipe has no ${k} section`, { file, field: `species.${chosen}.${k}` });
    }
  }
  const merged = merge(recipe, prof, []) as Recipe;
  return { ...merged, profile: chosen };
}

async function loadLayer(
  io: RecipeIo,
  path: string,
  template: { grid: Grid; path: string } | null,
  resample: boolean,
  method: "nearest" | "bilinear",
): Promise<Grid> {
  const g = await io.readGrid(path);
  if (!template || g === template.grid) return g;
  if (isAligned(g, template.grid)) return g;
  if (resample) return resampleTo(g, template.grid, method);
  assertAligned(g, path, template.grid, template.path);
  return g;
}

/** Build the surface. `recipe` may be a parsed Recipe or a raw document (validated here). */
export async function buildResistance(recipeIn: Recipe | unknown, baseDir: string, opts: BuildOptions = {}): Promise<ResistanceResult> {
  const file = opts.file ?? "recipe";
  const io = opts.io ?? defaultIo;
  const recipe = applyProfile(parseRecipe(recipeIn, file), opts.profile, file);
  const at = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));

  // 1. Template and layers (a path read once even when named twice).
  const cache = new Map<string, Promise<Grid>>();
  const cachedIo: RecipeIo = {
    readGrid: (p) => {
      let g = cache.get(p);
      if (!g) cache.set(p, (g = io.readGrid(p)));
      return g;
    },
    readGeoJson: io.readGeoJson,
  };
  const templatePath = recipe.template ?? recipe.habitat?.path ?? recipe.landcover?.path ?? recipe.layers[0]?.path;
  if (templatePath === undefined) {
    throw new CrosswayError("a recipe needs a template or at least one layer (habitat, landcover or layers)", { file });
  }
  const template = { grid: await cachedIo.readGrid(at(templatePath)), path: at(templatePath) };
  const tg = template.grid;
  const layers: Grid[] = [];
  const names: string[] = [];
  const weights: (number | undefined)[] = [];
  if (recipe.habitat) {
    const h = recipe.habitat;
    const p = at(h.path);
    const g = await loadLayer(cachedIo, p, template, recipe.resample, "bilinear");
    let t: HabitatTransform;
    if (h.transform === "negative_exponential") {
      if (h.c === undefined) {
        throw new CrosswayError("the negative_exponential transform needs c (set it here or in the species profile)", {
          file,
          field: "habitat.c",
        });
      }
      t = { kind: "negative_exponential", c: h.c, rmax: recipe.rmax };
    } else t = { kind: h.transform, rmax: recipe.rmax };
    layers.push(habitatToResistance(g, t, h.scale, p));
    names.push(`habitat (${h.path})`);
    weights.push(h.weight);
  }
  if (recipe.landcover) {
    const p = at(recipe.landcover.path);
    const g = await loadLayer(cachedIo, p, template, recipe.resample, "nearest");
    layers.push(reclassify(g, recipe.landcover.table, p, file));
    names.push(`landcover (${recipe.landcover.path})`);
    weights.push(recipe.landcover.weight);
  }
  for (const [i, l] of recipe.layers.entries()) {
    const p = at(l.path);
    const g = await loadLayer(cachedIo, p, template, recipe.resample, l.resampling);
    for (let k = 0; k < g.data.length; k++) {
      if (g.data[k] <= 0) {
        throw new CrosswayError(`resistance ${g.data[k]} at cell ${k} must be > 0 (use nodata for cells outside the model)`, {
          file: p,
          field: `layers[${i}] (${l.name})`,
        });
      }
    }
    layers.push(g);
    names.push(`${l.name} (${l.path})`);
    weights.push(l.weight);
  }
  if (layers.length === 0) {
    throw new CrosswayError("no resistance layers: give habitat, landcover or layers", { file });
  }

  // 2. Combine and clip.
  if (recipe.combine === "weighted_sum") {
    const i = weights.findIndex((w) => w === undefined);
    if (i >= 0)
      throw new CrosswayError(`combine: weighted_sum needs a weight on every layer; ${names[i]} has none`, { file, field: "combine" });
  }
  const lo = recipe.clip?.min ?? 1;
  const hi = recipe.clip?.max ?? recipe.rmax;
  if (!(hi >= lo)) throw new CrosswayError(`clip max ${hi} is below clip min ${lo}`, { file, field: "clip" });
  const land = combineLayers(layers, { rule: recipe.combine, weights: weights as number[], clip: [lo, hi], names }).data;

  // 3. Roads, disturbance, fences.
  const n = tg.width * tg.height;
  const crs = tg.crs ?? undefined;
  let roads: RoadLine[] = [];
  let roadMask: Uint8Array = new Uint8Array(n);
  let roadRes: Float64Array = new Float64Array(n).fill(NaN);
  let roadRaster: ReturnType<typeof rasterizeRoads> | null = null;
  if (recipe.roads) {
    const r = recipe.roads;
    const p = at(r.path);
    const doc = await cachedIo.readGeoJson(p, crs);
    roads = roadLinesFromGeoJson(
      doc,
      {
        widthAttribute: r.width_attribute,
        defaultWidth: r.default_width,
        classAttribute: r.class_attribute,
        table: r.table,
        trafficAttribute: r.traffic_attribute,
        breaks: r.breaks,
        resistance: r.resistance,
      },
      p,
    );
    roadRaster = rasterizeRoads(
      tg,
      roads,
      r.decay ? { amplitude: r.decay.amplitude, length: r.decay.length, maxDistance: r.decay.max_distance } : null,
    );
    roadMask = roadRaster.mask;
    roadRes = roadRaster.resistance;
  }
  let fenceMask: Uint8Array | null = null;
  if (recipe.fences) {
    const p = at(recipe.fences.path);
    const doc = await cachedIo.readGeoJson(p, crs);
    fenceMask = rasterizeFences(tg, fenceLinesFromGeoJson(doc, p, recipe.fences.width_attribute));
  }
  const withoutStructures = applyRoads(land, roadRaster, fenceMask);
  let surface = withoutStructures;

  // 4. Crossing structures.
  let structureOfCell: Int32Array = new Int32Array(n).fill(-1);
  let structures: CrossingResult[] = [];
  if (recipe.crossings) {
    const c = recipe.crossings;
    const p = at(c.path);
    const doc = await cachedIo.readGeoJson(p, crs);
    const types: Record<string, CrossingTypeSpec> = {};
    for (const [k, v] of Object.entries(c.types)) {
      if (v) types[k] = { effectiveness: v.effectiveness, resistance: v.resistance, defaultWidth: v.default_width };
    }
    const crossings = crossingsFromGeoJson(doc, types, p, { type: c.type_attribute, width: c.width_attribute });
    if (crossings.length > 0 && roads.length === 0) {
      throw new CrosswayError("crossings need a roads section to be burnt into", { file, field: "crossings" });
    }
    const burnt = burnCrossings(
      surface,
      crossings,
      { grid: tg, roads, roadMask, roadResistance: roadRes, fenceMask, rmax: hi, fenceReach: c.fence_reach },
      p,
    );
    surface = burnt.resistance;
    structureOfCell = burnt.structureOfCell;
    structures = burnt.structures;
  }
  const resistance: Grid<Float64Array> = {
    width: tg.width,
    height: tg.height,
    data: surface,
    transform: [...tg.transform],
    crs: tg.crs,
    nodata: tg.nodata,
  };
  return {
    resistance,
    land,
    withoutStructures,
    roadMask,
    roadResistance: roadRes,
    fenceMask: fenceMask ?? new Uint8Array(n),
    structureOfCell,
    structures,
    roads,
  };
}
