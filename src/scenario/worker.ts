/**
 * Worker thread body of the scenario pool: evaluate one scenario on the shared landscape (from
 * workerData). It lives here, not in src/parallel, so that parallel stays generic (as src/leastcost's
 * worker does). The landscape views are made once per land key and reused for every task.
 */
import { workerData } from "piscina";
import { type Evaluation, evaluateScenario, type Landscape } from "./evaluate.ts";
import type { ResolvedScenario } from "./resolve.ts";
import type { Analysis } from "./schema.ts";
import { type PackedLandscape, unpackLandscape } from "./shared-landscape.ts";

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
