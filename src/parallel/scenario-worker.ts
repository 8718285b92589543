/**
 * Worker thread body: evaluate one scenario on the shared landscape (from workerData). The
 * landscape views are made once per land key and reused for every task this thread runs.
 */
import { workerData } from "piscina";
import { type Evaluation, evaluateScenario, type Landscape } from "../scenario/evaluate.ts";
import type { ResolvedScenario } from "../scenario/resolve.ts";
import type { Analysis } from "../scenario/schema.ts";
import { type PackedLandscape, unpackLandscape } from "../scenario/shared-landscape.ts";

export interface ScenarioTask {
  landKey: string;
  scenario: ResolvedScenario;
  analysis: Analysis;
  /** Send the per-cell resistance and cumulative current back (for a run's GeoTIFFs). */
  keepGrids?: boolean;
  /** Solver threads for this scenario: 1 while other scenarios run beside it (no oversubscription). */
  threads?: number;
}

const views = new Map<string, Landscape>();

export default function run(task: ScenarioTask): Evaluation {
  const packed = (workerData as { landscape: PackedLandscape }).landscape;
  let ls = views.get(task.landKey);
  if (!ls) views.set(task.landKey, (ls = unpackLandscape(packed, task.landKey)));
  return evaluateScenario(ls, task.scenario, task.analysis, { keepGrids: task.keepGrids, threads: task.threads });
}
