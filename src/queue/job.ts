/**
 * What travels through the queue. One job per scenario; its BullMQ job id is the scenario's result
 * key, so adding it again (a rerun, a second coordinator) is a no-op and no scenario is computed
 * twice. The inputs travel as blob hashes, not bytes.
 */
import type { Evaluation } from "../scenario/evaluate.ts";
import type { ResolvedScenario } from "../scenario/resolve.ts";
import type { Analysis } from "../scenario/schema.ts";

/** BullMQ key prefix and queue name: every crossway key in Redis starts with "crossway:". */
export const QUEUE_PREFIX = "crossway";
export const QUEUE_NAME = "scenarios";

/** Attempts for a job that fails for a passing reason (a worker thread died, Redis hiccup). */
export const ATTEMPTS = 3;

export interface ScenarioJobData {
  /** Row name, for logs only (the key, not the name, identifies the result). */
  name: string;
  /** The coordinator's ENGINE_VERSION: a worker with another one refuses the job. */
  engine: string;
  /**
   * Content hashes of the inputs. `landscape`: the prepared landscape for this job's land
   * (landscape-blob.ts). An incremental precomputation (a Schur complement on the road band), when
   * the engine has one, goes here as another named blob, fetched and cached the same way.
   */
  blobs: { landscape: string };
  scenario: ResolvedScenario;
  analysis: Analysis;
}

/** A job's return value: the evaluation's tables (no per-cell grids). */
export interface ScenarioJobResult {
  evaluation: Evaluation;
  seconds: number;
  /** Which worker computed it (host:pid), for logs. */
  worker: string;
}
