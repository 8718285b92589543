/**
 * The scenario file (YAML): the landscape, the species, the baseline, the proposals and the
 * analysis options. Strict everywhere: an unknown key is an error, so a typo never silently
 * falls back to a default. Lengths are metres (map units of the grid's projected CRS).
 */
import { z } from "zod";
import { SitingSchema } from "../siting/schema.ts";
import { RecipeSchema } from "../resistance/schema.ts";

import { STRUCTURE_TYPES } from "./structure-types.ts";
export { STRUCTURE_TYPES, type StructureType } from "./structure-types.ts";
export const SPECIES = ["leopard", "tiger", "prey"] as const;
export type Species = (typeof SPECIES)[number];

const coord = z.tuple([z.number(), z.number()]);
export const GeometrySchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("Point"), coordinates: coord }),
  z.strictObject({ type: z.literal("LineString"), coordinates: z.array(coord).min(2) }),
]);

/** Where a structure or fence sits: a geometry (in `crs`, default the grid's) or a chainage along the highway. */
const placed = {
  geometry: GeometrySchema.optional(),
  /** Distance along the highway centreline from its first vertex, metres. */
  chainage_m: z.number().nonnegative().optional(),
};

export const StructureSchema = z
  .strictObject({
    id: z.string().min(1),
    type: z.enum(STRUCTURE_TYPES),
    ...placed,
    /** Opening width measured along the road, metres. */
    width_m: z.number().positive(),
    /** 0 (no better than the road) .. 1 (as easy as good habitat). Default: the species profile's value for the type. */
    effectiveness: z.number().min(0).max(1).optional(),
    /** Construction cost, millions (any currency, used consistently). */
    cost_musd: z.number().nonnegative().default(0),
  })
  .refine((s) => (s.geometry === undefined) !== (s.chainage_m === undefined), {
    message: "give exactly one of geometry or chainage_m",
  });
export type StructureSpec = z.infer<typeof StructureSchema>;

/** A fence along the road between two chainages: road cells there that are not structures become barriers. */
export const FenceSchema = z
  .strictObject({
    id: z.string().min(1),
    from_m: z.number().nonnegative(),
    to_m: z.number().nonnegative(),
    cost_musd: z.number().nonnegative().default(0),
  })
  .refine((f) => f.to_m > f.from_m, { message: "to_m must be greater than from_m" });
export type FenceSpec = z.infer<typeof FenceSchema>;

export const ChangeSchema = z.strictObject({
  id: z.string().min(1),
  type: z.enum(STRUCTURE_TYPES).optional(),
  width_m: z.number().positive().optional(),
  effectiveness: z.number().min(0).max(1).optional(),
  /** Cost of the change itself (widening, repair), millions. */
  cost_musd: z.number().nonnegative().optional(),
});
export type ChangeSpec = z.infer<typeof ChangeSchema>;

/** Model parameters a scenario (or the species profile) may set. */
export const ParametersSchema = z.strictObject({
  /** Resistance of road cells (no structure). */
  road_resistance: z.number().positive().optional(),
  /** Multiplier on every structure's effectiveness (result clipped to [0, 1]), for sensitivity (1 = as given). */
  effectiveness_scale: z.number().positive().optional(),
  /** Effectiveness per structure type. */
  effectiveness: z.partialRecord(z.enum(STRUCTURE_TYPES), z.number().min(0).max(1)).optional(),
  /** Habitat-to-resistance negative-exponential shape c (Keeley et al. 2016); needs a recipe with a habitat layer. Default: the recipe's. */
  habitat_c: z.number().positive().optional(),
  /** The recipe's rmax (ceiling of the habitat transform and of the clip). Default: the recipe's. */
  rmax: z.number().gt(1).optional(),
  /** Resistance per land-cover class, overriding the recipe's landcover table (class -> resistance); needs a recipe with a landcover layer. */
  landcover: z.record(z.string().regex(/^-?[0-9]+$/, "a land-cover class (a whole number)"), z.number().positive()).optional(),
});
export type Parameters = z.infer<typeof ParametersSchema>;

export const ScenarioSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '-' or '.' only (it names files)")
    .refine((n) => n !== "baseline", "'baseline' is reserved for the baseline row"),
  description: z.string().optional(),
  add: z.array(StructureSchema).default([]),
  remove: z.array(z.string().min(1)).default([]),
  change: z.array(ChangeSchema).default([]),
  fences: z.array(FenceSchema).default([]),
  parameters: ParametersSchema.optional(),
});
export type ScenarioSpec = z.infer<typeof ScenarioSchema>;

export const CoresSchema = z
  .strictObject({
    /** GeoJSON polygons with an integer id property and a side property ("west" / "east"). */
    geojson: z.string().optional(),
    /** Or a raster of integer ids (0 / nodata = not a core), aligned with the landscape. */
    raster: z.string().optional(),
    id_property: z.string().default("id"),
    side_property: z.string().default("side"),
    /** GeoJSON with the cores' names (`name` and `id_property` per feature), for maps; default: the `geojson` file's own names. */
    names: z.string().optional(),
    /** Side of each core id; required with `raster`, overrides the GeoJSON property when given. */
    sides: z.record(z.string().regex(/^\d+$/, "core ids are positive integers"), z.enum(["west", "east"])).optional(),
  })
  .refine((c) => (c.geojson === undefined) !== (c.raster === undefined), { message: "give exactly one of geojson or raster" });

/** Traffic on one stretch of the highway (chainage in metres), overriding the road's own AADT there. */
export const TrafficSegmentSchema = z
  .strictObject({
    from_m: z.number().nonnegative(),
    to_m: z.number().nonnegative(),
    /** Annual average daily traffic, vehicles per day (both directions). */
    aadt: z.number().nonnegative(),
    night_share: z.number().min(0).max(1).optional(),
  })
  .refine((s) => s.to_m > s.from_m, { message: "to_m must be greater than from_m" });

/** Traffic on the highway, for road-kill mortality (src/mortality/traffic.ts, scenarios/METRICS.md). */
export const TrafficSchema = z.strictObject({
  /** Annual average daily traffic, vehicles per day (both directions); may be omitted where segments cover the whole road. */
  aadt: z.number().nonnegative().optional(),
  /** Share of the AADT driven in the night hours (0..1); absent: traffic spread evenly over the day. */
  night_share: z.number().min(0).max(1).optional(),
  /** Length of the night, hours. */
  night_hours: z.number().gt(0).lt(24).default(10),
  /** Vehicle width, metres (cars ~1.8, trucks ~2.5): part of the kill width. */
  vehicle_width_m: z.number().positive().default(2),
  /** Stretches with their own AADT (AADT may vary along the road). */
  segments: z.array(TrafficSegmentSchema).default([]),
});

export const RoadSchema = z.strictObject({
  /** Road width, metres: cells whose centre lies within width/2 of the centreline are road, plus the cells the line passes through and both ends of every step across it (src/resistance/roads.ts). */
  width_m: z.number().positive().default(30),
  /** Resistance of road cells; overrides the species profile's road_resistance (a scenario or sweep may override it again). */
  resistance: z.number().positive().optional(),
  /** Traffic, for mortality (`mortality` block). */
  traffic: TrafficSchema.optional(),
});

export const LandscapeSchema = z
  .strictObject({
    /** A resistance grid (GeoTIFF or .asc) of the land WITHOUT the road (the road is burnt from `highway`). */
    resistance: z.string().optional(),
    /**
     * Or a resistance recipe (src/resistance; a file path or inline). The scenario engine takes its
     * LAND (layers, combine, clip, the species profile's layer parameters); the highway, structures and
     * fences come from this landscape block and the scenarios and are burnt with the recipe's own
     * road and crossing code (src/resistance/roads.ts, crossings.ts), so the recipe may not have
     * roads, fences or crossings sections of its own (an error says so).
     */
    recipe: z.union([z.string(), RecipeSchema]).optional(),
    /** Highway centreline: GeoJSON LineString(s), any CRS (reprojected to the grid's). */
    highway: z.string(),
    road: RoadSchema.prefault({}),
    cores: CoresSchema,
    /** Existing crossing structures: GeoJSON points / lines with id, type, width_m, effectiveness properties. */
    crossings: z.string().optional(),
    /** Context for the maps only (they change no number): villages (points or polygons with a name) and rivers (lines). */
    villages: z.string().optional(),
    rivers: z.string().optional(),
  })
  .refine((l) => (l.resistance === undefined) !== (l.recipe === undefined), { message: "give exactly one of resistance or recipe" });

export const OBJECTIVES = [
  "delta_effective_resistance_pct",
  "delta_least_cost_pct",
  "crossing_current_share",
  "improvement_per_cost",
  "cost",
  "success_probability",
  "delta_success_pct",
  "road_deaths",
  "delta_road_deaths_pct",
  "road_deaths_avoided_pct_per_cost",
] as const;
/** Objectives that need the `mortality` block. */
export const MORTALITY_OBJECTIVES: readonly Objective[] = [
  "success_probability",
  "delta_success_pct",
  "road_deaths",
  "delta_road_deaths_pct",
  "road_deaths_avoided_pct_per_cost",
];
export type Objective = (typeof OBJECTIVES)[number];

const Neighbours = z.union([z.literal(4), z.literal(8)]);

/**
 * `neighbours` is the canonical spelling; `neighbors` (the spelling of the CLI's `--neighbors`
 * option) is accepted too, so a file written after reading `crossway leastcost --help` is not
 * refused. Both with different values is an error naming the second key.
 */
export const AnalysisSchema = z
  .strictObject({
    neighbours: Neighbours.optional(),
    neighbors: Neighbours.optional(),
    average_resistances: z.boolean().default(false),
    tolerance: z.number().positive().max(1e-2).default(1e-6),
    pairs: z.enum(["across", "all"]).default("across"),
    /** Least-cost corridor width cut-off (cost units), passed to the corridor analysis. */
    corridor_cutoff: z.number().positive().optional(),
    segment_length_m: z.number().positive().default(500),
    /** Number of top road-profile segments reported as pinch points. */
    pinch_points: z.number().int().positive().default(5),
    least_cost: z.boolean().default(true),
    /** Ranking keys, first decides; cost breaks ties. */
    objective: z.array(z.enum(OBJECTIVES)).min(1).default(["delta_effective_resistance_pct", "cost"]),
  })
  .superRefine((a, ctx) => {
    if (a.neighbours !== undefined && a.neighbors !== undefined && a.neighbours !== a.neighbors) {
      ctx.addIssue({
        code: "custom",
        path: ["neighbors"],
        message: `${a.neighbors} contradicts neighbours: ${a.neighbours} (two spellings of one key; give neighbours only)`,
      });
    }
  })
  .transform(({ neighbours, neighbors, ...rest }) => ({ neighbours: neighbours ?? neighbors ?? 8, ...rest }));
export type Analysis = z.infer<typeof AnalysisSchema>;

/**
 * Mortality-aware connectivity (src/mortality, scenarios/METRICS.md): an absorbing random walk on the
 * circuit graph. Present: every scenario also gets success_probability and road_deaths.
 */
export const MortalitySchema = z.strictObject({
  /** q on open road cells: "traffic" (from landscape.road.traffic and the species) or a fixed probability per road cell. */
  road: z.union([z.literal("traffic"), z.number().min(0).max(1)]).default("traffic"),
  /** Probability of dying per step anywhere (off the cores), so that long detours cost something. */
  background: z.number().min(0).max(1).default(0),
  /** Overrides of the species profile (src/scenario/species.ts). */
  body_length_m: z.number().positive().optional(),
  crossing_speed_m_s: z.number().positive().optional(),
  night_crossing_share: z.number().min(0).max(1).optional(),
  /**
   * Multiplier on the road's kill hazard (N a / v per crossing; -ln(1 - q) for a fixed q): 1 = the
   * traffic model as it is. `crossway calibrate` fits it as traffic_mortality_scale.
   */
  traffic_scale: z.number().positive().optional(),
  /** Relative residual of the mortality solves: tighter than the circuit's, as success probabilities can be small. */
  tolerance: z.number().positive().max(1e-6).default(1e-10),
});
export type MortalityConfig = z.infer<typeof MortalitySchema>;

export const ScenarioFileSchema = z
  .strictObject({
    name: z.string().min(1).default("scenarios"),
    description: z.string().optional(),
    landscape: LandscapeSchema,
    species: z.enum(SPECIES).default("leopard"),
    baseline: z.strictObject({ parameters: ParametersSchema.optional() }).prefault({}),
    scenarios: z.array(ScenarioSchema).default([]),
    analysis: AnalysisSchema.prefault({}),
    mortality: MortalitySchema.optional(),
    /** Where `crossway site` may place new structures (src/siting/schema.ts). */
    siting: SitingSchema.optional(),
  })
  .superRefine((f, ctx) => {
    if (!f.mortality && f.siting?.objective && f.siting.objective !== "effective_resistance")
      ctx.addIssue({ code: "custom", path: ["siting", "objective"], message: `'${f.siting.objective}' needs a mortality block` });
    if (!f.mortality) {
      f.analysis.objective.forEach((o, i) => {
        if (MORTALITY_OBJECTIVES.includes(o))
          ctx.addIssue({
            code: "custom",
            path: ["analysis", "objective", i],
            message: `'${o}' needs a mortality block (mortality: { road: traffic } with landscape.road.traffic)`,
          });
      });
    }
    const seen = new Map<string, number>();
    f.scenarios.forEach((s, i) => {
      if (seen.has(s.name))
        ctx.addIssue({
          code: "custom",
          path: ["scenarios", i, "name"],
          message: `duplicate scenario name '${s.name}' (also scenarios[${seen.get(s.name)}])`,
        });
      seen.set(s.name, i);
    });
  });
export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;
