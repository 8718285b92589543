/**
 * Circuitscape's pairwise mode on a raster (Circuitscape.jl's raster/pairwise.jl): the resistance
 * between every pair of focal ids (the included ones), a current and voltage map per pair, the
 * cumulative and maximum current maps, and the k x k and three-column resistance tables.
 * Focal ids given by a point file with several cells per id (a "polygon" point file) are
 * short-circuited only in the solves of their own pairs (Circuitscape's rule): one base graph and AMG
 * hierarchy, each pair solved with its two regions tied to one potential each (pair-regions.ts,
 * solve/tied.ts), or, when that does not apply (regions spanning components, region cells on
 * nodata), one graph and one solve per pair; otherwise pairwise runs k-1 solves per component.
 */
import { buildCircuitGraph, type CircuitGraph } from "../../graph/circuit-graph.ts";
import { mergeRegionLayers } from "../../graph/regions.ts";
import { collectGarbage } from "../../solve/gc.ts";
import { regionPairSteps, regionPairsApply } from "../pair-regions.ts";
import { checkPairwiseMemory, focalNodesOf, pairwiseSteps, type PairwiseOptions } from "../pairwise.ts";
import { drive, type RunContext } from "./context.ts";
import { readFocal } from "./focal.ts";

export async function runPairwiseMode(ctx: RunContext): Promise<void> {
  const { settings: s, land, writer } = ctx;
  const { habitat, graphOpts, polygons } = land;
  const flags = s.flags;
  const n = habitat.width * habitat.height;
  const fo = await readFocal(ctx);
  const { points, focal, include, keepIds, pointPath } = fo;
  // From the point list, not the focal grid: two ids may share a cell (Circuitscape gives them 0 ohm).
  const ids = [...new Set(points.ids.filter((id) => !keepIds || keepIds.has(id)))].sort((a, b) => a - b);
  const k = ids.length;
  const wantCur = flags.cur || flags.cumOnly || flags.max;
  // No map wanted: resistances only, with no voltage column held (PairwiseOptions.currents).
  const pairOpts: PairwiseOptions = {
    tol: ctx.tol,
    focalOffGraph: "disconnected",
    focalFile: pointPath,
    includePair: include,
    currents: wantCur || flags.volt,
  };
  checkPairwiseMemory(habitat, k, { memoryLimit: ctx.memoryLimit, currents: pairOpts.currents });
  const onPair = async (
    a: number,
    b: number,
    volt: Float64Array,
    cur: Float64Array,
    graph: CircuitGraph,
    nodes: Int32Array,
    idsOf: number[],
  ) => {
    const name = `_${a}_${b}`;
    if (flags.volt) await writer.voltMap(name, graph, volt);
    if (wantCur) {
      let zero: number[] = [];
      if (flags.focalZero) {
        if (idsOf.length > 0) zero = [nodes[idsOf.indexOf(a)], nodes[idsOf.indexOf(b)]];
        else for (let i = 0; i < n; i++) if ((focal[i] === a || focal[i] === b) && graph.nodeOfCell[i] >= 0) zero.push(graph.nodeOfCell[i]);
      }
      await writer.curMap(name, graph, cur, zero, true);
    }
  };
  const R = new Float64Array(k * k).fill(-1);
  for (let i = 0; i < k; i++) R[i * k + i] = 0;
  if (!fo.hasRegions) {
    const regions = mergeRegionLayers(n, polygons ? [polygons, focal] : [focal]);
    const graph = buildCircuitGraph(habitat, { ...graphOpts, regions });
    // Each id's own cell (one per id in a point file): ids that share a cell share a node.
    const cellOf = new Map<number, number>();
    points.ids.forEach((id, q) => cellOf.set(id, points.cells[q]));
    const nodes = Int32Array.from(ids, (id) => graph.nodeOfCell[cellOf.get(id)!]);
    fo.warnOffGraph(graph, ids, nodes);
    const res = await drive(pairwiseSteps(graph, ids, nodes, pairOpts), (st) =>
      onPair(st.a, st.b, st.voltages, st.currents, graph, nodes, ids),
    );
    R.set(res.resistances);
  } else {
    // Circuitscape's rule for polygon point files: only the pair's own regions are short-circuited.
    // no polygons: no region layer at all (an all-zero one would hold 4 B per cell through the solves)
    const base = polygons ? mergeRegionLayers(n, [polygons]) : undefined;
    let baseGraph: CircuitGraph | null = buildCircuitGraph(habitat, { ...graphOpts, regions: base });
    // Which ids have a cell in the graph (the rest get -1 and a warning): read off the base graph, whose
    // nodes are the same cells as any pair graph's (merging regions joins nodes, it adds none).
    const onGraph = new Int32Array(k).fill(-1);
    const idIndex = new Map(ids.map((id, x) => [id, x]));
    for (let i = 0; i < n; i++) {
      const x = focal[i] > 0 ? idIndex.get(focal[i]) : undefined;
      if (x !== undefined && baseGraph.nodeOfCell[i] >= 0) onGraph[x] = baseGraph.nodeOfCell[i];
    }
    fo.warnOffGraph(baseGraph, ids, onGraph);
    if (ctx.regionPairs === "auto" && regionPairsApply(baseGraph, focal, ids)) {
      // One solver setup on the base graph; each pair a tied solve preconditioned by it (pair-regions.ts).
      const g = baseGraph;
      const res = await drive(regionPairSteps(g, focal, ids, pairOpts), (st) =>
        onPair(st.a, st.b, st.voltages, st.currents, g, new Int32Array(0), []),
      );
      R.set(res.resistances);
    } else {
      baseGraph = null; // every pair builds its own graph: the base one would only hold memory through them
      for (let x = 0; x < k; x++) {
        for (let y = x + 1; y < k; y++) {
          const a = ids[x];
          const b = ids[y];
          if (include && !include(a, b)) continue;
          const pairFocal = new Float64Array(n);
          for (let i = 0; i < n; i++) if (focal[i] === a || focal[i] === b) pairFocal[i] = focal[i];
          const regions = mergeRegionLayers(n, base ? [base, pairFocal] : [pairFocal]);
          collectGarbage(); // the previous pair's graph and solver go before this pair's graph is built
          const graph = buildCircuitGraph(habitat, { ...graphOpts, regions });
          const two = [a, b];
          const nodes = focalNodesOf(graph, pairFocal, two, { focalOffGraph: "disconnected" });
          const res = await drive(pairwiseSteps(graph, two, nodes, pairOpts), (st) =>
            onPair(st.a, st.b, st.voltages, st.currents, graph, nodes, two),
          );
          R[x * k + y] = R[y * k + x] = res.resistances[1];
        }
      }
    }
  }
  if (flags.cur || flags.cumOnly) await writer.cumMap();
  if (flags.max) await writer.maxMap();
  await writer.resistances(ids, R);
}
