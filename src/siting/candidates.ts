/**
 * Candidate structures for siting: a position every spacing_m along the highway's centreline (within
 * from_m..to_m, none closer than min_spacing_m to an existing structure) for each candidate type, with
 * the catalogue's width, effectiveness and cost.
 */
import type { StructureSpec } from "../scenario/schema.ts";
import type { StructureType } from "../scenario/structure-types.ts";
import { CrosswayError } from "../util/errors.ts";
import { type CatalogueEntry, DEFAULT_CATALOGUE, type Siting } from "./schema.ts";

export interface Candidate {
  /** type initial and kilometre, e.g. "O-12.35" */
  id: string;
  type: StructureType;
  chainage_m: number;
  width_m: number;
  effectiveness?: number;
  cost_musd: number;
}

export function catalogueOf(siting: Siting): Record<StructureType, CatalogueEntry> {
  return { ...DEFAULT_CATALOGUE, ...siting.catalogue } as Record<StructureType, CatalogueEntry>;
}

export function makeCandidates(
  siting: Siting,
  roadLength: number,
  existing: { chainage_m: number }[],
  file: string,
  excluded: (chainage: number) => boolean = () => false,
  allowed: (type: StructureType, chainage: number) => boolean = () => true,
): Candidate[] {
  const cat = catalogueOf(siting);
  const from = siting.from_m ?? 0;
  const to = Math.min(siting.to_m ?? roadLength, roadLength);
  if (from >= roadLength)
    throw new CrosswayError(`siting.from_m ${from} lies beyond the end of the highway (${roadLength.toFixed(0)} m)`, {
      file,
      field: "siting.from_m",
    });
  if (siting.budget_musd !== undefined) {
    const cheapest = Math.min(...siting.types.map((t) => cat[t].cost_musd));
    if (siting.budget_musd < cheapest)
      throw new CrosswayError(`siting.budget_musd ${siting.budget_musd} is below the cheapest candidate type's cost (${cheapest})`, {
        file,
        field: "siting.budget_musd",
      });
  }
  const out: Candidate[] = [];
  for (let s = from + siting.spacing_m / 2; s < to; s += siting.spacing_m) {
    if (existing.some((e) => Math.abs(e.chainage_m - s) < siting.min_spacing_m) || excluded(s)) continue;
    for (const type of siting.types) {
      if (!allowed(type, s)) continue;
      const c = cat[type];
      out.push({
        id: `${type[0].toUpperCase()}-${(s / 1000).toFixed(2)}`,
        type,
        chainage_m: Math.round(s * 100) / 100,
        width_m: c.width_m,
        ...(c.effectiveness !== undefined ? { effectiveness: c.effectiveness } : {}),
        cost_musd: c.cost_musd,
      });
    }
  }
  if (out.length === 0)
    throw new CrosswayError(
      `no candidate positions: every position between ${from} and ${to} m lies within min_spacing_m of an existing structure, in an excluded zone or where the terrain allows none of the types`,
      {
        file,
        field: "siting",
      },
    );
  return out;
}

/** The structure a scenario file adds for a candidate. */
export function structureOf(c: Candidate): StructureSpec {
  return {
    id: c.id,
    type: c.type,
    chainage_m: c.chainage_m,
    width_m: c.width_m,
    ...(c.effectiveness !== undefined ? { effectiveness: c.effectiveness } : {}),
    cost_musd: c.cost_musd,
  } as StructureSpec;
}
