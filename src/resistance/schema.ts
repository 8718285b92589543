/**
 * The resistance recipe: a planner-readable YAML document saying which layers make the surface
 * and how. Strict everywhere: an unknown key is an error naming its path (a misspelt key that was
 * silently ignored would quietly change the model). The scenario engine embeds RecipeSchema.
 *
 * Example (paths relative to the recipe's folder):
 *
 *   template: data/landcover.tif     # extent, cell size and CRS of the output (default: first layer)
 *   resample: false                  # true: layers that do not align are resampled onto the template
 *   rmax: 1000                       # ceiling of the habitat transform and of the clip
 *   habitat:
 *     path: data/habitat.tif
 *     scale: auto                    # unit (0..1), percent (0..100) or auto (from the layer's maximum)
 *     transform: negative_exponential  # or linear, inverse
 *     c: 8
 *   landcover:
 *     path: data/landcover.tif
 *     table: { 1: 1, 2: 5, 3: 50, 4: 200, 5: nodata, 6: barrier }
 *   combine: max                     # sum, product, max, weighted_sum (then give each layer a weight)
 *   clip: { min: 1, max: 1000 }      # default [1, rmax]
 *   roads:
 *     path: data/highway.geojson
 *     width_attribute: width_m       # map units (metres in UTM)
 *     default_width: 25
 *     class_attribute: class
 *     table: { motorway: 5000, primary: 1000 }
 *     decay: { amplitude: 50, length: 150, max_distance: 500 }
 *   fences: { path: data/fences.geojson }
 *   crossings:
 *     path: data/crossings.geojson   # Points or short lines across the road; properties type, width_m
 *     types:
 *       overpass:  { effectiveness: 0.9, default_width: 50 }
 *       underpass: { effectiveness: 0.6 }
 *       culvert:   { resistance: 400 }
 *   species:                         # parameter sets; the one named by `profile` is merged over the above
 *     leopard: { habitat: { c: 8 }, crossings: { types: { culvert: { effectiveness: 0.05 } } } }
 *     prey:    { habitat: { c: 2 }, roads: { table: { motorway: 2000 } } }
 *   profile: leopard
 */
import { z } from "zod";
import { CROSSING_TYPES } from "./crossings.ts";

const positive = z.number().positive();
const classKey = z.string().regex(/^-?\d+$/, "class values are integers");
const ReclassValueSchema = z.union([positive, z.enum(["nodata", "barrier"])]);

export const HabitatLayerSchema = z.strictObject({
  path: z.string().min(1),
  scale: z.enum(["unit", "percent", "auto"]).default("auto"),
  transform: z.enum(["negative_exponential", "linear", "inverse"]).default("negative_exponential"),
  /** Shape of the negative-exponential transform; required for it (here or in the species profile). */
  c: z.number().optional(),
  /** Weight in a weighted_sum combination. */
  weight: z.number().nonnegative().optional(),
});

export const LandcoverLayerSchema = z.strictObject({
  path: z.string().min(1),
  /** Class value -> resistance, "nodata" or "barrier". Every class in the raster must be listed. */
  table: z.record(classKey, ReclassValueSchema),
  weight: z.number().nonnegative().optional(),
});

/** A further factor layer already in resistance units (e.g. slope-derived). */
export const FactorLayerSchema = z.strictObject({
  name: z.string().min(1),
  path: z.string().min(1),
  weight: z.number().nonnegative().optional(),
  /** nearest for classes, bilinear for continuous values (when resampling). */
  resampling: z.enum(["nearest", "bilinear"]).default("bilinear"),
});

export const DecaySchema = z.strictObject({
  /** Added resistance at the road edge. */
  amplitude: z.number().nonnegative(),
  /** e-folding distance, map units. */
  length: positive,
  /** No disturbance beyond this distance from the road edge, map units. */
  max_distance: z.number().nonnegative(),
});

export const RoadsSchema = z.strictObject({
  path: z.string().min(1),
  width_attribute: z.string().default("width_m"),
  default_width: positive.optional(),
  class_attribute: z.string().optional(),
  table: z.record(z.string(), positive).optional(),
  traffic_attribute: z.string().optional(),
  /** Ascending thresholds on the traffic attribute: the last break whose min <= value applies. */
  breaks: z
    .array(z.strictObject({ min: z.number(), resistance: positive }))
    .min(1)
    .optional(),
  /** One resistance for all roads when neither a table nor breaks apply. */
  resistance: positive.optional(),
  decay: DecaySchema.optional(),
});

export const FencesSchema = z.strictObject({
  path: z.string().min(1),
  /** Optional width property (map units); a fence without one is a 1-cell, 4-connected line. */
  width_attribute: z.string().default("width_m"),
});

export const CrossingTypeSchema = z
  .strictObject({
    effectiveness: z.number().min(0).max(1).optional(),
    resistance: positive.optional(),
    default_width: positive.optional(),
  })
  .refine((t) => !(t.effectiveness !== undefined && t.resistance !== undefined), {
    message: "give effectiveness or resistance, not both",
  });

export const CrossingsSchema = z.strictObject({
  path: z.string().min(1),
  type_attribute: z.string().default("type"),
  width_attribute: z.string().default("width_m"),
  types: z.partialRecord(z.enum(CROSSING_TYPES), CrossingTypeSchema),
  /** How far beyond the road's half width a crossing keeps opening fences (map units; default 2 cells). */
  fence_reach: z.number().nonnegative().optional(),
});

/** What a species profile may change: parameters, never file paths. Tables merge key by key. */
export const SpeciesProfileSchema = z.strictObject({
  rmax: z.number().min(1).optional(),
  clip: z.strictObject({ min: positive.optional(), max: positive.optional() }).optional(),
  habitat: z
    .strictObject({
      transform: z.enum(["negative_exponential", "linear", "inverse"]).optional(),
      c: z.number().optional(),
      weight: z.number().nonnegative().optional(),
    })
    .optional(),
  landcover: z
    .strictObject({ table: z.record(classKey, ReclassValueSchema).optional(), weight: z.number().nonnegative().optional() })
    .optional(),
  roads: z
    .strictObject({
      table: z.record(z.string(), positive).optional(),
      breaks: z
        .array(z.strictObject({ min: z.number(), resistance: positive }))
        .min(1)
        .optional(),
      resistance: positive.optional(),
      decay: DecaySchema.optional(),
    })
    .optional(),
  crossings: z.strictObject({ types: z.partialRecord(z.enum(CROSSING_TYPES), CrossingTypeSchema).optional() }).optional(),
});

export const RecipeSchema = z.strictObject({
  template: z.string().min(1).optional(),
  resample: z.boolean().default(false),
  rmax: z.number().min(1).default(1000),
  habitat: HabitatLayerSchema.optional(),
  landcover: LandcoverLayerSchema.optional(),
  layers: z.array(FactorLayerSchema).default([]),
  combine: z.enum(["sum", "product", "max", "weighted_sum"]).default("max"),
  clip: z.strictObject({ min: positive.default(1), max: positive.optional() }).optional(),
  roads: RoadsSchema.optional(),
  fences: FencesSchema.optional(),
  crossings: CrossingsSchema.optional(),
  species: z.record(z.string(), SpeciesProfileSchema).optional(),
  profile: z.string().optional(),
});

export type Recipe = z.output<typeof RecipeSchema>;
export type RecipeInput = z.input<typeof RecipeSchema>;
export type SpeciesProfile = z.output<typeof SpeciesProfileSchema>;
