/**
 * The band model for a study's jobs, built once in the coordinating thread from the first job (the
 * baseline) with its land: or the reason it cannot be (then every scenario is solved in full).
 */
import type { Job, Study } from "../scenario/study.ts";
import { buildModelFor } from "./scenario-model.ts";
import { type BandModel, ModelRefused } from "./model.ts";

export function bandModelFor(study: Study, first: Job, quiet?: boolean): { model: BandModel | null; refused?: string } {
  const ls = { ...study.landscape, land: study.lands.get(first.landKey)! };
  const t = performance.now();
  if (!quiet) process.stderr.write("crossway: building the road-band model (Schur complement and inverse on the band)...\n");
  try {
    const model = buildModelFor(ls, first.scenario, study.config.analysis);
    if (!quiet) {
      process.stderr.write(
        `crossway: road-band model: ${model.nSlots} band nodes, built in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
      );
    }
    return { model };
  } catch (err) {
    if (!(err instanceof ModelRefused)) throw err;
    const refused = `no road-band model: ${err.message}`;
    if (!quiet) process.stderr.write(`crossway: note: ${refused}; every scenario is solved in full\n`);
    return { model: null, refused };
  }
}
