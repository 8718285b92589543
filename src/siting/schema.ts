/**
 * The `siting:` section of a scenario file (and the defaults `crossway site` starts from): where along
 * the highway candidate structures may go, which types, what each costs, the budget and the objective.
 * The catalogue's costs and widths are ILLUSTRATIVE planning figures (the demo sweep's), to be replaced
 * by a study's own; a type's effectiveness defaults to the species profile's (src/scenario/species.ts).
 */
import { z } from "zod";
import { STRUCTURE_TYPES, type StructureType } from "../scenario/structure-types.ts";

export const SITING_OBJECTIVES = ["effective_resistance", "success_probability", "road_deaths"] as const;
export type SitingObjective = (typeof SITING_OBJECTIVES)[number];

export const CatalogueEntrySchema = z.strictObject({
  /** Opening width along the road, metres. */
  width_m: z.number().positive(),
  /** Construction cost, millions. */
  cost_musd: z.number().positive(),
  /** 0..1; default: the species profile's value for the type. */
  effectiveness: z.number().min(0).max(1).optional(),
});
export type CatalogueEntry = z.infer<typeof CatalogueEntrySchema>;

export const DEFAULT_CATALOGUE: Record<StructureType, CatalogueEntry> = {
  overpass: { width_m: 60, cost_musd: 12 },
  underpass: { width_m: 20, cost_musd: 3 },
  bridge: { width_m: 120, cost_musd: 8 },
  culvert: { width_m: 5, cost_musd: 0.8 },
  tunnel: { width_m: 200, cost_musd: 40 },
};

export const SitingSchema = z
  .strictObject({
    /** Distance between candidate positions along the centreline, metres. */
    spacing_m: z.number().positive().default(100),
    /** Candidate types (each must be in the catalogue). */
    types: z.array(z.enum(STRUCTURE_TYPES)).min(1).default(["overpass", "underpass"]),
    /** Per type: width, cost, effectiveness; merged over DEFAULT_CATALOGUE. */
    catalogue: z.partialRecord(z.enum(STRUCTURE_TYPES), CatalogueEntrySchema).prefault({}),
    /** Total cost of the plan, millions; default: no limit (max_structures only). */
    budget_musd: z.number().positive().optional(),
    /** Most structures in the plan. */
    max_structures: z.number().int().positive().default(3),
    /** Least distance between two structures of the plan (and from an existing one), metres. */
    min_spacing_m: z.number().nonnegative().default(500),
    /** Candidates only between these chainages (metres); default the whole road. */
    from_m: z.number().nonnegative().optional(),
    to_m: z.number().positive().optional(),
    /**
     * An elevation grid (relative to the scenario file) and the rule of feasibility.ts: overpasses and
     * tunnels where the road runs in a cut, underpasses, bridges and culverts where it crosses a valley.
     */
    elevation: z
      .strictObject({
        path: z.string().min(1),
        /** Least height difference that counts as a cut or a valley, metres. */
        relief_m: z.number().positive().default(3),
        /** How far from the road the ground is compared, metres. */
        reach_m: z.number().positive().default(150),
      })
      .optional(),
    /** GeoJSON polygons (any CRS) where no structure may go, relative to the scenario file. */
    exclude: z.string().min(1).optional(),
    /**
     * May the plan also fence stretches of road between structures (after placing them)? Only with an
     * objective that counts deaths (success_probability, road_deaths): fences always raise effective
     * resistance. Cost per km of fence, millions (illustrative default).
     */
    fences: z.boolean().default(false),
    fence_cost_musd_per_km: z.number().positive().default(0.3),
    /** What the plan improves; default success_probability with a mortality block, else effective_resistance. */
    objective: z.enum(SITING_OBJECTIVES).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.from_m !== undefined && s.to_m !== undefined && s.to_m <= s.from_m)
      ctx.addIssue({ code: "custom", path: ["to_m"], message: `must be greater than from_m (${s.from_m})` });
  });
export type Siting = z.infer<typeof SitingSchema>;
