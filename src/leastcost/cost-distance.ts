import type { Grid } from "../grid/grid.ts";
import { CrosswayError } from "../util/errors.ts";
import { dijkstra, type HeapKind } from "./dijkstra.ts";
import { checkNeighbors, type Neighbors, stepLengths } from "./neighbors.ts";
import { checkResistance, passable } from "./resistance-check.ts";

export interface CostDistanceOptions {
  neighbors?: Neighbors;
  /** Keep back-links for path tracing (1 byte per cell). Default true. */
  backlinks?: boolean;
  /** Heap variant; default "lazy" for 4 neighbours, "indexed" (decrease-key) for 8 and 16 (measured: see dijkstra.ts). */
  heap?: HeapKind;
  /** Name of the resistance file, for error messages. */
  file?: string;
}

/** Accumulated cost distance from a set of source cells, with what is needed to trace paths back. */
export interface CostDistance {
  width: number;
  height: number;
  neighbors: Neighbors;
  /** Step length of each direction in map units. */
  stepLength: Float64Array;
  /** Accumulated cost (resistance x map units) per cell; Infinity where unreachable or impassable. */
  dist: Float64Array;
  /** Direction code that led into each cell (see neighbors.ts), -1 for sources and unreachable cells. */
  back: Int8Array | null;
}

/**
 * Cost distance from `sources` (cell indices, row * width + col; all at cost 0 - pass every cell of a focal
 * region to treat the region as one source). A source on an impassable cell is an error: it would silently
 * give a grid of Infinity.
 */
export function costDistance(resistance: Grid, sources: ArrayLike<number>, opts: CostDistanceOptions = {}): CostDistance {
  const file = opts.file ?? "resistance";
  const neighbors = checkNeighbors(opts.neighbors ?? 8);
  checkResistance(resistance, file);
  const n = resistance.width * resistance.height;
  if (sources.length === 0) throw new CrosswayError("no source cells given", { file, field: "sources" });
  const src = new Int32Array(sources.length);
  for (let s = 0; s < sources.length; s++) {
    const c = sources[s];
    if (!Number.isInteger(c) || c < 0 || c >= n)
      throw new CrosswayError(`source cell ${c} is outside the ${resistance.width} x ${resistance.height} grid`, {
        file,
        field: "sources",
      });
    if (!passable(resistance.data[c])) {
      const row = Math.floor(c / resistance.width);
      throw new CrosswayError(
        `source cell row ${row}, col ${c - row * resistance.width} lies on nodata or an impassable cell (${resistance.data[c]})`,
        { file, field: "sources" },
      );
    }
    src[s] = c;
  }
  return costDistanceUnchecked(resistance, src, neighbors, opts.backlinks ?? true, opts.heap);
}

/** As costDistance, for callers that have already validated the resistance grid and the sources. */
export function costDistanceUnchecked(
  resistance: Grid,
  sources: Int32Array,
  neighbors: Neighbors,
  backlinks: boolean,
  heap?: HeapKind,
): CostDistance {
  const { width, height } = resistance;
  const stepLength = stepLengths(resistance.transform, neighbors);
  const dist = new Float64Array(width * height);
  const back = backlinks ? new Int8Array(width * height) : null;
  dijkstra({ res: resistance.data, width, height, neighbors, stepLength, sources, dist, back, heap });
  return { width, height, neighbors, stepLength, dist, back };
}
