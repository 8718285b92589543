/**
 * `crossway calibrate SCENARIO.yaml --observations OBS.geojson --params PARAMS.yaml --out DIR` as a
 * library call: fit the parameters PARAMS.yaml names to field observations by maximum likelihood
 * (likelihood.ts), with Nelder-Mead from several starts (nelder-mead.ts) and profile-likelihood
 * intervals (profile.ts), every model evaluation stored by content key (evaluator.ts) so that a rerun
 * resumes. Writes calibration.csv (the estimates and intervals), evaluations.csv (every evaluation in
 * the order made), fit.csv (observed and expected counts per segment), calibration.png (the profiles
 * and the fit), calibration.html, and <name>-calibrated.yaml: the scenario file with the fitted values,
 * ready for `crossway run`.
 */
import { join, resolve } from "node:path";
import { stringify } from "yaml";
import { loadScenarioFile } from "../scenario/load.ts";
import { relocatedScenario } from "../scenario/relocate.ts";
import { roadSegments } from "../scenario/segments.ts";
import { loadStudy, recipeForSpecies, type Study } from "../scenario/study.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { CrosswayError } from "../util/errors.ts";
import { openOutputFolder } from "../util/output-folder.ts";
import { readObservations } from "../validate/observations.ts";
import { rng } from "../validate/scores.ts";
import { renderCalibrationChart } from "./chart.ts";
import { CalibrationModel, EVALUATIONS_DIR } from "./evaluator.ts";
import { type GroupFit, poissonFit } from "./likelihood.ts";
import { latinHypercube, nelderMead } from "./nelder-mead.ts";
import { calibrationProgress } from "./progress.ts";
import { type CalibrationSpec, currentValues, fromUnit, layersOf, readParamsFile, toUnit } from "./params.ts";
import { type ProfileInterval, profileDrop, profileInterval } from "./profile.ts";

export interface CalibrateOptions {
  maxDistanceM?: number;
  quiet?: boolean;
  command?: string;
  /** Skip the profile-likelihood intervals (a quick fit). */
  noIntervals?: boolean;
  /** Evaluations side by side in worker threads (default: 2 from PARALLEL_FROM_CELLS cells, else 0 = in this thread). */
  workers?: number;
}

export interface FittedParameter {
  name: string;
  start: number | undefined;
  best: number;
  lower: number;
  upper: number;
  lower_open: boolean;
  upper_open: boolean;
  scale: "log" | "linear";
  min: number;
  max: number;
}

export interface CalibrateOutcome {
  params: FittedParameter[];
  logLik: number;
  nullLogLik: number;
  /** Observations fitted per group. */
  counts: { crossings: number; road_kills: number };
  starts: { x: number[]; logLik: number; evaluations: number; converged: boolean }[];
  /** Calls of the model (stored results included) and full solves made by this run. */
  evaluations: number;
  solves: number;
  seconds: number;
  notes: string[];
  calibratedFile: string;
}

/** At least this many observations in all, and per fitted parameter. */
export const MIN_OBSERVATIONS = 10;
export const MIN_PER_PARAMETER = 5;
/** From this many cells evaluations run two at a time in worker threads (below, worker start-up costs more). */
export const PARALLEL_FROM_CELLS = 250_000;

export async function runCalibrate(
  file: string,
  observationsFile: string,
  paramsFile: string,
  outDir: string,
  opts: CalibrateOptions = {},
): Promise<CalibrateOutcome> {
  const t0 = performance.now();
  const folder = openOutputFolder(outDir, { option: "--out", command: opts.command ?? `calibrate ${file}`, keep: [EVALUATIONS_DIR] });
  try {
    const out = await calibrate(resolve(file), resolve(observationsFile), resolve(paramsFile), outDir, opts, t0);
    out.notes.push(...folder.close({ complete: true }));
    return out;
  } catch (err) {
    folder.close({ complete: false });
    throw err;
  }
}

/** The recipe's values after the species profile (what the land is built from), for the first start. */
function recipeValues(study: Study): { habitat_c?: number; rmax?: number; landcover?: Record<string, number> } {
  const r = study.recipe;
  if (!r) return {};
  const base = recipeForSpecies(r, study.config.species);
  const table = base.landcover?.table;
  const landcover = table
    ? Object.fromEntries(Object.entries(table).filter((e): e is [string, number] => typeof e[1] === "number"))
    : undefined;
  return { habitat_c: base.habitat?.c, rmax: base.rmax, landcover };
}

async function calibrate(
  path: string,
  obsPath: string,
  paramsPath: string,
  outDir: string,
  opts: CalibrateOptions,
  t0: number,
): Promise<CalibrateOutcome> {
  const config = loadScenarioFile(path);
  const study = await loadStudy(path, config);
  const ls = study.landscape;
  const fromRecipe = recipeValues(study);
  const spec: CalibrationSpec = readParamsFile(paramsPath, Object.keys(fromRecipe.landcover ?? {}), config);
  const notes: string[] = [];
  for (const p of spec.params)
    if (p.info.kind === "land" && !study.recipe)
      throw new CrosswayError(`'${p.name}' changes the land, but ${path} gives a fixed resistance grid, not a recipe`, {
        file: paramsPath,
        field: `parameters.${p.name}`,
      });

  // Observations: counted per road segment, by group.
  const observations = await readObservations(obsPath, study, opts.maxDistanceM ?? 500);
  for (const o of observations.filter((x) => x.excluded))
    notes.push(`observation features[${o.index}] (${o.kind}) is not used: ${o.excluded}`);
  const used = observations.filter((o) => !o.excluded);
  const segLen = config.analysis.segment_length_m;
  const segments = roadSegments(ls, segLen);
  const nSeg = segments.count;
  const seg = segments.of;
  const available = segments.roadCells.map((n) => n > 0);
  const countsOf = (which: (k: string) => boolean) => {
    const c = new Array<number>(nSeg).fill(0);
    for (const o of used) if (which(o.kind) && available[seg(o.chainage_m)]) c[seg(o.chainage_m)] += o.count;
    return c;
  };
  const offBand = used.filter((o) => !available[seg(o.chainage_m)]).length;
  if (offBand) notes.push(`${offBand} observation(s) snap to a stretch of the highway with no road cell on the grid: not fitted`);
  const crossings = countsOf((k) => k !== "road_kill");
  let kills: number[] | null = countsOf((k) => k === "road_kill");
  const sum = (v: number[] | null) => (v ? v.reduce((a, b) => a + b, 0) : 0);
  if (sum(kills) > 0 && !config.mortality) {
    notes.push(`${sum(kills)} road kills observed, but the scenario file has no mortality block: they are not fitted`);
    kills = null;
  }
  if (sum(kills) === 0) kills = null;
  for (const p of spec.params)
    if (p.info.kind === "mortality" && !kills)
      throw new CrosswayError(`'${p.name}' acts on road kills, but ${obsPath} holds none within reach of the road`, {
        file: paramsPath,
        field: `parameters.${p.name}`,
      });
  const total = sum(crossings) + sum(kills);
  const need = Math.max(MIN_OBSERVATIONS, MIN_PER_PARAMETER * spec.params.length);
  if (total < need)
    throw new CrosswayError(
      `too few observations to fit ${spec.params.length} parameter(s): ${total} on the road, at least ${need} needed (${MIN_PER_PARAMETER} per parameter, ${MIN_OBSERVATIONS} in all)`,
      { file: obsPath },
    );
  if (!opts.quiet)
    process.stderr.write(
      `crossway: calibrate: ${sum(crossings)} crossings${kills ? ` and ${sum(kills)} road kills` : ""} on the road; fitting ${spec.params.map((p) => p.name).join(", ")}\n`,
    );

  const cells = ls.template.width * ls.template.height;
  const workers = opts.workers ?? (cells >= PARALLEL_FROM_CELLS ? 2 : 0);
  const model = new CalibrationModel(study, spec.params, outDir, kills !== null, workers);
  try {
    return await fitAndWrite();
  } finally {
    await model.close();
  }
  async function fitAndWrite(): Promise<CalibrateOutcome> {
    const values = (u: readonly number[]) => spec.params.map((p, i) => fromUnit(p, u[i]));
    const fitOf = async (u: readonly number[]): Promise<{ logLik: number; groups: GroupFit[]; seconds: number; cached: boolean }> => {
      const prof = await model.profiles(values(u));
      const groups = [poissonFit(crossings, prof.current, available)];
      if (kills && prof.deaths) groups.push(poissonFit(kills, prof.deaths, available));
      return { logLik: groups.reduce((a, g) => a + g.logLik, 0), groups, seconds: prof.seconds, cached: prof.cached };
    };
    const log: { phase: string; values: number[]; logLik: number; cached: boolean }[] = [];
    const d = spec.params.length;
    // typical: about 15 (d + 1) evaluations per start, four profile points per side with an inner fit each
    const progress = calibrationProgress(
      opts.quiet,
      spec.starts * 15 * (d + 1) + (opts.noIntervals ? 0 : d * 8 * (d > 1 ? 8 * (d - 1) : 1)),
    );
    const fOf =
      (phase: string) =>
      async (u: number[]): Promise<number> => {
        // (whether this call solved: the model's own flag, as other evaluations run beside it)
        const { logLik, seconds, cached } = await fitOf(u);
        const solved = !cached;
        log.push({ phase, values: values(u), logLik, cached: !solved });
        const shown = spec.params.map((p, i) => `${p.name}=${values(u)[i].toPrecision(4)}`).join(" ");
        progress.evaluation(phase, shown, logLik, solved, seconds);
        return -logLik;
      };

    const own = currentValues(spec.params, study.baselineParameters, fromRecipe, config.mortality);
    const results: CalibrateOutcome["starts"] = [];
    const intervals: (ProfileInterval | null)[] = [];
    const drop = profileDrop(spec.confidence);
    let best: { x: number[]; f: number };
    try {
      // Starts: the file's own values, then a seeded Latin square.
      const random = rng(spec.seed);
      const starts = [own.map((v, i) => (v === undefined ? 0.5 : toUnit(spec.params[i], v)))];
      if (spec.starts > 1) starts.push(...latinHypercube(spec.starts - 1, spec.params.length, random));
      // The starts are independent: with a pool of workers they run side by side. A simplex whose log L
      // agree within 0.05 is done (that is far inside any interval's cut: 1.92 at 95 %).
      const runs = await Promise.all(
        starts.map((x0, k) => nelderMead(fOf(`start ${k + 1}`), x0, { maxEvaluations: spec.max_evaluations, fTol: 0.05, xTol: 0.02 })),
      );
      runs.forEach((r, k) => {
        results.push({ x: r.x, logLik: -r.f, evaluations: r.evaluations, converged: r.converged });
        if (!r.converged) notes.push(`start ${k + 1} stopped at its budget of ${spec.max_evaluations} evaluations before converging`);
      });
      const bestStart = results.reduce((a, b) => (b.logLik > a.logLik ? b : a));
      best = { x: bestStart.x, f: -bestStart.logLik };
      const apart = results.filter((r) => bestStart.logLik - r.logLik > 1);
      if (apart.length)
        notes.push(
          `${apart.length} of ${results.length} starts ended at a worse optimum (log L lower by more than 1): the likelihood has more than one peak in these ranges`,
        );

      // Profile-likelihood intervals, every parameter's (and side's) walk side by side.
      const from = best;
      const walks = await Promise.all(
        spec.params.map((p, j) =>
          opts.noIntervals
            ? null
            : profileInterval(fOf(`profile ${p.name}`), from.x, from.f, j, { drop, innerEvaluations: spec.profile_evaluations }),
        ),
      );
      for (const [j, iv] of walks.entries()) {
        intervals.push(iv);
        if (!iv) continue;
        const better = iv.points.reduce((a, b) => (b.f < a.f ? b : a), { f: best.f, x: best.x, t: best.x[j] });
        if (better.f < best.f - 0.05) {
          notes.push(
            `the profile of ${spec.params[j].name} found a better point (log L ${(-better.f).toFixed(3)} against ${(-from.f).toFixed(3)}); the estimates are that point, the intervals were cut from the earlier optimum`,
          );
          best = { x: better.x, f: better.f };
        }
      }
    } finally {
      progress.stop();
    }
    const bestValues = values(best.x);
    const params: FittedParameter[] = spec.params.map((p, j) => {
      const iv = intervals[j];
      return {
        name: p.name,
        start: own[j],
        best: bestValues[j],
        lower: iv ? fromUnit(p, iv.lo) : NaN,
        upper: iv ? fromUnit(p, iv.hi) : NaN,
        lower_open: iv?.loOpen ?? false,
        upper_open: iv?.hiOpen ?? false,
        scale: p.log ? "log" : "linear",
        min: p.min,
        max: p.max,
      };
    });
    for (const p of params)
      if (p.lower_open || p.upper_open)
        notes.push(
          `${p.name}: the observations do not rule out the range's ${p.lower_open && p.upper_open ? "both ends" : p.lower_open ? "lower end" : "upper end"}; the interval is open there (widen the range, or the data cannot tell)`,
        );

    // The fit at the best point, the null model (uniform along the road cells) beside it.
    const fit = await fitOf(best.x);
    const cellsPer = segments.roadCells;
    const nullLogLik = poissonFit(crossings, cellsPer, available).logLik + (kills ? poissonFit(kills, cellsPer, available).logLik : 0);

    const calibratedFile = await writeCalibrated(outDir, study, layersOf(spec.params, bestValues), path);
    await writeTables(outDir, spec, params, log, fit.groups, crossings, kills, segLen);
    const html = calibrationHtml(config.name, params, fit.logLik, nullLogLik, spec, results, notes, model.solves, log.length);
    await writeFileAtomic(join(outDir, "calibration.html"), html);
    await writeFileAtomic(
      join(outDir, "calibration.png"),
      await renderCalibrationChart({
        name: config.name,
        params,
        profiles: intervals.map((iv, j) =>
          iv
            ? iv.points
                .map((q) => ({ value: fromUnit(spec.params[j], q.t), logLik: -q.f }))
                .concat([{ value: bestValues[j], logLik: -best.f }])
            : [],
        ),
        logLikMax: -best.f,
        drop,
        segLen,
        observed: [crossings, kills],
        expected: fit.groups.map((g) => g.expected),
      }),
    );
    return {
      params,
      logLik: fit.logLik,
      nullLogLik,
      counts: { crossings: sum(crossings), road_kills: sum(kills) },
      starts: results,
      evaluations: log.length,
      solves: model.solves,
      seconds: (performance.now() - t0) / 1000,
      notes,
      calibratedFile,
    };
  }
}

const num = (x: number) => (Number.isFinite(x) ? String(x) : "");

async function writeTables(
  outDir: string,
  spec: CalibrationSpec,
  params: FittedParameter[],
  log: { phase: string; values: number[]; logLik: number; cached: boolean }[],
  groups: GroupFit[],
  crossings: number[],
  kills: number[] | null,
  segLen: number,
): Promise<void> {
  const c = [
    "parameter,start,best,lower,upper,lower_open,upper_open,scale,min,max",
    ...params.map((p) =>
      [p.name, p.start ?? "", p.best, num(p.lower), num(p.upper), p.lower_open, p.upper_open, p.scale, p.min, p.max].join(","),
    ),
  ];
  await writeFileAtomic(join(outDir, "calibration.csv"), `${c.join("\n")}\n`);
  const e = [
    `evaluation,phase,${spec.params.map((p) => p.name).join(",")},log_likelihood,stored`,
    ...log.map((l, i) => [i + 1, l.phase, ...l.values, l.logLik, l.cached].join(",")),
  ];
  await writeFileAtomic(join(outDir, "evaluations.csv"), `${e.join("\n")}\n`);
  const fitLines = ["segment,from_m,to_m,observed_crossings,expected_crossings,observed_road_kills,expected_road_kills"];
  crossings.forEach((n, s) =>
    fitLines.push(
      [
        s,
        s * segLen,
        (s + 1) * segLen,
        n,
        groups[0].expected[s],
        kills ? kills[s] : "",
        kills && groups[1] ? groups[1].expected[s] : "",
      ].join(","),
    ),
  );
  await writeFileAtomic(join(outDir, "fit.csv"), `${fitLines.join("\n")}\n`);
}

/** The scenario file with the fitted values: baseline.parameters and the mortality block, paths rebased. */
async function writeCalibrated(outDir: string, study: Study, layers: ReturnType<typeof layersOf>, path: string): Promise<string> {
  const raw = relocatedScenario(path, outDir);
  const baseline = { ...(raw.baseline as Record<string, unknown> | undefined) };
  const old = (baseline.parameters as Record<string, unknown> | undefined) ?? {};
  const p = layers.parameters;
  const merged: Record<string, unknown> = { ...old, ...p };
  if (p.effectiveness) merged.effectiveness = { ...(old.effectiveness as object | undefined), ...p.effectiveness };
  if (p.landcover) merged.landcover = { ...(old.landcover as object | undefined), ...p.landcover };
  baseline.parameters = merged;
  const out: Record<string, unknown> = {
    ...raw,
    name: `${study.config.name}-calibrated`,
    description: `${study.config.description ? `${study.config.description} ` : ""}Parameters fitted by crossway calibrate (see calibration.csv).`,
    baseline,
  };
  if (Object.keys(layers.mortality).length) out.mortality = { ...(raw.mortality as object | undefined), ...layers.mortality };
  const file = join(outDir, `${study.config.name}-calibrated.yaml`);
  await writeFileAtomic(file, stringify(out));
  return file;
}

function calibrationHtml(
  name: string,
  params: FittedParameter[],
  logLik: number,
  nullLogLik: number,
  spec: CalibrationSpec,
  starts: CalibrateOutcome["starts"],
  notes: string[],
  solves: number,
  evaluations: number,
): string {
  const g = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : "–");
  const k = params.length;
  const aic = (ll: number, kk: number) => 2 * kk - 2 * ll;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Calibration</title>
<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#1b1f24}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right}img{max-width:100%}</style></head><body>
<h1>${name}: parameters fitted to the observations</h1>
<p>Maximum likelihood (Poisson counts per road segment, rates proportional to the model's profiles; scenarios/METRICS.md, "Calibration"),
${spec.starts} Nelder-Mead start(s), ${Math.round(spec.confidence * 100)} % profile-likelihood intervals. ${evaluations} model evaluations, ${solves} of them solved by this run.</p>
<table><tr><th>parameter</th><th>file's value</th><th>fitted</th><th>interval</th><th>range searched</th></tr>
${params.map((p) => `<tr><td>${p.name}</td><td>${p.start === undefined ? "–" : g(p.start)}</td><td><b>${g(p.best)}</b></td><td>${p.lower_open ? "≤ " : ""}${g(p.lower)} – ${p.upper_open ? "≥ " : ""}${g(p.upper)}</td><td>${g(p.min)} – ${g(p.max)} (${p.scale})</td></tr>`).join("\n")}
</table>
<p>log L ${logLik.toFixed(2)} against ${nullLogLik.toFixed(2)} for observations spread uniformly along the road (AIC ${aic(logLik, k).toFixed(1)} against ${aic(nullLogLik, 0).toFixed(1)}; lower is better).
Starts: ${starts.map((s) => `log L ${s.logLik.toFixed(2)} in ${s.evaluations} evaluations${s.converged ? "" : " (budget reached)"}`).join("; ")}.</p>
<img src="calibration.png" alt="profile likelihoods and the fit along the road">
${notes.length ? `<h2>Notes</h2><ul>${notes.map((n) => `<li>${n.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</li>`).join("")}</ul>` : ""}
</body></html>
`;
}
