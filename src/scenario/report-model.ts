/**
 * Fill the renderer's plain report model (src/render/scenario-model.ts) from a study, its jobs and
 * the ranked report: rows, what each scenario changes on the map (with labels that follow the
 * scenario), the cores' names, the context layers, the inputs with their full hashes, the versions,
 * the species' assumptions and the cautions. The renderer then needs nothing from src/scenario.
 */
import { dirname, resolve } from "node:path";
import type { FeatureCollection } from "geojson";
import { crsFromEpsg, makeTransformer, readGeoJson } from "../io/index.ts";
import type { KeyValue, ModelProfileSegment, ModelScenario, ModelStructure, ScenarioReportModel } from "../render/scenario-model.ts";
import type { ProfileSegment } from "./evaluate.ts";
import { CrosswayError } from "../util/errors.ts";
import { demoInputs } from "./demo-data.ts";
import type { Report } from "./report.ts";
import type { ResolvedStructure } from "./resolve.ts";
import { STRUCTURE_TYPES } from "./schema.ts";
import type { Job, Study } from "./study.ts";

/** Chainage in km with up to two decimals, as the scenario files write them (km 15.75, km 14.64). */
const km = (m: number) => `km ${+(m / 1000).toFixed(2)}`;

/** A structure's map label as the scenario has it: a rebuilt culvert is labelled as what it becomes. */
export function structureLabel(s: ResolvedStructure, existing: { type: string; width_m: number; name?: string } | undefined): string {
  if (s.status === "new") return `${s.id}: ${s.type} ${s.width_m} m (proposed, ${km(s.chainage_m)})`;
  if (s.status === "changed" && existing) {
    const was = existing.type === s.type ? `${existing.width_m} m` : `${existing.type} ${existing.width_m} m`;
    return `${s.id}: ${s.type} ${s.width_m} m (was ${was})`;
  }
  return existing?.name ? `${s.id} ${existing.name}` : `${s.id} ${s.type}`;
}

async function readNamed(path: string, study: Study): Promise<FeatureCollection> {
  return readGeoJson(path, study.landscape.template.crs ?? undefined);
}

/** Names of the cores from a GeoJSON (`name` and the id property), for the map labels. */
async function coreNames(study: Study, base: string): Promise<Map<number, string>> {
  const C = study.config.landscape.cores;
  const file = C.names ?? C.geojson;
  const names = new Map<number, string>();
  if (!file) return names;
  const path = resolve(base, file);
  const fc = await readNamed(path, study);
  fc.features.forEach((f, i) => {
    const id = Number(f.properties?.[C.id_property]);
    if (!Number.isInteger(id))
      throw new CrosswayError(
        `property '${C.id_property}' must be an integer core id, got ${JSON.stringify(f.properties?.[C.id_property])}`,
        { file: path, field: `feature ${i}` },
      );
    if (f.properties?.name) names.set(id, String(f.properties.name));
  });
  return names;
}

function modelProfile(profile: ProfileSegment[]): ModelProfileSegment[] {
  return profile.map((s) => ({
    from_m: s.from_m,
    to_m: s.to_m,
    current: s.current,
    through_structures: s.through_structures,
    open_road: s.open_road,
    ...(s.road_deaths !== undefined ? { road_deaths: s.road_deaths } : {}),
  }));
}

export async function buildReportModel(
  study: Study,
  jobs: Job[],
  report: Report,
  outDir: string,
  cautions: string[],
  top?: number,
): Promise<ScenarioReportModel> {
  const cfg = study.config;
  const L = cfg.landscape;
  const base = dirname(resolve(study.file));
  const template = study.landscape.template;

  const existingNames = new Map<string, string>();
  if (L.crossings) {
    for (const f of (await readNamed(resolve(base, L.crossings), study)).features) {
      const id = f.properties?.id;
      if (id !== undefined && f.properties?.name) existingNames.set(String(id), String(f.properties.name));
    }
  }
  const existing = new Map(study.existing.map((e) => [e.id, { ...e, name: existingNames.get(e.id) }]));
  const scenarios = new Map<string, ModelScenario>();
  for (const j of jobs) {
    const structures: ModelStructure[] = j.scenario.structures.map((s) => ({
      id: s.id,
      label: structureLabel(s, existing.get(s.id)),
      type: s.type,
      chainage_m: s.chainage_m,
      status: s.status,
    }));
    scenarios.set(j.name, { structures, fences: j.scenario.fences.map((f) => ({ id: f.id, from_m: f.from_m, to_m: f.to_m })) });
  }

  const names = await coreNames(study, base);
  const cores = study.landscape.cores.map((c) => ({ id: c.id, side: c.side, name: names.get(c.id) ?? `Core ${c.id}` }));
  const context = async (p: string | undefined) => (p ? readNamed(resolve(base, p), study) : undefined);

  // Frame corners in longitude / latitude, for the locator map.
  let lonLatFrame: [number, number][] | undefined;
  if (template.crs) {
    const toLonLat = makeTransformer(template.crs, crsFromEpsg(4326));
    const t = template.transform;
    const xs = [t[0], t[0] + template.width * t[1]];
    const ys = [t[3], t[3] + template.height * t[5]];
    lonLatFrame = [toLonLat(xs[0], ys[0]), toLonLat(xs[1], ys[0]), toLonLat(xs[1], ys[1]), toLonLat(xs[0], ys[1])];
  }

  const baselineJob = jobs.find((j) => j.baseline === j.name) ?? jobs[0];
  const baseResult = report.results.get(baselineJob.key);
  const demo = demoInputs(study.inputHashes);
  const a = cfg.analysis;
  const p = study.baselineParameters;
  const provenance: KeyValue[] = [
    { name: "crossway", value: report.provenance.crossway },
    { name: "Scenario engine", value: report.provenance.engine },
    { name: "Node.js", value: report.provenance.node },
    { name: "Date (UTC)", value: report.provenance.date },
  ];
  const assumptions: KeyValue[] = [
    ...STRUCTURE_TYPES.map((t) => ({
      name: `Effectiveness of a ${t}`,
      value: `${p.effectiveness[t]} (0 = no better than the road, 1 = as easy as good habitat)`,
    })),
    { name: "Effectiveness scale", value: String(p.effectiveness_scale) },
    { name: "Road resistance", value: String(p.road_resistance) },
    ...(p.habitat_c !== undefined ? [{ name: "Habitat transform c", value: String(p.habitat_c) }] : []),
    ...(p.rmax !== undefined ? [{ name: "rmax", value: String(p.rmax) }] : []),
  ];
  return {
    outDir,
    name: cfg.name,
    description: cfg.description,
    species: cfg.species,
    illustrative: demo.length > 0,
    template,
    focal: study.landscape.focal,
    cores,
    centreline: study.centreline,
    highway: await readNamed(resolve(base, L.highway), study),
    villages: await context(L.villages),
    rivers: await context(L.rivers),
    lonLatFrame,
    rows: report.rows.map((r) => ({
      rank: r.rank,
      scenario: r.scenario,
      baseline: r.baseline,
      status: r.status,
      effective_resistance: r.effective_resistance,
      delta_effective_resistance_pct: r.delta_effective_resistance_pct,
      crossing_current_share: r.crossing_current_share,
      least_cost_distance: r.least_cost_distance,
      delta_least_cost_pct: r.delta_least_cost_pct,
      cost: r.cost,
      improvement_per_cost: r.improvement_per_cost,
      ...(r.success_probability !== undefined && Number.isFinite(r.success_probability)
        ? {
            success_probability: r.success_probability,
            delta_success_pct: r.delta_success_pct,
            road_deaths: r.road_deaths,
            delta_road_deaths_pct: r.delta_road_deaths_pct,
            road_deaths_avoided_pct_per_cost: r.road_deaths_avoided_pct_per_cost,
          }
        : {}),
    })),
    baseline: baselineJob.name,
    scenarios,
    profile: baseResult ? modelProfile(baseResult.evaluation.profile) : undefined,
    profiles: new Map(
      jobs.flatMap((j) => {
        const r = report.results.get(j.key);
        return r ? [[j.name, modelProfile(r.evaluation.profile)] as const] : [];
      }),
    ),
    pinchPoints: a.pinch_points,
    objective: a.objective,
    inputs: [
      { name: "Scenario file", value: study.file },
      {
        name: "Land resistance",
        value: typeof L.recipe === "string" ? `recipe ${L.recipe}` : L.recipe ? "inline recipe" : (L.resistance ?? "\u2013"),
      },
      { name: "Highway", value: L.highway },
      { name: "Core areas", value: L.cores.geojson ?? L.cores.raster ?? "\u2013" },
      { name: "Existing crossings", value: L.crossings ?? "\u2013" },
      ...(demo.length ? [{ name: "Bundled demo data", value: `${demo.join(", ")} (illustrative, see data/README.md)` }] : []),
      ...Object.entries(study.inputHashes).map(([k, v]) => ({ name: `SHA-256 ${k}`, value: v })),
    ],
    settings: [
      { name: "Species profile", value: String(cfg.species) },
      { name: "Road", value: `${L.road.width_m} m wide${L.road.resistance ? `, resistance ${L.road.resistance}` : ""}` },
      { name: "Neighbours", value: String(a.neighbours) },
      { name: "Solver tolerance", value: String(a.tolerance) },
      { name: "Core pairs", value: a.pairs === "across" ? "pairs on opposite sides of the road" : "all pairs" },
      { name: "Road segment length", value: `${a.segment_length_m} m` },
      { name: "Ranking", value: a.objective.join(", then ") },
    ],
    provenance,
    assumptions,
    cautions,
    top,
  };
}
