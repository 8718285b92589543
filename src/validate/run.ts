/**
 * `crossway validate` as a library call: the baseline of a scenario file, solved in full, against field
 * observations. Observed crossings (and camera records at structures) are compared with the
 * crossing-current profile, road kills with the road-kill profile (with a mortality block), each also
 * with least-cost paths (how many cross-road pairs' paths cross each segment) and with a null model
 * (uniform along the road), so the user sees whether circuit theory beats the simpler alternatives on
 * their data. Writes validation.csv, observations.csv, validation.png and validation.html.
 */
import { join, resolve } from "node:path";
import { LeastCostReference } from "../incremental/least-cost.ts";
import { burnScenario } from "../scenario/burn.ts";
import { evaluateScenario, pairsToSolve } from "../scenario/evaluate.ts";
import { loadScenarioFile } from "../scenario/load.ts";
import { roadSegments } from "../scenario/segments.ts";
import { loadStudy, makeJob } from "../scenario/study.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { CrosswayError } from "../util/errors.ts";
import { openOutputFolder } from "../util/output-folder.ts";
import { type Observation, type ObservationKind, readObservations } from "./observations.ts";
import { type ProfileScores, scoreProfile } from "./scores.ts";
import { renderValidationChart } from "./chart.ts";

export interface ValidateOptions {
  maxDistanceM?: number;
  permutations?: number;
  topFraction?: number;
  seed?: number;
  quiet?: boolean;
  command?: string;
}

export interface ValidationRow extends ProfileScores {
  observations: "crossings" | "road_kills";
  model: "circuit" | "least_cost" | "null";
  n: number;
}

export interface ValidateOutcome {
  rows: ValidationRow[];
  observations: Observation[];
  segments: { from_m: number; to_m: number; current: number; road_deaths?: number; least_cost: number }[];
  notes: string[];
  seconds: number;
}

export async function runValidate(
  file: string,
  observationsFile: string,
  outDir: string,
  opts: ValidateOptions = {},
): Promise<ValidateOutcome> {
  const t0 = performance.now();
  const folder = openOutputFolder(outDir, { option: "--out", command: opts.command ?? `validate ${file}`, keep: [] });
  try {
    const out = await validate(resolve(file), resolve(observationsFile), outDir, opts, t0);
    out.notes.push(...folder.close({ complete: true }));
    return out;
  } catch (err) {
    folder.close({ complete: false });
    throw err;
  }
}

async function validate(path: string, obsPath: string, outDir: string, opts: ValidateOptions, t0: number): Promise<ValidateOutcome> {
  const config = loadScenarioFile(path);
  const study = await loadStudy(path, config);
  const ls = study.landscape;
  const analysis = config.analysis;
  const observations = await readObservations(obsPath, study, opts.maxDistanceM ?? 500);
  const notes: string[] = [];
  for (const o of observations.filter((x) => x.excluded))
    notes.push(`observation features[${o.index}] (${o.kind}) is not used: ${o.excluded}`);
  const used = observations.filter((o) => !o.excluded);
  if (used.length === 0) throw new CrosswayError("no observation lies within reach of the highway: nothing to validate", { file: obsPath });
  if (!opts.quiet)
    process.stderr.write(
      `crossway: validate: ${used.length} observations on the road (${observations.length - used.length} not used); solving the baseline...\n`,
    );

  // The baseline's profiles: crossing current and road deaths per segment.
  const job = await makeJob(study, "baseline", "baseline", null, [], "validate (baseline)");
  const ev = evaluateScenario({ ...ls, template: { ...ls.template, data: ls.land } }, job.scenario, analysis);
  const profile = ev.profile;
  const road = roadSegments(ls, analysis.segment_length_m);
  const seg = road.of;
  // Least-cost paths of the cross-road pairs: where each crosses the road (the mean chainage of its road cells).
  const burnt = burnScenario(ls.land, ls.road, job.scenario);
  const ids = [...new Set(ls.cores.map((c) => c.id))].sort((a, b) => a - b);
  const lc = new LeastCostReference(
    { ...ls.template, data: burnt.resistance },
    ls.focal.data,
    ids,
    pairsToSolve(ls.cores, "across"),
    analysis.neighbours,
    ls.road.cells,
  );
  const roadIndex = new Map<number, number>();
  ls.road.cells.forEach((c, k) => roadIndex.set(c, k));
  const lcCount = profile.map(() => 0);
  for (const p of lc.pairs) {
    if (!p.path) continue;
    const on = [...p.path].filter((c) => roadIndex.has(c)).map((c) => ls.road.chainage[roadIndex.get(c)!]);
    if (on.length) lcCount[seg(on.reduce((a, b) => a + b, 0) / on.length)]++;
  }
  // Available positions: the road on the grid, so a segment weighs as many road cells as it holds (a
  // stretch of the centreline beyond the grid's edge is not a place an animal could be seen crossing).
  const lengths = road.roadCells;
  const params = { permutations: opts.permutations ?? 999, topFraction: opts.topFraction ?? 0.1, seed: opts.seed ?? 1 };
  const rows: ValidationRow[] = [];
  const groups: [ValidationRow["observations"], ObservationKind[], number[] | null][] = [
    ["crossings", ["crossing", "camera_structure"], profile.map((s) => Math.abs(s.current))],
    ["road_kills", ["road_kill"], config.mortality ? profile.map((s) => s.road_deaths ?? 0) : null],
  ];
  for (const [name, kinds, circuit] of groups) {
    const animals = used.filter((o) => kinds.includes(o.kind)).flatMap((o) => Array.from({ length: o.count }, () => seg(o.chainage_m)));
    if (animals.length === 0) continue;
    if (!circuit) {
      notes.push(
        `${animals.length} road kills observed, but the scenario file has no mortality block: no road-kill profile to compare them with`,
      );
      continue;
    }
    rows.push({ observations: name, model: "circuit", n: animals.length, ...scoreProfile(circuit, lengths, animals, params) });
    rows.push({ observations: name, model: "least_cost", n: animals.length, ...scoreProfile(lcCount, lengths, animals, params) });
    // The null model: every position alike. Its AUC is 1/2 and its expected top-k share the top-k length share.
    const k = Math.max(1, Math.round(params.topFraction * lengths.length));
    rows.push({ observations: name, model: "null", n: animals.length, auc: 0.5, p_value: 1, spearman: NaN, top_share: k / lengths.length });
  }
  const segments = profile.map((s, i) => ({
    from_m: s.from_m,
    to_m: s.to_m,
    current: s.current,
    ...(s.road_deaths !== undefined ? { road_deaths: s.road_deaths } : {}),
    least_cost: lcCount[i],
  }));
  await writeOutputs(outDir, rows, observations, segments, config.name);
  return { rows, observations, segments, notes, seconds: (performance.now() - t0) / 1000 };
}

const num = (x: number) => (Number.isFinite(x) ? String(x) : "");

async function writeOutputs(
  outDir: string,
  rows: ValidationRow[],
  obs: Observation[],
  segments: ValidateOutcome["segments"],
  name: string,
): Promise<void> {
  const csv = [
    "observations,model,n,auc,p_value,spearman,top_share",
    ...rows.map((r) => [r.observations, r.model, r.n, num(r.auc), num(r.p_value), num(r.spearman), num(r.top_share)].join(",")),
  ];
  await writeFileAtomic(join(outDir, "validation.csv"), `${csv.join("\n")}\n`);
  const oc = [
    "index,kind,count,date,x,y,chainage_m,distance_m,used,reason",
    ...obs.map((o) =>
      [
        o.index,
        o.kind,
        o.count,
        o.date ?? "",
        o.x,
        o.y,
        o.chainage_m.toFixed(1),
        o.distance_m.toFixed(1),
        o.excluded ? "no" : "yes",
        o.excluded,
      ].join(","),
    ),
  ];
  await writeFileAtomic(join(outDir, "observations.csv"), `${oc.join("\n")}\n`);
  await writeFileAtomic(
    join(outDir, "validation.png"),
    await renderValidationChart(
      segments,
      obs.filter((o) => !o.excluded),
      name,
    ),
  );
  const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : "–");
  const verdict = (g: string) => {
    const c = rows.find((r) => r.observations === g && r.model === "circuit");
    const l = rows.find((r) => r.observations === g && r.model === "least_cost");
    if (!c || !l) return "";
    const better = c.auc > l.auc ? "circuit theory" : c.auc < l.auc ? "least-cost paths" : "neither model";
    return `<p>For the ${g.replace("_", " ")}, ${better} ${better === "neither model" ? "does better" : "places the observations better"} (AUC ${f(c.auc)} against ${f(l.auc)}; 0.5 is no better than chance${c.p_value <= 0.05 ? `, and the circuit's AUC is unlikely by chance: p = ${f(c.p_value)}` : `; the circuit's AUC could be chance: p = ${f(c.p_value)}`}).</p>`;
  };
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Validation</title>
<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#1b1f24}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right}img{max-width:100%}</style></head><body>
<h1>Does the model see where animals cross and die?</h1>
${verdict("crossings")}${verdict("road_kills")}
<img src="validation.png" alt="observations over the profiles">
<table><tr><th>observations</th><th>model</th><th>n</th><th>AUC</th><th>permutation p</th><th>Spearman (counts per segment)</th><th>share in the top 10 % of segments</th></tr>
${rows.map((r) => `<tr><td>${r.observations}</td><td>${r.model}</td><td>${r.n}</td><td>${f(r.auc)}</td><td>${f(r.p_value)}</td><td>${f(r.spearman)}</td><td>${f(r.top_share)}</td></tr>`).join("\n")}
</table>
<p>${obs.filter((o) => o.excluded).length} observations were not used (observations.csv says why).</p></body></html>
`;
  await writeFileAtomic(join(outDir, "validation.html"), html);
}
