/**
 * The band model of a prepared landscape, with a scenario's surface as the reference (usually the
 * baseline): burn it, compute its mortality grid, and reduce (model.ts).
 */
import { burnScenario } from "../scenario/burn.ts";
import type { Landscape } from "../scenario/evaluate.ts";
import type { ResolvedScenario } from "../scenario/resolve.ts";
import type { Analysis } from "../scenario/schema.ts";
import { mortalityGrid } from "../mortality/grid.ts";
import { buildBandModel, type BandModel, type ModelInput } from "./model.ts";

/** What the model is built from (and what its cache key hashes: cache.ts). */
export function modelInputFor(ls: Landscape, reference: ResolvedScenario, analysis: Analysis): ModelInput {
  const burnt = burnScenario(ls.land, ls.road, reference);
  const q = reference.mortality
    ? mortalityGrid(burnt.resistance, ls.focal.data, ls.road, burnt.structureOfCell, reference.mortality)
    : null;
  const edgeCells = new Int32Array(2 * ls.edges.count);
  for (let k = 0; k < ls.edges.count; k++) {
    edgeCells[2 * k] = ls.edges.west[k];
    edgeCells[2 * k + 1] = ls.edges.east[k];
  }
  return {
    resistance: { ...ls.template, data: burnt.resistance },
    focal: ls.focal.data,
    roadCells: ls.road.cells,
    edgeCells,
    neighbours: analysis.neighbours,
    avgResistance: analysis.average_resistances,
    q,
  };
}

export function buildModelFor(
  ls: Landscape,
  reference: ResolvedScenario,
  analysis: Analysis,
  opts: Pick<ModelInput, "onProgress" | "memoryLimit"> = {},
): BandModel {
  return buildBandModel({ ...modelInputFor(ls, reference, analysis), ...opts });
}
