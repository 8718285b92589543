/**
 * The band model for a study's jobs, built once in the coordinating thread from the first job (the
 * baseline) with its land, or read from the cache folder when an earlier run built the same one
 * (cache.ts): or the reason it cannot be (then every scenario is solved in full).
 */
import { createFractionProgress } from "../parallel/progress.ts";
import type { Job, Study } from "../scenario/study.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadCachedModel, modelFileName, modelKey, saveCachedModel } from "./cache.ts";
import { modelInputFor } from "./scenario-model.ts";
import { type BandModel, buildBandModel, ModelRefused } from "./model.ts";

export interface BandModelOptions {
  quiet?: boolean;
  /** Folder of cached models (read, and written after a build); none: no cache. */
  cacheDir?: string;
  /** Bytes the build may use (model.ts). */
  memoryLimit?: number;
}

export interface StudyModel {
  model: BandModel | null;
  refused?: string;
  /** The model's content key, and whether it came from the cache. */
  key?: string;
  cached?: boolean;
}

/** Whether DIR holds the model of this study's first job (a file check after one hash of the inputs). */
export function hasCachedModel(cacheDir: string, study: Study, first: Job): boolean {
  if (!existsSync(cacheDir)) return false;
  const ls = { ...study.landscape, land: study.lands.get(first.landKey)! };
  return existsSync(join(cacheDir, modelFileName(modelKey(modelInputFor(ls, first.scenario, study.config.analysis)))));
}

export function bandModelFor(study: Study, first: Job, opts: BandModelOptions = {}): StudyModel {
  const say = (line: string) => {
    if (!opts.quiet) process.stderr.write(`crossway: ${line}\n`);
  };
  const ls = { ...study.landscape, land: study.lands.get(first.landKey)! };
  const input = modelInputFor(ls, first.scenario, study.config.analysis);
  const key = modelKey(input);
  if (opts.cacheDir) {
    const t = performance.now();
    const model = loadCachedModel(opts.cacheDir, key, ls.focal.data);
    if (model) {
      say(`road-band model: ${model.nSlots} band nodes, read from the cache in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      return { model, key, cached: true };
    }
  }
  const t = performance.now();
  say("building the road-band model (Schur complement and inverses on the band; once per landscape, then cached)...");
  const bar = createFractionProgress("road-band model", { quiet: opts.quiet });
  try {
    const model = buildBandModel({ ...input, memoryLimit: opts.memoryLimit, onProgress: (f, phase) => bar.update(f, phase) });
    bar.stop();
    say(`road-band model: ${model.nSlots} band nodes, built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    if (opts.cacheDir) saveCachedModel(opts.cacheDir, key, model);
    return { model, key, cached: false };
  } catch (err) {
    bar.stop();
    if (!(err instanceof ModelRefused)) throw err;
    const refused = `no road-band model: ${err.message}`;
    say(`note: ${refused}; every scenario is solved in full`);
    return { model: null, refused, key };
  }
}
