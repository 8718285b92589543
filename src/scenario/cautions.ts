/**
 * The cautions of a study: every structure (existing, and each scenario's new ones) and every core is
 * checked against the grid's edge (edge.ts). Printed by run and sweep, kept in results.json, shown at
 * the top of the report.
 */
import { edgeCautions, type Placed } from "./edge.ts";
import type { Job, Study } from "./study.ts";

/** Scenario names listed per structure; a sweep can hold one candidate in hundreds. */
const LISTED = 6;

/**
 * Cautions about the study as a whole (for stderr, results.json and the top of the report): existing
 * structures, every scenario's new or changed ones, and cores near the edge of the grid.
 */
export function studyCautions(study: Study, jobs: Job[]): string[] {
  const placed = new Map<string, Placed>();
  for (const e of study.existing) placed.set(`${e.id}@${e.chainage_m}`, { id: e.id, chainage_m: e.chainage_m, scenarios: [] });
  for (const j of jobs) {
    for (const s of j.scenario.structures) {
      const k = `${s.id}@${s.chainage_m}`;
      const p = placed.get(k);
      if (!p) placed.set(k, { id: s.id, chainage_m: s.chainage_m, scenarios: [j.name] });
      else if (s.status === "new" && !p.scenarios.includes(j.name) && p.scenarios.length < LISTED) p.scenarios.push(j.name);
    }
  }
  const ls = study.landscape;
  return edgeCautions(ls.template, ls.focal, ls.cores, ls.line, [...placed.values()]);
}
