/**
 * Resolve a scenario into plain, complete data: the final list of structures (existing ones minus
 * removals, with changes applied, plus additions), fences, and every model parameter. The resolved
 * form is what gets hashed (so two spellings of the same scenario share one result) and what a
 * worker needs to rebuild the scenario's resistance surface.
 */
import { CrosswayError } from "../util/errors.ts";
import type { FenceSpec, ScenarioSpec, StructureSpec, StructureType } from "./schema.ts";
import type { ResolvedParameters } from "./species.ts";
import type { ResolvedMortality } from "../mortality/traffic.ts";

export interface ResolvedStructure {
  id: string;
  type: StructureType;
  chainage_m: number;
  width_m: number;
  /** Effectiveness after the species default, overrides and effectiveness_scale (clamped to [0, 1]). */
  effectiveness: number;
  /** Cost counted in this scenario (0 for an existing structure left as it is). */
  cost_musd: number;
  status: "existing" | "new" | "changed";
}

export interface ResolvedFence {
  id: string;
  from_m: number;
  to_m: number;
  cost_musd: number;
}

export interface ResolvedScenario {
  name: string;
  structures: ResolvedStructure[];
  fences: ResolvedFence[];
  parameters: ResolvedParameters;
  /** Sum of construction costs of new and changed structures and fences, millions. */
  cost: number;
  /** Road-kill and background mortality, when the scenario file has a mortality block (src/mortality). */
  mortality?: ResolvedMortality;
}

/** Chainage of a structure from its geometry or chainage_m; throws naming `where` when off the road. */
export type Locate = (s: StructureSpec, where: string, file?: string) => number;

export interface ExistingStructure {
  id: string;
  type: StructureType;
  chainage_m: number;
  width_m: number;
  effectiveness?: number;
}

function effectivenessOf(type: StructureType, given: number | undefined, p: ResolvedParameters): number {
  const e = (given ?? p.effectiveness[type]) * p.effectiveness_scale;
  return Math.min(1, Math.max(0, e));
}

export function resolveScenario(
  existing: readonly ExistingStructure[],
  spec: Pick<ScenarioSpec, "name" | "add" | "remove" | "change" | "fences"> | null,
  parameters: ResolvedParameters,
  locate: Locate,
  file: string,
  where: string,
): ResolvedScenario {
  const byId = new Map<string, ResolvedStructure & { givenEff?: number }>();
  for (const s of existing) {
    byId.set(s.id, { ...s, effectiveness: 0, givenEff: s.effectiveness, cost_musd: 0, status: "existing" });
  }
  const fences: ResolvedFence[] = [];
  if (spec) {
    spec.remove.forEach((id, j) => {
      if (!byId.delete(id)) {
        throw new CrosswayError(`no existing structure with id '${id}' to remove (known: ${[...byId.keys()].join(", ") || "none"})`, {
          file,
          field: `${where}.remove[${j}]`,
        });
      }
    });
    spec.change.forEach((c, j) => {
      const s = byId.get(c.id);
      if (!s) throw new CrosswayError(`no structure with id '${c.id}' to change`, { file, field: `${where}.change[${j}].id` });
      if (c.type !== undefined) s.type = c.type;
      if (c.width_m !== undefined) s.width_m = c.width_m;
      if (c.effectiveness !== undefined) s.givenEff = c.effectiveness;
      s.cost_musd += c.cost_musd ?? 0;
      s.status = "changed";
    });
    spec.add.forEach((a, j) => {
      if (byId.has(a.id)) throw new CrosswayError(`structure id '${a.id}' already exists`, { file, field: `${where}.add[${j}].id` });
      byId.set(a.id, {
        id: a.id,
        type: a.type,
        chainage_m: locate(a, `${where}.add[${j}]`),
        width_m: a.width_m,
        effectiveness: 0,
        givenEff: a.effectiveness,
        cost_musd: a.cost_musd,
        status: "new",
      });
    });
    spec.fences.forEach((f: FenceSpec) => fences.push({ id: f.id, from_m: f.from_m, to_m: f.to_m, cost_musd: f.cost_musd }));
  }
  const structures: ResolvedStructure[] = [...byId.values()]
    .map(({ givenEff, ...s }) => ({ ...s, effectiveness: effectivenessOf(s.type, givenEff, parameters) }))
    .sort((a, b) => a.chainage_m - b.chainage_m || (a.id < b.id ? -1 : 1));
  fences.sort((a, b) => a.from_m - b.from_m || (a.id < b.id ? -1 : 1));
  const cost = structures.reduce((t, s) => t + s.cost_musd, 0) + fences.reduce((t, f) => t + f.cost_musd, 0);
  return { name: spec?.name ?? "baseline", structures, fences, parameters, cost };
}
