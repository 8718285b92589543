/**
 * From stored scenario results to the tables: rows with deltas against each row's baseline, ranks,
 * results.csv (one row per scenario, ranked), results.json (everything, per pair), and the road
 * profile (CSV + GeoJSON segments with the pinch points). Built only from the store, so a resumed
 * run writes exactly what an uninterrupted one would.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic.ts";
import type { ProfileSegment } from "./evaluate.ts";
import type { StoredResult } from "./execute.ts";
import { makePolyline, slice } from "../geometry/polyline.ts";
import { compare, rank, type Row, summarize } from "./metrics.ts";
import { type Provenance, provenance } from "./provenance.ts";
import { ResultStore } from "./store.ts";
import type { Job, Study } from "./study.ts";

export interface ReportRow extends Row {
  baseline: string;
  status: "ok" | "failed" | "missing";
  error?: string;
  /** New or changed structures and fences of the scenario. */
  interventions: string;
  parameters: Record<string, number>;
}

export interface Report {
  rows: ReportRow[];
  results: Map<string, StoredResult>;
  /** Versions and time of this report (results.json's "crossway" member; the HTML report shows it). */
  provenance: Provenance;
}

/** Pinch points: segments ranked by open-road current (current crossing where there is no structure). */
export function pinchRanks(profile: readonly ProfileSegment[], top: number): Map<number, number> {
  const order = profile
    .filter((s) => s.open_road > 0)
    .sort((a, b) => b.open_road - a.open_road || a.segment - b.segment)
    .slice(0, top);
  return new Map(order.map((s, i) => [s.segment, i + 1]));
}

function flatParams(job: Job): Record<string, number> {
  const p = job.scenario.parameters;
  const out: Record<string, number> = {
    road_resistance: p.road_resistance,
    effectiveness_scale: p.effectiveness_scale,
    habitat_c: p.habitat_c ?? NaN,
    rmax: p.rmax ?? NaN,
  };
  return out;
}

export function buildReport(study: Study, jobs: Job[], outDir: string, failed: Map<string, string>): Report {
  const store = new ResultStore(outDir);
  const results = new Map<string, StoredResult>();
  for (const j of jobs) {
    const r = store.get<StoredResult>(j.key);
    if (r) results.set(j.key, r);
  }
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const rows: Omit<ReportRow, "rank">[] = [];
  for (const j of jobs) {
    const r = results.get(j.key);
    const baseJob = byName.get(j.baseline)!;
    const b = results.get(baseJob.key);
    const interventions = [
      ...j.scenario.structures.filter((s) => s.status !== "existing").map((s) => `${s.status === "new" ? "+" : "~"}${s.id}`),
      ...j.scenario.fences.map((f) => `fence:${f.id}`),
      ...study.existing.filter((e) => !j.scenario.structures.some((s) => s.id === e.id)).map((e) => `-${e.id}`),
    ].join(" ");
    if (!r || !b) {
      const empty = summarize([], j.scenario.cost);
      rows.push({
        ...compare(j.name, { ...empty, effective_resistance: NaN }, { ...empty, effective_resistance: NaN }),
        baseline: j.baseline,
        status: failed.has(j.key) ? "failed" : "missing",
        error: failed.get(j.key) ?? (r ? `baseline '${j.baseline}' has no result` : undefined),
        interventions,
        parameters: flatParams(j),
      });
      continue;
    }
    const s = summarize(r.evaluation.pairs, j.scenario.cost);
    const base = summarize(b.evaluation.pairs, baseJob.scenario.cost);
    rows.push({ ...compare(j.name, s, base), baseline: j.baseline, status: "ok", interventions, parameters: flatParams(j) });
  }
  const ranked = rank(rows, study.config.analysis.objective).sort((a, b) => a.rank - b.rank);
  return { rows: ranked, results, provenance: provenance() };
}

function num(x: number): string {
  if (Number.isNaN(x)) return "";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return String(x);
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  "rank",
  "scenario",
  "baseline",
  "effective_resistance",
  "delta_effective_resistance_pct",
  "least_cost_distance",
  "delta_least_cost_pct",
  "crossing_current_share",
  "cost",
  "improvement_per_cost",
  "success_probability",
  "delta_success_pct",
  "road_deaths",
  "delta_road_deaths_pct",
  "road_deaths_avoided_pct_per_cost",
  "cross_pairs",
  "disconnected_pairs",
  "interventions",
  "status",
] as const;

export function resultsCsv(report: Report, parameterColumns: boolean): string {
  const structureIds = [...new Set(report.rows.flatMap((r) => Object.keys(r.structure_current)))].sort();
  const paramCols = parameterColumns ? ["road_resistance", "effectiveness_scale", "habitat_c", "rmax"] : [];
  const header = [...CSV_COLUMNS, ...paramCols, ...structureIds.map((id) => `current_${id}`), "error"];
  const lines = [header.join(",")];
  for (const r of report.rows) {
    const cells: string[] = [
      String(r.rank),
      csvField(r.scenario),
      csvField(r.baseline),
      num(r.effective_resistance),
      num(r.delta_effective_resistance_pct),
      num(r.least_cost_distance),
      num(r.delta_least_cost_pct),
      num(r.crossing_current_share),
      num(r.cost),
      num(r.improvement_per_cost),
      num(r.success_probability),
      num(r.delta_success_pct),
      num(r.road_deaths),
      num(r.delta_road_deaths_pct),
      num(r.road_deaths_avoided_pct_per_cost),
      String(r.cross_pairs),
      String(r.disconnected_pairs),
      csvField(r.interventions),
      r.status,
      ...paramCols.map((k) => num(r.parameters[k])),
      ...structureIds.map((id) => (id in r.structure_current ? num(r.structure_current[id]) : "")),
      csvField(r.error ?? ""),
    ];
    lines.push(cells.join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** JSON without NaN/Infinity (JSON has neither): NaN -> null, +-Infinity -> "inf"/"-inf". */
function jsonSafe(_k: string, v: unknown): unknown {
  if (typeof v === "number" && !Number.isFinite(v)) return Number.isNaN(v) ? null : v > 0 ? "inf" : "-inf";
  return v;
}

export async function writeTables(
  study: Study,
  jobs: Job[],
  report: Report,
  outDir: string,
  opts: { profileScenarios?: "all" | "ranked-top"; command: string; cautions?: string[] },
): Promise<void> {
  const gridded = jobs.some((j) => j.baseline !== "baseline");
  await writeFileAtomic(join(outDir, "results.csv"), resultsCsv(report, gridded));

  const jobOf = new Map(jobs.map((j) => [j.name, j]));
  const top = study.config.analysis.pinch_points;
  const json = {
    crossway: {
      command: opts.command,
      version: report.provenance.crossway,
      engine: report.provenance.engine,
      node: report.provenance.node,
      date: report.provenance.date,
    },
    file: study.file,
    name: study.config.name,
    species: study.config.species,
    analysis: study.config.analysis,
    inputs: study.inputHashes,
    cautions: opts.cautions ?? [],
    highway_length_m: makePolyline(study.centreline).length,
    // The resolved mortality model (q per road stretch, background, cells per crossing), or null.
    mortality: jobs[0]?.scenario.mortality ?? null,
    scenarios: report.rows.map((r) => {
      const j = jobOf.get(r.scenario)!;
      const res = report.results.get(j.key);
      return {
        ...r,
        key: j.key,
        structures: j.scenario.structures,
        fences: j.scenario.fences,
        parameters: j.scenario.parameters,
        warnings: res?.evaluation.warnings ?? [],
        pairs: res?.evaluation.pairs ?? [],
        solves: res?.evaluation.solves,
        solve: res?.evaluation.solve ?? { method: "full" },
        seconds: res?.seconds,
        pinch_points: res
          ? [...pinchRanks(res.evaluation.profile, top)].map(([segment, rank]) => ({ rank, ...res.evaluation.profile[segment] }))
          : [],
      };
    }),
  };
  await writeFileAtomic(join(outDir, "results.json"), `${JSON.stringify(json, jsonSafe, 1)}\n`);

  // Road profile: every scenario for a run; for a sweep the baselines and the ten best rows.
  const chosen =
    opts.profileScenarios === "ranked-top" ? report.rows.filter((r) => r.scenario.startsWith("baseline") || r.rank <= 10) : report.rows;
  // Road deaths per segment only with a mortality block, so the file is unchanged without one.
  const withDeaths = chosen.some((r) =>
    report.results.get(jobOf.get(r.scenario)!.key)?.evaluation.profile.some((s) => s.road_deaths !== undefined),
  );
  const csv = [
    `scenario,segment,from_m,to_m,current,through_structures,open_road,structures,pinch_rank${withDeaths ? ",road_deaths" : ""}`,
  ];
  const line = makePolyline(study.centreline);
  const baseline = report.results.get(jobOf.get("baseline")!.key);
  const perScenario = new Map<string, ProfileSegment[]>();
  for (const r of chosen) {
    const res = report.results.get(jobOf.get(r.scenario)!.key);
    if (!res) continue;
    perScenario.set(r.scenario, res.evaluation.profile);
    const ranks = pinchRanks(res.evaluation.profile, top);
    for (const s of res.evaluation.profile) {
      const cells = [
        csvField(r.scenario),
        s.segment,
        num(s.from_m),
        num(s.to_m),
        num(s.current),
        num(s.through_structures),
        num(s.open_road),
        csvField(s.structures.join(" ")),
        ranks.get(s.segment) ?? "",
      ];
      if (withDeaths) cells.push(num(s.road_deaths ?? NaN));
      csv.push(cells.join(","));
    }
  }
  await writeFileAtomic(join(outDir, "road_profile.csv"), `${csv.join("\n")}\n`);
  if (baseline) {
    const ranks = pinchRanks(baseline.evaluation.profile, top);
    const features = baseline.evaluation.profile.map((s) => {
      const props: Record<string, unknown> = {
        segment: s.segment,
        from_m: s.from_m,
        to_m: s.to_m,
        current: s.current,
        through_structures: s.through_structures,
        open_road: s.open_road,
        structures: s.structures.join(" "),
        pinch_rank: ranks.get(s.segment) ?? null,
      };
      for (const [name, prof] of perScenario) if (name !== "baseline") props[`current:${name}`] = prof[s.segment]?.current ?? null;
      if (withDeaths) {
        props.road_deaths = s.road_deaths ?? null;
        for (const [name, prof] of perScenario)
          if (name !== "baseline") props[`road_deaths:${name}`] = prof[s.segment]?.road_deaths ?? null;
      }
      return { type: "Feature", properties: props, geometry: { type: "LineString", coordinates: slice(line, s.from_m, s.to_m) } };
    });
    const crs = study.landscape.template.crs;
    const fc = {
      type: "FeatureCollection",
      ...(crs?.epsg ? { crs: { type: "name", properties: { name: `urn:ogc:def:crs:EPSG::${crs.epsg}` } } } : {}),
      features,
    };
    await writeFileAtomic(join(outDir, "road_profile.geojson"), `${JSON.stringify(fc, jsonSafe)}\n`);
  }
}
