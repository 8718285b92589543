/**
 * The grids every mode reads (Circuitscape.jl's load_raster_data): the habitat, the short-circuit
 * regions (polygons) and the mask, and the rule that every other grid must match the habitat's cells.
 */
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

export async function readLandscape(s: RunSettings, file: FileLookup): Promise<Landscape> {
  const habitatPath = file("habitat_file", true)!;
  const habitat = await readGridFile(habitatPath);
  const checkLike = (g: Grid, path: string, key: string): void => {
    if (g.width !== habitat.width || g.height !== habitat.height) {
      throw new CrosswayError(`grid is ${g.width} x ${g.height} cells but habitat_file ${habitatPath} is ${habitat.width} x ${habitat.height}`, { file: path, field: key });
    }
  };
  const readLike = async (path: string, key: string): Promise<Grid> => {
    const g = await readGridFile(path);
    checkLike(g, path, key);
    return g;
  };
  const graphOpts: CircuitGraphOptions = { isResistance: s.isResistance, neighbors: s.neighbors, avgResistance: s.avgResistance, file: habitatPath };
  let polygons: Float64Array | null = null;
  if (s.usePolygons) {
    const g = await readLike(file("polygon_file", true)!, "polygon_file");
    polygons = Float64Array.from(g.data, (x) => (x > 0 ? x : 0));
  }
  if (s.useMask) graphOpts.mask = (await readLike(file("mask_file", true)!, "mask_file")).data;
  return { habitat, habitatPath, graphOpts, polygons, readLike, checkLike };
}
