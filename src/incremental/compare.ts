/**
 * The largest relative difference between two evaluations of one scenario over every metric a
 * scenario reports (per pair: effective resistance, crossing currents, success, road deaths, least-cost
 * distance; per road segment: current and deaths), each with a floor for values near 0. A different
 * least-cost crossing counts as Infinity. Used to check incremental results against full solves.
 */
import type { Evaluation } from "../scenario/evaluate.ts";

export function maxRelativeDifference(a: Evaluation, b: Evaluation): number {
  let m = 0;
  const rel = (x: number | undefined, y: number | undefined, floor: number) => {
    if (x === undefined || y === undefined) return;
    if (x === y) return;
    m = Math.max(m, Math.abs(x - y) / Math.max(Math.abs(y), floor));
  };
  if (a.pairs.length !== b.pairs.length || a.profile.length !== b.profile.length) return Infinity;
  for (const [k, p] of b.pairs.entries()) {
    const q = a.pairs[k];
    if (q.a !== p.a || q.b !== p.b) return Infinity;
    rel(q.effective_resistance, p.effective_resistance, 1e-12);
    rel(q.crossing_total, p.crossing_total, 1);
    rel(q.crossing_structures, p.crossing_structures, 1);
    for (const id of Object.keys(p.structure_current)) rel(q.structure_current[id], p.structure_current[id], 1);
    rel(q.success_probability, p.success_probability, 1e-3);
    rel(q.road_deaths, p.road_deaths, 1e-3);
    rel(q.least_cost_distance, p.least_cost_distance, 1);
    if (q.least_cost_crossing !== p.least_cost_crossing) m = Infinity;
  }
  for (const [s, p] of b.profile.entries()) {
    rel(a.profile[s].current, p.current, 1e-2);
    rel(a.profile[s].through_structures, p.through_structures, 1e-2);
    rel(a.profile[s].road_deaths, p.road_deaths, 1e-3);
  }
  return m;
}
