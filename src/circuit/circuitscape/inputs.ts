/**
 * The grids every mode reads (Circuitscape.jl's load_raster_data): the habitat, the short-circuit
 * regions (polygons) and the mask, and the rule that every other grid must share the habitat's cells:
 * same size, cell size and origin (src/grid/align.ts). Circuitscape only warns about a shifted origin
 * or another cell size and then pairs cells by row and column; crossway stops, as its other commands do.
 * NaN and inf cells of the habitat are barriers (no cell of the graph), as in Circuitscape, but not
 * silently: the run warns with their count.
 */
import { alignmentDifferences } from "../../grid/align.ts";
import type { Grid } from "../../grid/grid.ts";
import type { CircuitGraphOptions } from "../../graph/circuit-graph.ts";
import { CrosswayError } from "../../util/errors.ts";
import { readGridFile } from "../grid-files.ts";
import type { FileLookup } from "./paths.ts";
import type { RunSettings } from "./settings.ts";

export interface Landscape {
  habitat: Grid;
  habitatPath: string;
  /** Graph rules, with the mask when there is one. */
  graphOpts: CircuitGraphOptions;
  /** Short-circuit region labels per cell (0 = none), or null without polygons. */
  polygons: Float64Array | null;
  /** Read a grid that must share the habitat's cells (the .ini key names it in messages). */
  readLike(path: string, key: string): Promise<Grid>;
  /** Throw unless a grid read from `path` (the .ini's `key`) shares the habitat's cells. */
  checkLike(g: Grid, path: string, key: string): void;
}

export async function readLandscape(s: RunSettings, file: FileLookup, warn: (msg: string) => void): Promise<Landscape> {
  const habitatPath = file("habitat_file", true)!;
  const counts = { nan: 0 };
  const habitat = await readGridFile(habitatPath, { counts });
  warnNonFinite(habitat, habitatPath, s.isResistance, counts.nan, warn);
  const checkLike = (g: Grid, path: string, key: string): void => {
    const diffs = alignmentDifferences(g, habitat);
    if (diffs.length > 0) {
      throw new CrosswayError(
        `does not share the cells of habitat_file ${habitatPath}: it differs in ${diffs.join("; ")} (first value is this grid's); expected the habitat's size, cell size and origin (resample it onto the habitat grid)`,
        { file: path, field: key },
      );
    }
  };
  const readLike = async (path: string, key: string): Promise<Grid> => {
    const g = await readGridFile(path);
    checkLike(g, path, key);
    return g;
  };
  const graphOpts: CircuitGraphOptions = {
    isResistance: s.isResistance,
    neighbors: s.neighbors,
    avgResistance: s.avgResistance,
    file: habitatPath,
  };
  let polygons: Float64Array | null = null;
  if (s.usePolygons) {
    const g = await readLike(file("polygon_file", true)!, "polygon_file");
    polygons = Float64Array.from(g.data, (x) => (x > 0 ? x : 0));
  }
  if (s.useMask) graphOpts.mask = (await readLike(file("mask_file", true)!, "mask_file")).data;
  return { habitat, habitatPath, graphOpts, polygons, readLike, checkLike };
}

/**
 * Say how many habitat cells are NaN or +inf: both leave the graph (a +inf resistance conducts nothing,
 * a NaN is read as nodata) without the user having asked for a barrier. A +inf conductance and any
 * -inf are refused later by the graph builder, with the cell, so they are not counted here.
 */
function warnNonFinite(habitat: Grid, path: string, isResistance: boolean, nan: number, warn: (msg: string) => void): void {
  let inf = 0;
  if (isResistance) for (let i = 0; i < habitat.data.length; i++) if (habitat.data[i] === Infinity) inf++;
  if (nan === 0 && inf === 0) return;
  const parts: string[] = [];
  if (nan > 0) parts.push(`${nan} NaN cell${nan > 1 ? "s" : ""}`);
  if (inf > 0) parts.push(`${inf} inf cell${inf > 1 ? "s" : ""}`);
  warn(`${path}: habitat_file: ${parts.join(" and ")} treated as barriers (left out of the graph, as nodata cells are)`);
}
