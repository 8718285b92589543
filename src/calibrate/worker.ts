/**
 * Worker thread body of a calibration: one model evaluation (evaluator.ts) on the landscape packed in
 * workerData, with the land of the parameter set given by the task (a land parameter changes it), on
 * one solver thread, so that two evaluations run side by side on two cores.
 */
import { workerData } from "piscina";
import { evaluateScenario, type Landscape } from "../scenario/evaluate.ts";
import type { ResolvedScenario } from "../scenario/resolve.ts";
import type { Analysis } from "../scenario/schema.ts";
import { type PackedLandscape, unpackLandscape } from "../scenario/shared-landscape.ts";

export interface ProfileTask {
  land: Float64Array;
  scenario: ResolvedScenario;
  analysis: Analysis;
}

export interface ProfileResult {
  current: number[];
  deaths: number[] | null;
  /** Seconds of the solve itself (not the wait in the pool's queue). */
  seconds?: number;
}

let base: Landscape | null = null;

export default function run(task: ProfileTask): ProfileResult {
  base ??= unpackLandscape((workerData as { landscape: PackedLandscape }).landscape, "base");
  const ls: Landscape = { ...base, land: task.land, template: { ...base.template, data: task.land } };
  const t0 = performance.now();
  const out = profilesOf(evaluateScenario(ls, task.scenario, task.analysis, { threads: 1 }), !!task.scenario.mortality);
  return { ...out, seconds: (performance.now() - t0) / 1000 };
}

/** The two profiles the likelihood reads, from an evaluation. */
export function profilesOf(ev: ReturnType<typeof evaluateScenario>, withDeaths: boolean): ProfileResult {
  return {
    current: ev.profile.map((s) => Math.abs(s.current)),
    deaths: withDeaths ? ev.profile.map((s) => s.road_deaths ?? 0) : null,
  };
}
