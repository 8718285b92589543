/**
 * Species profiles: the model parameters a profile sets unless the baseline or a scenario overrides
 * them (the land's own parameters - habitat transform c, rmax - belong to the resistance recipe
 * and its species profiles; a scenario may still override them). The values are ILLUSTRATIVE planning defaults (expert-judgement style, not fitted to data):
 * large cats use wide overpasses and bridges well and culverts hardly at all; ungulate prey avoid
 * enclosed underpasses more than cats do and shun roads more strongly.
 */
import type { Parameters, Species, StructureType } from "./schema.ts";

export interface ResolvedParameters {
  road_resistance: number;
  effectiveness_scale: number;
  effectiveness: Record<StructureType, number>;
  /** Undefined: the recipe's own value (these only act on a recipe's habitat layer). */
  habitat_c?: number;
  rmax?: number;
}

export const SPECIES_PROFILES: Record<Species, ResolvedParameters> = {
  leopard: {
    road_resistance: 1000,
    effectiveness_scale: 1,
    effectiveness: { overpass: 0.9, underpass: 0.6, culvert: 0.1, bridge: 0.8, tunnel: 0.95 },
  },
  tiger: {
    road_resistance: 1000,
    effectiveness_scale: 1,
    effectiveness: { overpass: 0.9, underpass: 0.5, culvert: 0.05, bridge: 0.8, tunnel: 0.95 },
  },
  prey: {
    road_resistance: 2000,
    effectiveness_scale: 1,
    effectiveness: { overpass: 0.95, underpass: 0.3, culvert: 0.02, bridge: 0.7, tunnel: 0.95 },
  },
};

/** Profile values, then the baseline's, then the scenario's overrides (later wins; per type for effectiveness). */
export function resolveParameters(species: Species, ...layers: (Parameters | undefined)[]): ResolvedParameters {
  const base = SPECIES_PROFILES[species];
  const out: ResolvedParameters = { ...base, effectiveness: { ...base.effectiveness } };
  for (const p of layers) {
    if (!p) continue;
    if (p.road_resistance !== undefined) out.road_resistance = p.road_resistance;
    if (p.effectiveness_scale !== undefined) out.effectiveness_scale = p.effectiveness_scale;
    if (p.habitat_c !== undefined) out.habitat_c = p.habitat_c;
    if (p.rmax !== undefined) out.rmax = p.rmax;
    if (p.effectiveness) Object.assign(out.effectiveness, p.effectiveness);
  }
  return out;
}
