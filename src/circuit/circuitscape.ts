/**
 * Run a Circuitscape raster .ini as Circuitscape does, with its file names, formats and quirks:
 *  - relative paths resolve against the working directory, then the .ini's folder;
 *  - outputs go to output_file's prefix (text before ".out"), the folder is created when missing;
 *  - focal ids given by a point file with several cells per id (a "polygon" point file) are
 *    short-circuited only in the solves of their own pairs (Circuitscape's pairwise rule): solved on
 *    one reduced network with one solve per focal node (pair-regions.ts), or, when that does not
 *    apply (regions spanning components, region cells on nodata, many focal nodes), one graph and
 *    one solve per pair; otherwise pairwise runs k-1 solves per component;
 *  - a focal id on nodata gets -1 (Circuitscape's answer), with a warning naming it; negative ids
 *    in a point file are ignored (as Circuitscape does), with a warning.
 * Not honoured (clear errors): network (graph) mode, reclass tables, text-list source/ground files.
 *
 * API: runCircuitscapeIni(iniPath, { cwd?, warn?, tol?, regionPairs?, memoryLimit? }): Promise<{ written: string[] }>
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { Grid } from "../grid/grid.ts";
import { buildCircuitGraph, type CircuitGraph, type CircuitGraphOptions } from "../graph/circuit-graph.ts";
import { mergeRegionLayers } from "../graph/regions.ts";
import { iniBool, iniFile, readCircuitscapeIni, type CircuitscapeIni } from "../io/circuitscape-ini.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { CrosswayError } from "../util/errors.ts";
import { advancedOnGraph, checkAdvancedMemory, type ConflictPolicy } from "./advanced.ts";
import { oneToAllSteps } from "./onetoall.ts";
import { checkPairwiseMemory, focalIds as focalIdsOf, focalNodesOf, pairwiseSteps, type PairwiseOptions } from "./pairwise.ts";
import { isTiff, readGridFile, writeAscFile, writeTiffFile } from "./grid-files.ts";
import { readIncludedPairs, readStrengths } from "./pair-files.ts";
import { regionPairSteps, regionPairsApply } from "./pair-regions.ts";
import { collectGarbage } from "../solve/gc.ts";

export interface RunIniOptions {
  cwd?: string;
  warn?: (msg: string) => void;
  /** Solver relative residual tolerance (default 1e-9: the verification cases are matched to 1e-6). */
  tol?: number;
  /** Point-file regions in pairwise mode: "auto" (reduced-network solves when they apply) or "per-pair" (a graph and a solve per pair). */
  regionPairs?: "auto" | "per-pair";
  /** Bytes the run may use (default: the memory available; Infinity: no check). See src/circuit/memory.ts. */
  memoryLimit?: number;
}

interface OutFlags {
  volt: boolean;
  cur: boolean;
  cumOnly: boolean;
  max: boolean;
  nullCur: boolean;
  nullVolt: boolean;
  focalZero: boolean;
  log: boolean;
  compress: boolean;
}

export async function runCircuitscapeIni(iniPath: string, opts: RunIniOptions = {}): Promise<{ written: string[] }> {
  const cwd = opts.cwd ?? process.cwd();
  const warn = opts.warn ?? ((m: string) => process.stderr.write(`crossway: warning: ${m}\n`));
  const iniAbs = resolve(cwd, iniPath);
  const ini = readCircuitscapeIni(iniAbs);
  const v = ini.values;

  const dataType = v.data_type.trim().toLowerCase();
  if (dataType !== "raster") {
    throw new CrosswayError(`data_type "${v.data_type}" is not supported: crossway runs Circuitscape's raster modes only (network/graph mode is not implemented)`, { file: iniAbs, field: "data_type" });
  }
  const scenario = v.scenario.trim().toLowerCase();
  if (!["pairwise", "one-to-all", "all-to-one", "advanced"].includes(scenario)) {
    throw new CrosswayError(`scenario "${v.scenario}" is not one of pairwise, one-to-all, all-to-one, advanced`, { file: iniAbs, field: "scenario" });
  }
  if (iniBool(ini, "use_reclass_table")) {
    throw new CrosswayError(`reclass tables are not supported; reclassify the habitat grid first (crossway resistance)`, { file: iniAbs, field: "use_reclass_table" });
  }
  for (const key of ["connect_four_neighbors_only", "connect_using_avg_resistances", "habitat_map_is_resistances", "use_polygons", "use_mask", "use_included_pairs", "use_variable_source_strengths", "ground_file_is_resistances", "use_unit_currents", "use_direct_grounds", "write_volt_maps", "write_cur_maps", "write_cum_cur_map_only", "write_max_cur_maps", "set_null_currents_to_nodata", "set_null_voltages_to_nodata", "set_focal_node_currents_to_zero", "log_transform_maps", "compress_grids"]) {
    iniBool(ini, key); // validate every boolean up front
  }
  // Circuitscape's solver choices all give the same answer to the tolerance: crossway always uses its
  // own (AMG-preconditioned CG, or a direct solve on small systems) in double precision.
  const solverName = v.solver.trim().toLowerCase();
  if (!["cg+amg", "amg", "cholmod", "pardiso", "accelerate"].includes(solverName)) {
    throw new CrosswayError(`solver "${v.solver}" is not one of cg+amg, cholmod, pardiso, accelerate`, { file: iniAbs, field: "solver" });
  }
  const precision = v.precision.trim().toLowerCase();
  if (!["double", "single"].includes(precision)) {
    throw new CrosswayError(`precision "${v.precision}" is not one of double, single`, { file: iniAbs, field: "precision" });
  }
  if (precision === "single") warn(`${iniAbs}: precision = single: crossway computes in double precision (results are more exact than Circuitscape's single-precision run)`);
  const policyRaw = v.remove_src_or_gnd.trim().toLowerCase();
  let policy: ConflictPolicy = "keepall";
  if (["keepall", "rmvsrc", "rmvgnd", "rmvall"].includes(policyRaw)) policy = policyRaw as ConflictPolicy;
  else if (scenario === "advanced" && policyRaw !== "not entered") {
    throw new CrosswayError(`remove_src_or_gnd "${v.remove_src_or_gnd}" is not one of keepall, rmvsrc, rmvgnd, rmvall`, { file: iniAbs, field: "remove_src_or_gnd" });
  }

  const file = (key: string, required: boolean): string | null => {
    const p = iniFile(ini, key);
    if (p === null) {
      if (required) throw new CrosswayError(`a file is required here`, { file: iniAbs, field: key });
      return null;
    }
    if (isAbsolute(p)) {
      if (!existsSync(p)) throw new CrosswayError(`file not found: ${p}`, { file: iniAbs, field: key });
      return p;
    }
    const a = resolve(cwd, p);
    if (existsSync(a)) return a;
    const b = resolve(dirname(iniAbs), p);
    if (existsSync(b)) return b;
    throw new CrosswayError(`file not found: ${p} (looked in ${cwd} and ${dirname(iniAbs)})`, { file: iniAbs, field: key });
  };

  const outFile = iniFile(ini, "output_file");
  if (outFile === null) throw new CrosswayError(`output_file is required`, { file: iniAbs, field: "output_file" });
  const prefix = resolve(cwd, outFile.replace(/\.out$/i, ""));

  // Inputs: read everything before writing anything.
  const habitatPath = file("habitat_file", true)!;
  const habitat = await readGridFile(habitatPath);
  const n = habitat.width * habitat.height;
  const sameShape = (g: Grid, path: string, key: string) => {
    if (g.width !== habitat.width || g.height !== habitat.height) {
      throw new CrosswayError(`grid is ${g.width} x ${g.height} cells but habitat_file ${habitatPath} is ${habitat.width} x ${habitat.height}`, { file: path, field: key });
    }
  };
  const graphOpts: CircuitGraphOptions = {
    isResistance: iniBool(ini, "habitat_map_is_resistances"),
    neighbors: iniBool(ini, "connect_four_neighbors_only") ? 4 : 8,
    avgResistance: iniBool(ini, "connect_using_avg_resistances"),
    file: habitatPath,
  };
  let polygons: Float64Array | null = null;
  if (iniBool(ini, "use_polygons")) {
    const p = file("polygon_file", true)!;
    const g = await readGridFile(p);
    sameShape(g, p, "polygon_file");
    polygons = Float64Array.from(g.data, (x) => (x > 0 ? x : 0));
  }
  if (iniBool(ini, "use_mask")) {
    const p = file("mask_file", true)!;
    const g = await readGridFile(p);
    sameShape(g, p, "mask_file");
    graphOpts.mask = g.data;
  }
  const flags: OutFlags = {
    volt: iniBool(ini, "write_volt_maps"),
    cur: iniBool(ini, "write_cur_maps"),
    cumOnly: iniBool(ini, "write_cum_cur_map_only"),
    max: iniBool(ini, "write_max_cur_maps"),
    nullCur: iniBool(ini, "set_null_currents_to_nodata"),
    nullVolt: iniBool(ini, "set_null_voltages_to_nodata"),
    focalZero: iniBool(ini, "set_focal_node_currents_to_zero"),
    log: iniBool(ini, "log_transform_maps"),
    compress: iniBool(ini, "compress_grids"),
  };
  const tol = opts.tol ?? 1e-9;
  const writer = new OutputWriter(prefix, habitat, isTiff(habitatPath), flags, warn);

  if (scenario === "advanced") {
    checkAdvancedMemory(habitat, opts.memoryLimit);
    const srcPath = file("source_file", true)!;
    const gndPath = file("ground_file", true)!;
    // A grid, or a text list of "value x y" lines (map coordinates), as Circuitscape accepts.
    const cellValues = async (p: string, key: string): Promise<ArrayLike<number>> => {
      if (/\.(asc|tiff?)(\.gz)?$/i.test(p)) {
        const g = await readGridFile(p);
        sameShape(g, p, key);
        return g.data;
      }
      const out = new Float64Array(n).fill(NaN);
      for (const e of readXyList(p, habitat)) out[e.cell] = e.value;
      return out;
    };
    const src = { data: await cellValues(srcPath, "source_file") };
    const gnd = { data: await cellValues(gndPath, "ground_file") };
    const graph = buildCircuitGraph(habitat, { ...graphOpts, regions: polygons ?? undefined });
    const unit = iniBool(ini, "use_unit_currents");
    const direct = iniBool(ini, "use_direct_grounds");
    const gIsRes = iniBool(ini, "ground_file_is_resistances");
    const sources = new Float64Array(graph.nNodes);
    const grounds = new Float64Array(graph.nNodes);
    for (let i = 0; i < n; i++) {
      const u = graph.nodeOfCell[i];
      if (u < 0) continue;
      let s = src.data[i];
      if (s === s && s !== 0) sources[u] += unit ? 1 : s;
      let g = gnd.data[i];
      if (g !== g) continue;
      if (gIsRes) g = 1 / g;
      if (g !== 0 && direct) g = Infinity;
      grounds[u] += g;
    }
    const res = advancedOnGraph(graph, sources, grounds, { tol, policy });
    if (res.solved === 0) warn(`no connected component holds both a source and a ground: voltages and currents are all 0`);
    if (flags.volt) await writer.voltMap("", graph, res.voltages);
    // The reference outputs hold the advanced current map even when write_cur_maps is False.
    await writer.curMap("", graph, res.currents, [], true, false, true);
    return { written: writer.written };
  }

  // Focal points.
  const pointPath = file("point_file", true)!;
  const points = await readPoints(pointPath, habitat, warn);
  const ptFileHasRegions = points.cells.length !== new Set(points.ids).size;
  let include: ((a: number, b: number) => boolean) | undefined;
  let keepIds: Set<number> | null = null;
  let includedPath = "";
  if (iniBool(ini, "use_included_pairs")) {
    const p = file("included_pairs_file", true)!;
    includedPath = p;
    const inc = readIncludedPairs(p);
    const present = new Set(points.ids);
    const unknown = inc.ids.filter((id) => !present.has(id));
    if (unknown.length > 0) {
      throw new CrosswayError(`included pairs name focal id${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} that ${unknown.length > 1 ? "are" : "is"} not in point_file ${pointPath}`, { file: p });
    }
    keepIds = new Set(inc.ids);
    include = inc.include;
  }
  const focal = new Float64Array(n);
  for (let q = 0; q < points.cells.length; q++) {
    if (keepIds && !keepIds.has(points.ids[q])) continue;
    focal[points.cells[q]] = points.ids[q];
  }
  let strengths: Map<number, number> | undefined;
  if (iniBool(ini, "use_variable_source_strengths") && scenario !== "pairwise") {
    strengths = readStrengths(file("variable_source_file", true)!);
  }
  const warnOffGraph = (_graph: CircuitGraph, ids: number[], nodes: Int32Array) => {
    const off = ids.filter((_, i) => nodes[i] < 0);
    if (off.length > 0) warn(`${pointPath}: focal id${off.length > 1 ? "s" : ""} ${off.join(", ")} lie${off.length > 1 ? "" : "s"} on nodata; their results are -1`);
  };

  if (scenario === "pairwise") {
    // From the point list, not the focal grid: two ids may share a cell (Circuitscape gives them 0 ohm).
    const ids = [...new Set(points.ids.filter((id) => !keepIds || keepIds.has(id)))].sort((a, b) => a - b);
    const k = ids.length;
    const wantCur = flags.cur || flags.cumOnly || flags.max;
    // No map wanted: resistances only, with no voltage column held (PairwiseOptions.currents).
    const pairOpts: PairwiseOptions = { tol, focalOffGraph: "disconnected", focalFile: pointPath, includePair: include, currents: wantCur || flags.volt };
    checkPairwiseMemory(habitat, k, { memoryLimit: opts.memoryLimit, currents: pairOpts.currents });
    const onPair = async (a: number, b: number, volt: Float64Array, cur: Float64Array, graph: CircuitGraph, nodes: Int32Array, idsOf: number[]) => {
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
    if (!ptFileHasRegions) {
      const regions = mergeRegionLayers(n, polygons ? [polygons, focal] : [focal]);
      const graph = buildCircuitGraph(habitat, { ...graphOpts, regions });
      // Each id's own cell (one per id in a point file): ids that share a cell share a node.
      const cellOf = new Map<number, number>();
      points.ids.forEach((id, q) => cellOf.set(id, points.cells[q]));
      const nodes = Int32Array.from(ids, (id) => graph.nodeOfCell[cellOf.get(id)!]);
      warnOffGraph(graph, ids, nodes);
      const res = await drive(pairwiseSteps(graph, ids, nodes, pairOpts), (st) => onPair(st.a, st.b, st.voltages, st.currents, graph, nodes, ids));
      R.set(res.resistances);
    } else {
      // Circuitscape's rule for polygon point files: only the pair's own regions are short-circuited.
      const base = mergeRegionLayers(n, polygons ? [polygons] : []);
      let baseGraph: CircuitGraph | null = buildCircuitGraph(habitat, { ...graphOpts, regions: base });
      if ((opts.regionPairs ?? "auto") === "auto" && regionPairsApply(baseGraph, focal, ids)) {
        // One solver setup and one solve per focal node (see pair-regions.ts).
        const g = baseGraph;
        const res = await drive(regionPairSteps(g, focal, ids, pairOpts), (st) => onPair(st.a, st.b, st.voltages, st.currents, g, new Int32Array(0), []));
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
            const regions = mergeRegionLayers(n, [base, pairFocal]);
            collectGarbage(); // the previous pair's graph and solver go before this pair's graph is built
            const graph = buildCircuitGraph(habitat, { ...graphOpts, regions });
            const two = [a, b];
            const nodes = focalNodesOf(graph, pairFocal, two, { focalOffGraph: "disconnected" });
            const res = await drive(pairwiseSteps(graph, two, nodes, pairOpts), (st) => onPair(st.a, st.b, st.voltages, st.currents, graph, nodes, two));
            R[x * k + y] = R[y * k + x] = res.resistances[1];
          }
        }
      }
      const graph0 = buildCircuitGraph(habitat, { ...graphOpts, regions: mergeRegionLayers(n, polygons ? [polygons, focal] : [focal]) });
      warnOffGraph(graph0, ids, focalNodesOf(graph0, focal, ids, { focalOffGraph: "disconnected" }));
    }
    if (flags.cur || flags.cumOnly) await writer.cumMap();
    if (flags.max) await writer.maxMap();
    await writer.resistances(ids, R);
    return { written: writer.written };
  }

  // One-to-all / all-to-one.
  const oneToAll = scenario === "one-to-all";
  const wantCur = flags.cur || flags.cumOnly || flags.max;
  const focalGrid: Grid = { ...habitat, data: focal };
  if (!oneToAll && include && keepIds) {
    // Circuitscape.jl (onetoall.jl) keeps an excluded id as a 1 A source in all-to-one: say so where it matters.
    const kept = [...keepIds].sort((a, b) => a - b);
    let excluded = 0;
    for (let x = 0; x < kept.length; x++) for (let y = x + 1; y < kept.length; y++) if (!include(kept[x], kept[y])) excluded++;
    if (excluded > 0) {
      warn(
        `${includedPath}: all-to-one with included pairs: as Circuitscape does, a focal id excluded from the pair with the ground still injects current, 1 A${strengths ? " instead of its variable source strength" : ""} (${excluded} excluded pair${excluded > 1 ? "s" : ""}); an id with no included partner gets -1 and no map`,
      );
    }
  }
  const steps = oneToAllSteps(habitat, focalGrid, {
    ...graphOpts,
    regions: polygons ?? undefined,
    mode: oneToAll ? "one-to-all" : "all-to-one",
    strengths,
    includePair: include,
    excludedSource: "unit",
    tol,
    focalOffGraph: "disconnected",
    focalFile: pointPath,
    memoryLimit: opts.memoryLimit,
  });
  let zero: number[] | null = null;
  const res = await drive(steps, async (st) => {
    if (st.noPartner) return; // Circuitscape returns before its solve and writes no map for this id
    const name = `_${st.id}`;
    if (flags.volt) await writer.voltMap(name, st.graph, st.voltages);
    if (wantCur) {
      if (zero === null) {
        zero = flags.focalZero ? Array.from(focalNodesOf(st.graph, focal, focalIdsOf(focal), { focalOffGraph: "disconnected" })).filter((u) => u >= 0) : [];
      }
      await writer.curMap(name, st.graph, st.currents, zero, flags.cur && !flags.cumOnly, true);
    }
  });
  warnOffGraph(res.graph, res.ids, res.focalNode);
  if (flags.cur || flags.cumOnly) await writer.cumMap();
  if (flags.max) await writer.maxMap();
  const lines = res.ids.map((id, i) => `${id} ${fmt(res.resistances[i])}`).join("\n") + "\n";
  await writer.text("_resistances.out", lines);
  return { written: writer.written };
}

/** Run a step generator to its end, awaiting `each` on every step before the next is computed. */
async function drive<S, R>(gen: Generator<S, R, void>, each: (s: S) => Promise<void>): Promise<R> {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
    await each(r.value);
  }
}

/** Focal points from a grid (nonzero cells) or a text list "id x y" (map coordinates), Circuitscape's rules. */
async function readPoints(path: string, habitat: Grid, warn: (m: string) => void): Promise<{ cells: number[]; ids: number[] }> {
  const cells: number[] = [];
  const ids: number[] = [];
  const negatives = new Set<number>();
  if (/\.(asc|tiff?)(\.gz)?$/i.test(path)) {
    const g = await readGridFile(path);
    if (g.width !== habitat.width || g.height !== habitat.height) {
      throw new CrosswayError(`point grid is ${g.width} x ${g.height} cells but the habitat grid is ${habitat.width} x ${habitat.height}`, { file: path });
    }
    // Column-major, as Circuitscape scans (it decides which cell of an id comes first).
    for (let c = 0; c < g.width; c++)
      for (let r = 0; r < g.height; r++) {
        const i = r * g.width + c;
        const v = g.data[i];
        if (v !== v || v === 0) continue;
        if (v < 0) {
          negatives.add(v);
          continue;
        }
        if (!Number.isInteger(v)) throw new CrosswayError(`focal id ${v} at row ${r}, column ${c} is not an integer`, { file: path });
        cells.push(i);
        ids.push(v);
      }
  } else {
    for (const e of readXyList(path, habitat)) {
      if (e.value < 0) {
        negatives.add(e.value);
        continue;
      }
      if (e.value === 0) continue;
      if (!Number.isInteger(e.value)) throw new CrosswayError(`line ${e.line}: focal id ${e.value} is not an integer`, { file: path });
      cells.push(e.cell);
      ids.push(e.value);
    }
  }
  if (negatives.size > 0) warn(`${path}: negative focal id${negatives.size > 1 ? "s" : ""} ${[...negatives].join(", ")} ignored (as Circuitscape does)`);
  if (new Set(ids).size < 2) throw new CrosswayError(`fewer than two focal ids found`, { file: path });
  return { cells, ids };
}

/** Lines "value x y" (map coordinates) of a Circuitscape text list, located on the habitat grid's cells. */
function readXyList(path: string, habitat: Grid): { value: number; cell: number; line: number }[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CrosswayError(`cannot read: ${(err as Error).message}`, { file: path, cause: err });
  }
  const t = habitat.transform;
  const cs = t[1];
  const xll = t[0];
  const yll = t[3] + habitat.height * t[5];
  const out: { value: number; cell: number; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, ln) => {
    const s = raw.replace(/#.*/, "").trim();
    if (s === "") return;
    const parts = s.split(/[\s,]+/).map(Number);
    if (parts.length < 3 || parts.some((x) => !Number.isFinite(x))) {
      throw new CrosswayError(`line ${ln + 1}: expected "value x y", got "${s}"`, { file: path });
    }
    const [value, x, y] = parts;
    // Circuitscape's cell rule: row = ceil(nrows - (y - yll) / cellsize) - 1, col = ceil((x - xll) / cellsize) - 1
    const row = Math.ceil(habitat.height - (y - yll) / cs) - 1;
    const col = Math.ceil((x - xll) / cs) - 1;
    if (row < 0 || row >= habitat.height || col < 0 || col >= habitat.width) {
      throw new CrosswayError(`line ${ln + 1}: (${x}, ${y}) lies outside the habitat grid`, { file: path });
    }
    out.push({ value, cell: row * habitat.width + col, line: ln + 1 });
  });
  return out;
}

/** Number format of the .out tables: integers plain, others with 10 significant digits. */
export function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const s = x.toPrecision(10);
  return s.includes("e") ? s.replace(/\.?0+e/, "e") : s.replace(/\.?0+$/, "");
}

class OutputWriter {
  written: string[] = [];
  cum: Float64Array | null = null;
  max: Float64Array | null = null;
  private readonly nodata: number;
  constructor(
    private prefix: string,
    private like: Grid,
    private tiffToo: boolean,
    private flags: OutFlags,
    private warn: (m: string) => void,
  ) {
    this.nodata = Number.isFinite(like.nodata) ? like.nodata : -9999;
    // The output folder is created by the first write (after every input has been read and checked).
  }

  /** Cell map of a per node vector: on-graph cells take their node's value (0 when NaN), others 0. */
  private toCells(graph: CircuitGraph, perNode: Float64Array): Float64Array {
    const out = new Float64Array(graph.width * graph.height);
    const map = graph.nodeOfCell;
    for (let i = 0; i < out.length; i++) {
      const u = map[i];
      if (u >= 0) {
        const x = perNode[u];
        out[i] = x === x ? x : 0;
      }
    }
    return out;
  }

  async voltMap(name: string, graph: CircuitGraph, volt: Float64Array): Promise<void> {
    const m = this.toCells(graph, volt);
    if (this.flags.nullVolt) {
      const c = graph.cellConductance;
      for (let i = 0; i < m.length; i++) if (c[i] === 0) m[i] = this.nodata;
    }
    await this.grid(`_voltmap${name}`, m);
  }

  /**
   * Current map of one solve: processed (log, null-to-nodata) as Circuitscape does BEFORE it is
   * added to the cumulative and maximum maps. `write` false: accumulate only.
   */
  async curMap(name: string, graph: CircuitGraph, cur: Float64Array, zeroNodes: number[], write = true, rawCum = false, force = false): Promise<void> {
    if (zeroNodes.length > 0) {
      cur = cur.slice();
      for (const u of zeroNodes) if (u >= 0) cur[u] = 0;
    }
    const raw = this.toCells(graph, cur);
    const m = this.process(raw, graph);
    const add = rawCum ? raw : m;
    if (!this.cum) this.cum = new Float64Array(m.length);
    for (let i = 0; i < m.length; i++) this.cum[i] += add[i];
    if (this.flags.max) {
      if (!this.max) this.max = new Float64Array(m.length).fill(this.nodata);
      for (let i = 0; i < m.length; i++) if (add[i] > this.max[i]) this.max[i] = add[i];
    }
    if (rawCum) {
      this.cumIsRaw = true;
      this.lastGraph = graph;
    }
    if (force || (write && this.flags.cur && !this.flags.cumOnly)) await this.grid(`_curmap${name}`, m);
  }
  private lastGraph: CircuitGraph | null = null;
  /** One-to-all / all-to-one sum raw currents and process the sum (Circuitscape's kernel does). */
  private cumIsRaw = false;

  private process(m: Float64Array, graph: CircuitGraph): Float64Array {
    const out = m.slice();
    if (this.flags.log) for (let i = 0; i < out.length; i++) out[i] = out[i] > 0 ? Math.log10(out[i]) : this.nodata;
    if (this.flags.nullCur) {
      const c = graph.cellConductance;
      for (let i = 0; i < out.length; i++) if (c[i] === 0) out[i] = this.nodata;
    }
    return out;
  }

  async cumMap(): Promise<void> {
    let m = this.cum ?? new Float64Array(this.like.width * this.like.height);
    if (this.cumIsRaw && this.lastGraph) m = this.process(m, this.lastGraph);
    for (let i = 0; i < m.length; i++) if (m[i] < this.nodata) m[i] = this.nodata;
    await this.grid(`_cum_curmap`, m);
  }

  async maxMap(): Promise<void> {
    const m = this.max ?? new Float64Array(this.like.width * this.like.height).fill(this.nodata);
    for (let i = 0; i < m.length; i++) if (m[i] < this.nodata) m[i] = this.nodata;
    await this.grid(`_max_curmap`, m);
  }

  async resistances(ids: number[], R: Float64Array): Promise<void> {
    const k = ids.length;
    const rows = [["0", ...ids.map(String)].join(" ")];
    for (let i = 0; i < k; i++) rows.push([String(ids[i]), ...Array.from(R.subarray(i * k, i * k + k), fmt)].join(" "));
    await this.text("_resistances.out", rows.join("\n") + "\n");
    const three: string[] = [];
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) three.push(`${ids[i]} ${ids[j]} ${fmt(R[i * k + j])}`);
    await this.text("_resistances_3columns.out", three.join("\n") + "\n");
  }

  async text(suffix: string, body: string): Promise<void> {
    const p = `${this.prefix}${suffix}`;
    await writeFileAtomic(p, body);
    this.written.push(p);
  }

  private async grid(suffix: string, m: Float64Array): Promise<void> {
    // Circuitscape rounds map values to 8 decimals; the file's nodata value marks nodata.
    const data = new Float64Array(m.length);
    for (let i = 0; i < m.length; i++) {
      const x = m[i];
      data[i] = x === this.nodata ? NaN : Math.round(x * 1e8) / 1e8;
    }
    const g: Grid = { ...this.like, data, nodata: this.nodata };
    const p = `${this.prefix}${suffix}.asc${this.flags.compress ? ".gz" : ""}`;
    await writeAscFile(p, g);
    this.written.push(p);
    if (this.tiffToo) {
      const t = `${this.prefix}${suffix}.tif`;
      try {
        await writeTiffFile(t, g);
      } catch (err) {
        if (!(err instanceof CrosswayError) || g.crs === null) throw err;
        // The GeoTIFF writer cannot describe every CRS it can read; keep the grid, say what was lost.
        this.warn(`${t}: written without its CRS (${err.message})`);
        await writeTiffFile(t, { ...g, crs: null });
      }
      this.written.push(t);
    }
  }
}
