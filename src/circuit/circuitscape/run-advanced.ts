/**
 * Circuitscape's advanced mode on a raster (Circuitscape.jl's raster/advanced.jl): sources and grounds
 * from grids or "value x y" lists, one solve; writes the voltage map (write_volt_maps) and the current
 * map (always: Circuitscape's reference outputs hold it even when write_cur_maps is False).
 */
import { buildCircuitGraph } from "../../graph/circuit-graph.ts";
import { advancedOnGraph, checkAdvancedMemory } from "../advanced.ts";
import type { RunContext } from "./context.ts";
import { isGridPath, readXyList } from "./points.ts";

export async function runAdvanced(ctx: RunContext): Promise<void> {
  const { settings: s, land, writer, file, warn } = ctx;
  const habitat = land.habitat;
  const n = habitat.width * habitat.height;
  checkAdvancedMemory(habitat, ctx.memoryLimit);
  const srcPath = file("source_file", true)!;
  const gndPath = file("ground_file", true)!;
  // A grid, or a text list of "value x y" lines (map coordinates), as Circuitscape accepts.
  const cellValues = async (p: string, key: string): Promise<ArrayLike<number>> => {
    if (isGridPath(p)) return (await land.readLike(p, key)).data;
    const out = new Float64Array(n).fill(NaN);
    for (const e of readXyList(p, habitat)) out[e.cell] = e.value;
    return out;
  };
  const src = await cellValues(srcPath, "source_file");
  const gnd = await cellValues(gndPath, "ground_file");
  const graph = buildCircuitGraph(habitat, { ...land.graphOpts, regions: land.polygons ?? undefined });
  const sources = new Float64Array(graph.nNodes);
  const grounds = new Float64Array(graph.nNodes);
  for (let i = 0; i < n; i++) {
    const u = graph.nodeOfCell[i];
    if (u < 0) continue;
    const v = src[i];
    if (v === v && v !== 0) sources[u] += s.unitCurrents ? 1 : v;
    let g = gnd[i];
    if (g !== g) continue;
    if (s.groundIsResistance) g = 1 / g;
    if (g !== 0 && s.directGrounds) g = Infinity;
    grounds[u] += g;
  }
  const res = advancedOnGraph(graph, sources, grounds, { tol: ctx.tol, policy: s.policy });
  if (res.solved === 0) warn(`no connected component holds both a source and a ground: voltages and currents are all 0`);
  if (s.flags.volt) await writer.voltMap("", graph, res.voltages);
  // The reference outputs hold the advanced current map even when write_cur_maps is False.
  await writer.curMap("", graph, res.currents, [], true, false, true);
}
