/**
 * Plain words, generated from the numbers, for what each fence scenario does to movement and to road
 * deaths (scenarios/METRICS.md, "Mortality"). A fence takes the fenced road cells out of the landscape:
 * effective resistance can only rise where nothing else changes, while fewer animals die on the road.
 * Every clause below is chosen by the sign of a number, never written in advance, so the paragraph stays
 * true when the landscape, the traffic or the fence changes.
 */

export interface MortalityRow {
  scenario: string;
  baseline: string;
  status: string;
  effective_resistance: number;
  delta_effective_resistance_pct: number;
  success_probability?: number;
  delta_success_pct?: number;
  road_deaths?: number;
  delta_road_deaths_pct?: number;
  cost: number;
}

export interface FencedScenario {
  fences: { id: string; from_m: number; to_m: number }[];
  structures: { status: string }[];
}

const km = (m: number) => `${+(m / 1000).toFixed(2)}`;
const pct = (v: number) => `${Math.abs(v).toFixed(2)} %`;
const prob = (v: number) => v.toPrecision(3);

/** Rows ranked by expected road deaths (fewest first, then cost), evaluated rows with mortality only. */
export function rankByDeaths<R extends { scenario: string; road_deaths?: number; cost: number; status?: string }>(rows: readonly R[]): R[] {
  return rows
    .filter((r) => (r.status ?? "ok") === "ok" && r.road_deaths !== undefined && Number.isFinite(r.road_deaths))
    .sort((a, b) => a.road_deaths! - b.road_deaths! || a.cost - b.cost || a.scenario.localeCompare(b.scenario));
}

/** Rows ranked by effective resistance (lowest first): the movement-only view the deaths ranking is set against. */
function rankByResistance<R extends MortalityRow>(rows: readonly R[]): R[] {
  return rows
    .filter((r) => r.status === "ok" && Number.isFinite(r.effective_resistance))
    .sort((a, b) => a.effective_resistance - b.effective_resistance || a.cost - b.cost || a.scenario.localeCompare(b.scenario));
}

/** One paragraph per scenario with a fence, comparing it with its baseline on both metrics. */
export function fenceParagraphs(rows: readonly MortalityRow[], scenarios: ReadonlyMap<string, FencedScenario>): string[] {
  const byName = new Map(rows.map((r) => [r.scenario, r]));
  const deathsOrder = rankByDeaths(rows).map((r) => r.scenario);
  const erOrder = rankByResistance(rows).map((r) => r.scenario);
  const out: string[] = [];
  for (const r of rows) {
    const sc = scenarios.get(r.scenario);
    if (!sc?.fences.length || r.status !== "ok" || r.scenario === r.baseline) continue;
    const base = byName.get(r.baseline);
    if (!base || r.road_deaths === undefined || base.road_deaths === undefined || r.delta_road_deaths_pct === undefined) continue;
    const fences = sc.fences.map((f) => `km ${km(f.from_m)}-${km(f.to_m)}`).join(" and ");
    const withStructures = sc.structures.some((s) => s.status !== "existing");
    const dER = r.delta_effective_resistance_pct;
    const dD = r.delta_road_deaths_pct;
    const dS = r.delta_success_pct ?? NaN;
    const parts: string[] = [];
    parts.push(`Scenario ${r.scenario} fences ${fences}${withStructures ? " together with new or rebuilt structures" : ""}.`);
    if (Math.abs(dER) < 1e-9) parts.push("Effective resistance across the highway does not change.");
    else if (dER > 0)
      parts.push(
        `Effective resistance across the highway rises by ${pct(dER)} (worse for movement): the fence takes the fenced road cells out of the landscape, so the routes that crossed the open road there are gone${withStructures ? " and the structures it comes with do not make up for them" : ""}.`,
      );
    else
      parts.push(
        `Effective resistance across the highway falls by ${pct(dER)} (better for movement)${withStructures ? ": the structures it comes with open more routes than the fence closes" : ""}.`,
      );
    if (Math.abs(dD) < 1e-9) parts.push("Expected road deaths do not change.");
    else if (dD < 0)
      parts.push(
        `Expected road deaths fall by ${pct(dD)} (${prob(base.road_deaths)} to ${prob(r.road_deaths)} per animal setting out from a core): animals that meet the fence turn back or walk along it instead of stepping onto the traffic.`,
      );
    else
      parts.push(
        `Expected road deaths rise by ${pct(dD)} (${prob(base.road_deaths)} to ${prob(r.road_deaths)} per animal setting out from a core): animals turned away by the fence cross at its ends or elsewhere on open road.`,
      );
    if (Number.isFinite(dS) && r.success_probability !== undefined && base.success_probability !== undefined) {
      parts.push(
        `The chance that an animal leaving a core reaches a core across the highway alive ${dS >= 0 ? "rises" : "falls"} by ${pct(dS)} (${prob(base.success_probability)} to ${prob(r.success_probability)}).`,
      );
    }
    const erRank = erOrder.indexOf(r.scenario) + 1;
    const dRank = deathsOrder.indexOf(r.scenario) + 1;
    if (erRank > 0 && dRank > 0) {
      parts.push(
        `Judged on movement alone it ranks ${erRank} of ${erOrder.length}; judged on road deaths it ranks ${dRank} of ${deathsOrder.length}.${
          dER > 0 && dD < 0
            ? " A model that sees only resistance would call this fence harmful; with road deaths counted it saves animals."
            : ""
        }`,
      );
    }
    out.push(parts.join(" "));
  }
  return out;
}
