/**
 * Species profiles: the model parameters a profile sets unless the baseline or a scenario overrides
 * them (the land's own parameters - habitat transform c, rmax - belong to the resistance recipe
 * and its species profiles; a scenario may still override them). The values are ILLUSTRATIVE planning defaults (expert-judgement style, not fitted to data):
 * large cats use wide overpasses and bridges well and culverts hardly at all; ungulate prey avoid
 * enclosed underpasses more than cats do and shun roads more strongly.
 */
import type { AnimalMortality } from "../mortality/traffic.ts";
import type { MortalityConfig, Parameters, Species, StructureType } from "./schema.ts";

export interface ResolvedParameters {
  road_resistance: number;
  effectiveness_scale: number;
  effectiveness: Record<StructureType, number>;
  /** Undefined: the recipe's own value (these only act on a recipe's habitat layer). */
  habitat_c?: number;
  rmax?: number;
  /** Land-cover class resistances overriding the recipe's table (undefined: the recipe's own). */
  landcover?: Record<string, number>;
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
    if (p.landcover) out.landcover = { ...out.landcover, ...p.landcover };
  }
  return out;
}

/**
 * What the road-kill model (src/mortality/traffic.ts) needs of the animal. ILLUSTRATIVE defaults, to
 * be replaced by the study's own values:
 *  - body_length_m, head and body: Amur leopard 1.07-1.36 m, Amur tiger 1.6-2.3 m (Heptner & Sludskii,
 *    Mammals of the Soviet Union, vol. II part 2, Carnivora: Felidae); prey stands for sika / roe deer,
 *    about 1.0-1.6 m. The mid-range value is used.
 *  - crossing_speed_m_s: an assumption, not a measurement - a walking to trotting large cat (about
 *    1-2 m/s; cats cross roads warily, so the lower end), a deer trotting across (about 2.5 m/s). The
 *    kill probability scales with 1/v, so this is the first value to vary in a sensitivity run.
 *  - night_crossing_share: share of road crossings made at night; large cats and deer in Primorye are
 *    mostly crepuscular and nocturnal (camera-trap activity patterns), hence 0.6-0.7, again illustrative.
 * The kill width adds the vehicle width (landscape.road.traffic.vehicle_width_m, default 2 m; cars
 * about 1.8 m, trucks 2.5 m), as in Hels & Buchwald (2001) and van Langevelde & Jaarsma (2004).
 */
export const SPECIES_MORTALITY: Record<Species, AnimalMortality> = {
  leopard: { body_length_m: 1.2, crossing_speed_m_s: 1.2, night_crossing_share: 0.7 },
  tiger: { body_length_m: 1.9, crossing_speed_m_s: 1.4, night_crossing_share: 0.6 },
  prey: { body_length_m: 1.3, crossing_speed_m_s: 2.5, night_crossing_share: 0.6 },
};

/** The profile's animal parameters with the mortality block's overrides. */
export function resolveAnimal(species: Species, m: MortalityConfig): AnimalMortality {
  const out: AnimalMortality = { ...SPECIES_MORTALITY[species] };
  if (m.body_length_m !== undefined) out.body_length_m = m.body_length_m;
  if (m.crossing_speed_m_s !== undefined) out.crossing_speed_m_s = m.crossing_speed_m_s;
  if (m.night_crossing_share !== undefined) out.night_crossing_share = m.night_crossing_share;
  return out;
}
