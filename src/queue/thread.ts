/**
 * Worker thread body for `crossway worker`: evaluate one scenario. Evaluation runs off the main
 * thread so that BullMQ's lock renewals keep running during a long solve (a blocked event loop
 * would let the lock lapse and the job be taken for stalled). The landscape arrives on shared
 * memory with each task; its view is made once per blob hash.
 */
import { type Evaluation, evaluateScenario, type Landscape } from "../scenario/evaluate.ts";
import type { ResolvedScenario } from "../scenario/resolve.ts";
import type { Analysis } from "../scenario/schema.ts";
import { type LandscapeParts, toLandscape } from "./landscape-blob.ts";

export interface ThreadTask {
  hash: string;
  parts: LandscapeParts;
  scenario: ResolvedScenario;
  analysis: Analysis;
  threads?: number;
}

const views = new Map<string, Landscape>();

export default function run(task: ThreadTask): Evaluation {
  let ls = views.get(task.hash);
  if (!ls) {
    // Few lands per sweep; keep the last few so a grid of parameters does not rebuild views.
    if (views.size >= 8) views.delete(views.keys().next().value!);
    views.set(task.hash, (ls = toLandscape(task.parts)));
  }
  return evaluateScenario(ls, task.scenario, task.analysis, { threads: task.threads });
}
