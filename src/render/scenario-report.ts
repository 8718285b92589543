/**
 * Maps and report for a `crossway run` / `crossway sweep` output folder. The scenario engine calls
 * renderScenarioReport({ study, jobs, report, outDir }) after writing its tables and grids; this
 * module turns them into plain data for renderMap / renderProfileChart / writeReport:
 *   maps/<baseline>_current.png, maps/<baseline>_resistance.png, maps/<top>_current.png,
 *   maps/<top>_difference.png, maps/baseline_profile.png, and report.html.
 * Each top scenario is drawn beside its own baseline (in a sweep with a parameter grid, the baseline
 * of its parameter set). A run has every scenario's grids; a sweep evaluates the topScenarios rows
 * and their baselines again with grids before calling this (src/scenario/sweep-maps.ts).
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Feature, FeatureCollection, LineString } from "geojson";
import { makePolyline, pointAt } from "../geometry/polyline.ts";
import type { Grid } from "../grid/grid.ts";
import { readGeoJson, readGrid } from "../io/index.ts";
import type { Report, ReportRow } from "../scenario/report.ts";
import type { Job, Study } from "../scenario/study.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { renderProfileChart } from "./chart.ts";
import { regionOutlines } from "./core-outlines.ts";
import { crsLabel } from "./crs-label.ts";
import { mapKind } from "./kinds.ts";
import { renderMap } from "./map.ts";
import type { Overlays } from "./overlays.ts";
import { writeReport, type ReportComparison, type ReportImage } from "./report.ts";
import { makeStretch } from "./stretch.ts";

export interface ScenarioReportArgs {
  study: Study;
  jobs: Job[];
  report: Report;
  outDir: string;
  /** How many of the best scenarios get before/after maps (default REPORT_TOP). */
  top?: number;
}

/** How many of the best scenarios get before/after maps unless told otherwise. */
export const REPORT_TOP = 3;

/** The rows drawn as before/after maps: the best `top` scenarios that were evaluated, baselines left out. */
export function topScenarios(rows: readonly ReportRow[], top = REPORT_TOP): ReportRow[] {
  return rows
    .filter((r) => r.status === "ok" && r.scenario !== r.baseline)
    .sort((a, b) => a.rank - b.rank)
    .slice(0, top);
}

/** The point at a chainage (m) along a polyline in map units (clamped to its ends). */
export function pointAtChainage(line: number[][], m: number): [number, number] {
  const p = pointAt(makePolyline(line), m);
  return [p.x, p.y];
}

function structureFeatures(study: Study, job: Job, names: Map<string, string>): FeatureCollection {
  const features: Feature[] = job.scenario.structures.map((s) => ({
    type: "Feature",
    properties: { id: s.id, name: names.get(s.id) ?? s.id, type: s.type, proposed: s.status !== "existing" },
    geometry: { type: "Point", coordinates: pointAtChainage(study.centreline, s.chainage_m) },
  }));
  return { type: "FeatureCollection", features };
}

function fenceLines(study: Study, job: Job): FeatureCollection {
  const features: Feature<LineString>[] = job.scenario.fences.map((f) => {
    const pts: number[][] = [];
    const step = Math.max(50, (f.to_m - f.from_m) / 100);
    for (let m = f.from_m; m < f.to_m; m += step) pts.push(pointAtChainage(study.centreline, m));
    pts.push(pointAtChainage(study.centreline, f.to_m));
    return { type: "Feature", properties: { id: f.id }, geometry: { type: "LineString", coordinates: pts } };
  });
  return { type: "FeatureCollection", features };
}

const km = (m: number) => m / 1000;
const CORE_FILL = "rgba(34,112,70,0.55)";

export async function renderScenarioReport(args: ScenarioReportArgs): Promise<string> {
  const { study, jobs, report, outDir } = args;
  const cfg = study.config;
  const base = dirname(resolve(study.file));
  const template = study.landscape.template;
  const illustrative = /illustrative/i.test(`${cfg.description ?? ""} ${cfg.name ?? ""}`);
  const mapsDir = join(outDir, "maps");

  // Overlays shared by every map.
  const highway = await readGeoJson(resolve(base, cfg.landscape.highway), template.crs ?? undefined);
  const names = new Map<string, string>();
  if (cfg.landscape.crossings) {
    const fc = await readGeoJson(resolve(base, cfg.landscape.crossings), template.crs ?? undefined);
    for (const f of fc.features) {
      const id = f.properties?.id;
      if (id !== undefined && f.properties?.name) names.set(String(id), String(f.properties.name));
    }
  }
  const sides = new Map(study.landscape.cores.map((c) => [c.id, c.side]));
  const cores = regionOutlines(study.landscape.focal, (id) => `Core ${id}${sides.get(id) ? ` (${sides.get(id)})` : ""}`);
  const overlaysFor = (job: Job): Overlays => {
    const fences = fenceLines(study, job);
    return {
      highway,
      cores,
      coreFill: CORE_FILL,
      crossings: structureFeatures(study, job, names),
      lines: fences.features.length ? [{ data: fences, label: "Fence (proposed)", color: "#e63946", width: 3, dash: [10, 6] }] : undefined,
    };
  };

  const byName = new Map(jobs.map((j) => [j.name, j]));
  const rows = [...report.rows].sort((a, b) => a.rank - b.rank);
  const baselineJob = jobs.find((j) => j.baseline === j.name) ?? jobs[0];
  const top = topScenarios(rows, args.top);
  // Core cells are short-circuited focal nodes: all the current of a pair enters and leaves there, so
  // they would take the top of every colour scale and hide the landscape. They are masked out and
  // drawn as solid core areas instead.
  const focal = study.landscape.focal.data;
  const grid = async (name: string): Promise<Grid | undefined> => {
    const p = join(outDir, "grids", `${name}.tif`);
    if (!existsSync(p)) return undefined;
    const g = await readGrid(p);
    for (let i = 0; i < g.data.length; i++) if (focal[i] > 0) g.data[i] = NaN;
    return g;
  };
  const save = async (file: string, png: Buffer, title: string, caption?: string): Promise<ReportImage> => {
    await writeFileAtomic(join(mapsDir, file), png);
    return { title, caption, png };
  };
  const common = { illustrative, crsLabel: crsLabel(template.crs) };
  const subtitle = `${cfg.name}: ${cfg.species} \u00b7 ${study.landscape.cores.length} core areas`;

  const comparisons: ReportComparison[] = [];
  const further: ReportImage[] = [];
  const cur = mapKind("current");
  // Each baseline's map once, with its stretch: a scenario is drawn on its baseline's stretch, so
  // equal colours mean equal current.
  type Before = { image: ReportImage; stretch: ReturnType<typeof makeStretch> };
  const befores = new Map<string, Before | null>();
  const beforeOf = async (name: string): Promise<Before | null> => {
    if (befores.has(name)) return befores.get(name)!;
    const baseCur = await grid(`${name}_current`);
    const job = byName.get(name);
    let b: Before | null = null;
    if (baseCur && job) {
      const stretch = makeStretch("log", baseCur.data);
      const label = name === baselineJob.name ? "Baseline" : name;
      const image = await save(
        `${name}_current.png`,
        await renderMap({ grid: baseCur, ...cur, stretch, title: `Cumulative current density: ${name}`, subtitle, overlays: overlaysFor(job), ...common }),
        label,
        "cumulative current density, existing structures",
      );
      b = { image, stretch };
    }
    befores.set(name, b);
    return b;
  };
  // "the baseline" in a run; in a sweep with a parameter grid, the parameter set's baseline by name.
  const theBaseline = (name: string) => (name === baselineJob.name ? "the baseline" : name);
  for (const r of top) {
    const job = byName.get(r.scenario);
    const after = await grid(`${r.scenario}_current`);
    const before = await beforeOf(r.baseline);
    if (!job || !after || !before) continue;
    const afterImg = await save(
      `${r.scenario}_current.png`,
      await renderMap({ grid: after, ...cur, stretch: before.stretch, title: `Cumulative current density: ${r.scenario}`, subtitle, overlays: overlaysFor(job), ...common }),
      r.scenario,
      `same colour scale as ${theBaseline(r.baseline)}; effective resistance ${r.delta_effective_resistance_pct.toFixed(2)}%`,
    );
    const diff = await grid(`${r.scenario}_current_diff`);
    const diffImg = diff
      ? await save(
          `${r.scenario}_difference.png`,
          await renderMap({ grid: diff, ...mapKind("difference"), legend: { label: "Change in current density", units: `amperes per cell, scenario minus ${r.baseline}; blue = more movement, red = less` }, title: `Change from ${r.baseline}: ${r.scenario}`, subtitle, overlays: overlaysFor(job), ...common }),
          `Change from ${r.baseline}: ${r.scenario}`,
          `blue where more current flows than in ${theBaseline(r.baseline)}, red where less`,
        )
      : undefined;
    comparisons.push({ scenario: `${r.rank}. ${r.scenario}`, before: before.image, after: afterImg, difference: diffImg });
  }
  // The resistance surface of the baseline the best scenario is compared with (a run: the baseline).
  const resName = top[0]?.baseline ?? baselineJob.name;
  const res = await grid(`${resName}_resistance`);
  const resJob = byName.get(resName);
  if (res && resJob) {
    further.push(
      await save(`${resName}_resistance.png`, await renderMap({ grid: res, ...mapKind("resistance"), title: `Resistance to movement: ${resName}`, subtitle, overlays: overlaysFor(resJob), ...common }), `Resistance surface (${resName})`, "the road and the structures burnt in"),
    );
  }

  // Road profile of the baseline, with its pinch points.
  let profile: ReportImage | undefined;
  let pinch: { label: string; from_km: number; to_km: number; current: number }[] = [];
  const baseResult = report.results.get(baselineJob.key);
  if (baseResult?.evaluation.profile.length) {
    const segs = baseResult.evaluation.profile;
    const n = cfg.analysis.pinch_points ?? 5;
    const order = segs
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.open_road > 0)
      .sort((a, b) => b.s.open_road - a.s.open_road || a.i - b.i)
      .slice(0, n);
    pinch = order.map(({ s }, k) => ({ label: `P${k + 1}`, from_km: km(s.from_m), to_km: km(s.to_m), current: s.open_road }));
    const png = await renderProfileChart({
      title: "Road profile: where animals cross the highway (baseline)",
      subtitle: `Net crossing current per ${Math.round(segs[0].to_m - segs[0].from_m)} m segment, summed over the cross-road core pairs`,
      fromKm: segs.map((s) => km(s.from_m)),
      toKm: segs.map((s) => km(s.to_m)),
      current: segs.map((s) => s.current),
      throughStructures: segs.map((s) => s.through_structures),
      pinch: order.map(({ i }) => i),
      structures: baselineJob.scenario.structures.map((s) => ({ km: km(s.chainage_m), name: names.get(s.id) ?? s.id, type: s.type })),
      units: "Net crossing current (A)",
      illustrative,
    });
    profile = await save(`${baselineJob.name}_profile.png`, png, "Road profile (baseline)", "bars: net current crossing each segment; green: through structures; red: pinch points");
  }

  const a = cfg.analysis;
  const rel = (p: string | undefined) => (p ? p : "\u2013");
  return writeReport(outDir, {
    title: `Wildlife crossings: ${cfg.name}`,
    subtitle: cfg.description,
    illustrative,
    rows: rows.map((r) => ({ ...r })),
    comparisons,
    profile,
    pinchPoints: pinch,
    maps: further,
    objective: a.objective.map((o) => o.replace(/_/g, " ")).join(", then "),
    costUnit: "million USD",
    inputs: [
      { name: "Scenario file", value: study.file },
      { name: "Land resistance", value: typeof cfg.landscape.recipe === "string" ? `recipe ${cfg.landscape.recipe}` : cfg.landscape.recipe ? "inline recipe" : rel(cfg.landscape.resistance) },
      { name: "Highway", value: cfg.landscape.highway },
      { name: "Core areas", value: rel(cfg.landscape.cores.geojson ?? cfg.landscape.cores.raster) },
      { name: "Existing crossings", value: rel(cfg.landscape.crossings) },
      { name: "Grid", value: `${template.width} \u00d7 ${template.height} cells of ${Math.abs(template.transform[1])} m, ${crsLabel(template.crs)}` },
      ...Object.entries(study.inputHashes).map(([k, v]) => ({ name: `SHA-256 ${k}`, value: v.slice(0, 16) })),
    ],
    settings: [
      { name: "Species profile", value: String(cfg.species) },
      { name: "Road", value: `${cfg.landscape.road.width_m} m wide${cfg.landscape.road.resistance ? `, resistance ${cfg.landscape.road.resistance}` : ""}` },
      { name: "Neighbours", value: String(a.neighbours) },
      { name: "Solver tolerance", value: String(a.tolerance) },
      { name: "Core pairs", value: a.pairs === "across" ? "pairs on opposite sides of the road" : "all pairs" },
      { name: "Road segment length", value: `${a.segment_length_m} m` },
      { name: "Ranking", value: a.objective.join(", then ") },
    ],
  });
}

