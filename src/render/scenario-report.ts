/**
 * Maps and report for a `crossway run` / `crossway sweep` output folder. The scenario engine fills a
 * plain ScenarioReportModel (scenario-model.ts; render depends on nothing in src/scenario) after
 * writing its tables and grids; this module draws it with renderMap / renderProfileChart / writeReport:
 *   maps/<baseline>_current.png, maps/<baseline>_resistance.png, maps/<top>_current.png,
 *   maps/<top>_difference.png, maps/baseline_profile.png, and report.html.
 * Each top scenario is drawn beside its own baseline (in a sweep with a parameter grid, the baseline
 * of its parameter set). Every difference map of a report shares one colour scale, so a scenario
 * with a quarter of another's effect looks a quarter as strong.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Feature, FeatureCollection, LineString } from "geojson";
import { makePolyline, pointAt } from "../geometry/polyline.ts";
import type { Grid } from "../grid/grid.ts";
import { readGrid } from "../io/index.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { renderProfileChart } from "./chart.ts";
import { regionOutlines } from "./core-outlines.ts";
import { crsLabel } from "./crs-label.ts";
import { mapKind } from "./kinds.ts";
import { renderMap } from "./map.ts";
import type { ChainageMark, LineOverlay, Overlays } from "./overlays.ts";
import { writeReport, type ReportComparison, type ReportImage } from "./report.ts";
import type { ModelScenario, ScenarioReportModel } from "./scenario-model.ts";
import { makeStretch } from "./stretch.ts";
import { fenceParagraphs, rankByDeaths } from "./mortality-text.ts";
import { renderRoadKillChart } from "./roadkill-chart.ts";
import { renderRankChart } from "./rank-chart.ts";
import { formatNumber } from "./nice.ts";

/** How many of the best scenarios get before/after maps unless told otherwise. */
export const REPORT_TOP = 3;

/** The rows drawn as before/after maps: the best `top` scenarios that were evaluated, baselines left out. */
export function topScenarios<R extends { status: string; scenario: string; baseline: string; rank: number }>(
  rows: readonly R[],
  top = REPORT_TOP,
): R[] {
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

export function structureFeatures(centreline: number[][], sc: ModelScenario): FeatureCollection {
  const features: Feature[] = sc.structures.map((s) => ({
    type: "Feature",
    properties: { id: s.id, name: s.label, type: s.type, proposed: s.status !== "existing" },
    geometry: { type: "Point", coordinates: pointAtChainage(centreline, s.chainage_m) },
  }));
  return { type: "FeatureCollection", features };
}

export function fenceLines(centreline: number[][], sc: ModelScenario): FeatureCollection {
  const features: Feature<LineString>[] = sc.fences.map((f) => {
    const pts: number[][] = [];
    const step = Math.max(50, (f.to_m - f.from_m) / 100);
    for (let m = f.from_m; m < f.to_m; m += step) pts.push(pointAtChainage(centreline, m));
    pts.push(pointAtChainage(centreline, f.to_m));
    return { type: "Feature", properties: { id: f.id }, geometry: { type: "LineString", coordinates: pts } };
  });
  return { type: "FeatureCollection", features };
}

/** Spacing of the km marks: about ten along the road, at 1, 2, 5, 10 ... km. */
export function markSpacingKm(lengthM: number): number {
  const raw = lengthM / 1000 / 10;
  for (const step of [1, 2, 5, 10, 20, 50, 100]) if (step >= raw) return step;
  return 100;
}

/** "km N" marks every markSpacingKm along the centreline, from km 0. */
export function chainageMarks(centreline: number[][]): ChainageMark[] {
  let length = 0;
  for (let i = 1; i < centreline.length; i++)
    length += Math.hypot(centreline[i][0] - centreline[i - 1][0], centreline[i][1] - centreline[i - 1][1]);
  const step = markSpacingKm(length) * 1000;
  const marks: ChainageMark[] = [];
  for (let m = 0; m <= length + 1e-6; m += step) {
    const [x, y] = pointAtChainage(centreline, m);
    // Direction from two nearby points (a few metres apart, within the line).
    const [xa, ya] = pointAtChainage(centreline, Math.max(0, m - 5));
    const [xb, yb] = pointAtChainage(centreline, Math.min(length, m + 5));
    const l = Math.hypot(xb - xa, yb - ya) || 1;
    marks.push({ x, y, dx: (xb - xa) / l, dy: (yb - ya) / l, label: `km ${m / 1000}` });
  }
  return marks;
}

const km = (m: number) => m / 1000;
const CORE_FILL = "rgba(34,112,70,0.55)";
// Rivers are context: thin and half transparent, so a dense network does not compete with the current.
const RIVER = "rgba(47,127,193,0.55)";
const FENCE = "#e63946";

export async function renderScenarioReport(model: ScenarioReportModel): Promise<string> {
  const { outDir, template } = model;
  const illustrative = model.illustrative;
  const mapsDir = join(outDir, "maps");

  // Overlays shared by every map.
  const names = new Map(model.cores.map((c) => [c.id, c.name]));
  const cores = regionOutlines(model.focal, (id) => names.get(id) ?? `Core ${id}`);
  const marks = chainageMarks(model.centreline);
  const rivers: LineOverlay[] = model.rivers?.features.length ? [{ data: model.rivers, label: "River", color: RIVER, width: 1.2 }] : [];
  const overlaysFor = (name: string): Overlays => {
    const sc = model.scenarios.get(name) ?? { structures: [], fences: [] };
    const fences = fenceLines(model.centreline, sc);
    return {
      highway: model.highway,
      cores,
      coreFill: CORE_FILL,
      crossings: structureFeatures(model.centreline, sc),
      villages: model.villages,
      marks,
      lines: [
        ...rivers,
        ...(fences.features.length
          ? [{ data: fences, label: "Fence (proposed)", color: FENCE, width: 5, dash: [12, 6], onTop: true }]
          : []),
      ],
    };
  };

  const rows = [...model.rows].sort((a, b) => a.rank - b.rank);
  const top = topScenarios(rows, model.top);
  // Core cells are short-circuited focal nodes: all the current of a pair enters and leaves there, so
  // they would take the top of every colour scale and hide the landscape. They are masked out and
  // drawn as solid core areas instead.
  const focal = model.focal.data;
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
  const common = { illustrative, crsLabel: crsLabel(template.crs), locator: model.lonLatFrame };
  const subtitle = `${model.name}: ${model.species} \u00b7 ${model.cores.length} core areas`;

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
    let b: Before | null = null;
    if (baseCur && model.scenarios.has(name)) {
      const stretch = makeStretch("log", baseCur.data);
      const label = name === model.baseline ? "Baseline" : name;
      const image = await save(
        `${name}_current.png`,
        await renderMap({
          grid: baseCur,
          ...cur,
          stretch,
          title: `Cumulative current density: ${name}`,
          subtitle,
          overlays: overlaysFor(name),
          ...common,
        }),
        label,
        "cumulative current density, existing structures",
      );
      b = { image, stretch };
    }
    befores.set(name, b);
    return b;
  };
  // One colour scale for every difference map of the report: taken from all of them together, so a
  // scenario with a quarter of another's effect is drawn a quarter as strong.
  const diffs = new Map<string, Grid>();
  for (const r of top) {
    const d = await grid(`${r.scenario}_current_diff`);
    if (d) diffs.set(r.scenario, d);
  }
  const pooled = new Float32Array([...diffs.values()].reduce((n, g) => n + g.data.length, 0));
  let off = 0;
  for (const g of diffs.values()) {
    pooled.set(g.data, off);
    off += g.data.length;
  }
  const diffStretch = diffs.size ? makeStretch("symmetric", pooled) : undefined;
  const diffUnits = (baseline: string) =>
    `amperes per cell, scenario minus ${baseline}; blue = more movement, red = less; one scale for every difference map in this report`;

  // "the baseline" in a run; in a sweep with a parameter grid, the parameter set's baseline by name.
  const theBaseline = (name: string) => (name === model.baseline ? "the baseline" : name);
  for (const r of top) {
    const after = await grid(`${r.scenario}_current`);
    const before = await beforeOf(r.baseline);
    if (!model.scenarios.has(r.scenario) || !after || !before) continue;
    const afterImg = await save(
      `${r.scenario}_current.png`,
      await renderMap({
        grid: after,
        ...cur,
        stretch: before.stretch,
        title: `Cumulative current density: ${r.scenario}`,
        subtitle,
        overlays: overlaysFor(r.scenario),
        ...common,
      }),
      r.scenario,
      `same colour scale as ${theBaseline(r.baseline)}; effective resistance ${r.delta_effective_resistance_pct.toFixed(2)}%`,
    );
    const diff = diffs.get(r.scenario);
    const diffImg =
      diff && diffStretch
        ? await save(
            `${r.scenario}_difference.png`,
            await renderMap({
              grid: diff,
              ...mapKind("difference"),
              stretch: diffStretch,
              legend: { label: "Change in current density", units: diffUnits(r.baseline) },
              title: `Change from ${r.baseline}: ${r.scenario}`,
              subtitle,
              overlays: overlaysFor(r.scenario),
              ...common,
            }),
            `Change from ${r.baseline}: ${r.scenario}`,
            `blue where more current flows than in ${theBaseline(r.baseline)}, red where less; the same colour scale as the other difference maps`,
          )
        : undefined;
    comparisons.push({ scenario: `${r.rank}. ${r.scenario}`, before: before.image, after: afterImg, difference: diffImg });
  }
  // The resistance surface of the baseline the best scenario is compared with (a run: the baseline).
  const resName = top[0]?.baseline ?? model.baseline;
  const res = await grid(`${resName}_resistance`);
  if (res && model.scenarios.has(resName)) {
    further.push(
      await save(
        `${resName}_resistance.png`,
        await renderMap({
          grid: res,
          ...mapKind("resistance"),
          title: `Resistance to movement: ${resName}`,
          subtitle,
          overlays: overlaysFor(resName),
          ...common,
        }),
        `Resistance surface (${resName})`,
        "the road and the structures burnt in",
      ),
    );
  }

  // Road profile of the baseline, with its pinch points.
  let profile: ReportImage | undefined;
  let pinch: { label: string; from_km: number; to_km: number; current: number }[] = [];
  const segs = model.profile;
  if (segs?.length) {
    const order = segs
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.open_road > 0)
      .sort((a, b) => b.s.open_road - a.s.open_road || a.i - b.i)
      .slice(0, model.pinchPoints);
    pinch = order.map(({ s }, k) => ({ label: `P${k + 1}`, from_km: km(s.from_m), to_km: km(s.to_m), current: s.open_road }));
    const png = await renderProfileChart({
      title: "Road profile: where animals cross the highway (baseline)",
      subtitle: `Net crossing current per ${Math.round(segs[0].to_m - segs[0].from_m)} m segment, summed over the cross-road core pairs`,
      fromKm: segs.map((s) => km(s.from_m)),
      toKm: segs.map((s) => km(s.to_m)),
      current: segs.map((s) => s.current),
      throughStructures: segs.map((s) => s.through_structures),
      pinch: order.map(({ i }) => i),
      structures: (model.scenarios.get(model.baseline)?.structures ?? []).map((s) => ({
        km: km(s.chainage_m),
        name: s.label,
        type: s.type,
      })),
      units: "Net crossing current (A)",
      illustrative,
    });
    profile = await save(
      `${model.baseline}_profile.png`,
      png,
      "Road profile (baseline)",
      "bars: net current crossing each segment; green: through structures; red: pinch points",
    );
  }

  const mortality = await mortalitySection();
  let uncertainty: { paragraphs: string[]; chart: ReportImage } | undefined;
  if (model.uncertainty) {
    const u = model.uncertainty;
    const varied = Object.entries(u.ranges)
      .map(([n, [lo, hi]]) => `${n} ${formatNumber(lo)}-${formatNumber(hi)}`)
      .join(", ");
    const chart = await save(
      "uncertainty_ranks.png",
      await renderRankChart(u.summary, u.draws, varied),
      "How sure is the ranking?",
      "bars: share of parameter draws in which the scenario ranks first; lines: its rank in 90 % of the draws, dot: the median",
    );
    const best = [...u.summary].sort((a, b) => b.p_first - a.p_first)[0];
    const verdict =
      best.p_first >= 0.9
        ? `${best.scenario} ranks first in ${Math.round(best.p_first * 100)} % of the draws: robustly best over these ranges.`
        : best.p_first >= 0.5
          ? `${best.scenario} ranks first in ${Math.round(best.p_first * 100)} % of the draws: likely, not certainly, the best.`
          : `No scenario ranks first in most draws (${best.scenario}: ${Math.round(best.p_first * 100)} %): the choice depends on parameters the data do not pin down.`;
    uncertainty = {
      paragraphs: [
        `The model's uncertain parameters were drawn ${u.draws} times at random (${varied}), and every scenario ranked again under each draw. ${verdict}`,
      ],
      chart,
    };
  }

  return writeReport(outDir, {
    title: `Wildlife crossings: ${model.name}`,
    subtitle: model.description,
    illustrative,
    cautions: model.cautions,
    rows,
    comparisons,
    profile,
    pinchPoints: pinch,
    maps: further,
    objective: model.objective.map((o) => o.replace(/_/g, " ")).join(", then "),
    costUnit: "million USD",
    inputs: [
      ...model.inputs,
      {
        name: "Grid",
        value: `${template.width} \u00d7 ${template.height} cells of ${Math.abs(template.transform[1])} m, ${crsLabel(template.crs)}`,
      },
    ],
    settings: model.settings,
    assumptions: model.assumptions,
    provenance: model.provenance,
    mortality,
    uncertainty,
  });

  /**
   * With a mortality block: the fence paragraphs, a road-kill chart and a risk map for the baseline
   * against the scenario with the fewest road deaths and every fence scenario (at most three), so the
   * fences are seen even when they rank low on resistance.
   */
  async function mortalitySection(): Promise<{ paragraphs: string[]; charts: ReportImage[]; maps: ReportImage[] } | undefined> {
    const withDeaths = model.rows.filter((r) => r.road_deaths !== undefined);
    if (!withDeaths.length) return undefined;
    const paragraphs = fenceParagraphs(withDeaths, model.scenarios);
    const chosen: string[] = [];
    const best = rankByDeaths(withDeaths).find((r) => r.scenario !== r.baseline);
    if (best) chosen.push(best.scenario);
    for (const r of withDeaths) {
      if (chosen.length >= 3) break;
      if (r.status === "ok" && r.scenario !== r.baseline && model.scenarios.get(r.scenario)?.fences.length && !chosen.includes(r.scenario))
        chosen.push(r.scenario);
    }
    const charts: ReportImage[] = [];
    const maps: ReportImage[] = [];
    const rowOf = new Map(model.rows.map((r) => [r.scenario, r]));
    for (const name of chosen) {
      const r = rowOf.get(name)!;
      const base = model.profiles?.get(r.baseline);
      const prof = model.profiles?.get(name);
      if (!base || !prof || base.length !== prof.length || base.some((s) => s.road_deaths === undefined)) continue;
      const sc = model.scenarios.get(name) ?? { structures: [], fences: [] };
      const png = await renderRoadKillChart({
        title: `Road deaths along the highway: ${name}`,
        subtitle: `Expected road deaths per animal in each ${Math.round(base[0].to_m - base[0].from_m)} m segment, summed over the cross-road core pairs; change ${(r.delta_road_deaths_pct ?? 0).toFixed(2)} %`,
        fromKm: base.map((s) => km(s.from_m)),
        toKm: base.map((s) => km(s.to_m)),
        baseline: base.map((s) => s.road_deaths ?? NaN),
        baselineLabel: r.baseline === model.baseline ? "baseline" : r.baseline,
        scenario: { name, deaths: prof.map((s) => s.road_deaths ?? NaN) },
        fences: sc.fences.map((f) => ({ fromKm: km(f.from_m), toKm: km(f.to_m) })),
        structures: sc.structures.map((s) => ({ km: km(s.chainage_m), name: s.label, type: s.type, proposed: s.status !== "existing" })),
        illustrative,
      });
      charts.push(
        await save(
          `${name}_road_deaths_profile.png`,
          png,
          `Road deaths along the highway: ${name}`,
          `bars: ${r.baseline}; line: ${name}; shaded: fenced stretches`,
        ),
      );
    }
    // Risk maps: the baseline and the charted scenarios on one log scale. Road cells are one or two cells
    // wide, too thin to read on a page: each is drawn with a halo of DEATHS_HALO cells around it (the
    // grids keep the values per cell).
    const names = [model.baseline, ...chosen];
    const grids = new Map<string, Grid>();
    for (const n of names) {
      const g = await grid(`${n}_road_deaths`);
      if (g && model.scenarios.has(n)) grids.set(n, widenRoad(g, DEATHS_HALO));
    }
    const pooled = new Float32Array([...grids.values()].reduce((k, g) => k + g.data.length, 0));
    let at = 0;
    for (const g of grids.values()) {
      pooled.set(g.data, at);
      at += g.data.length;
    }
    const stretch = grids.size ? makeStretch("log", pooled) : undefined;
    for (const [n, g] of grids) {
      maps.push(
        await save(
          `${n}_road_deaths.png`,
          await renderMap({
            grid: g,
            ...mapKind("road_deaths"),
            stretch: stretch ?? "log",
            title: `Road-kill risk: ${n}`,
            subtitle,
            overlays: { ...overlaysFor(n), highway: undefined },
            ...common,
          }),
          `Road-kill risk: ${n}`,
          `expected road deaths per road cell, drawn ${DEATHS_HALO} cells wide for legibility; one colour scale for every road-kill map in this report`,
        ),
      );
    }
    return { paragraphs, charts, maps };
  }
}

/** Cells drawn around each road cell on the road-kill maps (display only). */
const DEATHS_HALO = 3;

/** A copy of g where each nodata cell within `halo` cells of a valued cell takes the largest value near it. */
function widenRoad(g: Grid, halo: number): Grid {
  const { width: w, height: h } = g;
  const src = g.data;
  const out = Float32Array.from(src);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const v = src[r * w + c];
      if (!Number.isFinite(v)) continue;
      for (let dr = -halo; dr <= halo; dr++) {
        const rr = r + dr;
        if (rr < 0 || rr >= h) continue;
        for (let dc = -halo; dc <= halo; dc++) {
          const cc = c + dc;
          if (cc < 0 || cc >= w) continue;
          const k = rr * w + cc;
          if (Number.isFinite(src[k])) continue;
          if (!(out[k] >= v)) out[k] = v;
        }
      }
    }
  }
  return { ...g, data: out };
}
