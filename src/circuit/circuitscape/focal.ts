/**
 * The focal side of pairwise, one-to-all and all-to-one runs: the point file, the included-pairs file
 * (ids it does not name are dropped, as Circuitscape does, except in pairwise mode with an exclude
 * list) and the focal grid built from them.
 */
import type { CircuitGraph } from "../../graph/circuit-graph.ts";
import { CrosswayError } from "../../util/errors.ts";
import { readIncludedPairs } from "../pair-files.ts";
import type { RunContext } from "./context.ts";
import { readPoints, type FocalPoints } from "./points.ts";

export interface Focal {
  pointPath: string;
  points: FocalPoints;
  /** A point file with several cells for one id (Circuitscape's "polygon" point file). */
  hasRegions: boolean;
  /** Per cell: the focal id, 0 for none (ids the included pairs drop are left out). */
  focal: Float64Array;
  /** From the included-pairs file: is the pair (a, b) solved? Undefined without one. */
  include?: (a: number, b: number) => boolean;
  /** The ids the run keeps when an included-pairs file drops the others (null: every id). */
  keepIds: Set<number> | null;
  /** The included-pairs file (null without one). */
  includedPath: string | null;
  /** Warn, naming the point file, about ids whose node is off the graph (their results are -1). */
  warnOffGraph(graph: CircuitGraph, ids: number[], nodes: Int32Array): void;
}

export async function readFocal(ctx: RunContext): Promise<Focal> {
  const { land, file, warn, settings } = ctx;
  const pointPath = file("point_file", true)!;
  const points = await readPoints(pointPath, land.habitat, warn, (g) => land.checkLike(g, pointPath, "point_file"));
  const hasRegions = points.cells.length !== new Set(points.ids).size;
  let include: ((a: number, b: number) => boolean) | undefined;
  let keepIds: Set<number> | null = null;
  let includedPath: string | null = null;
  if (settings.useIncludedPairs) {
    const p = file("included_pairs_file", true)!;
    includedPath = p;
    const inc = readIncludedPairs(p);
    const present = new Set(points.ids);
    const unknown = inc.ids.filter((id) => !present.has(id));
    if (unknown.length > 0) {
      throw new CrosswayError(
        `included pairs name focal id${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} that ${unknown.length > 1 ? "are" : "is"} not in point_file ${pointPath}`,
        { file: p },
      );
    }
    // Pairwise with an exclude list keeps the ids the list does not name (Circuitscape.jl >= April 2026,
    // generate_exclude_pairs); every other combination runs only the ids the file names.
    if (!(settings.scenario === "pairwise" && inc.mode === "exclude")) keepIds = new Set(inc.ids);
    include = inc.include;
  }
  const n = land.habitat.width * land.habitat.height;
  const focal = new Float64Array(n);
  for (let q = 0; q < points.cells.length; q++) {
    if (keepIds && !keepIds.has(points.ids[q])) continue;
    focal[points.cells[q]] = points.ids[q];
  }
  const warnOffGraph = (_graph: CircuitGraph, ids: number[], nodes: Int32Array) => {
    const off = ids.filter((_, i) => nodes[i] < 0);
    if (off.length > 0)
      warn(
        `${pointPath}: focal id${off.length > 1 ? "s" : ""} ${off.join(", ")} lie${off.length > 1 ? "" : "s"} on nodata; their results are -1`,
      );
  };
  return { pointPath, points, hasRegions, focal, include, keepIds, includedPath, warnOffGraph };
}
