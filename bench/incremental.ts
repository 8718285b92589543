/**
 * Incremental (road-band) scenario evaluation against the full solve, side by side in one run, on a
 * scenario file (default the demo): the model's build time and memory, then per scenario the
 * incremental time, the full time (--full N: the first N scenarios also in full) and the largest
 * relative difference of every metric.
 *
 *   node --import tsx bench/incremental.ts [scenarios/demo.yaml] [--full 3] [--tol 1e-10] [--cache DIR]
 */
import { evaluateIncremental } from "../src/incremental/evaluate.ts";
import { modelInputFor } from "../src/incremental/scenario-model.ts";
import { buildBandModel } from "../src/incremental/model.ts";
import { loadCachedModel, modelKey, saveCachedModel } from "../src/incremental/cache.ts";
import { evaluateScenario, type Evaluation } from "../src/scenario/evaluate.ts";
import { loadScenarioFile } from "../src/scenario/load.ts";
import { loadStudy, scenarioJobs } from "../src/scenario/study.ts";
import { loadavg } from "node:os";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const file = args.find((a, i) => !a.startsWith("--") && (i === 0 || !args[i - 1].startsWith("--"))) ?? "scenarios/demo.yaml";
const nFull = Number(opt("full", "3"));
const config = loadScenarioFile(file);
const tol = opt("tol", "");
if (tol) config.analysis.tolerance = Number(tol);
const study = await loadStudy(file, config);
const jobs = await scenarioJobs(study);
const ls = study.landscape;
const analysis = config.analysis;
const rss = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);
console.log(
  `${file}: ${ls.template.width} x ${ls.template.height}, ${jobs.length} scenarios; load ${loadavg()[0].toFixed(1)}; tolerance ${analysis.tolerance}`,
);

let t = performance.now();
const cacheDir = opt("cache", "");
const input = modelInputFor(ls, jobs[0].scenario, analysis);
const key = modelKey(input);
let model = cacheDir ? loadCachedModel(cacheDir, key, ls.focal.data) : null;
if (model) {
  console.log(
    `model: ${model.nSlots} band nodes, read from ${cacheDir} in ${((performance.now() - t) / 1000).toFixed(1)} s; RSS ${rss()} MiB`,
  );
} else {
  model = buildBandModel(input);
  const build = (performance.now() - t) / 1000;
  console.log(
    `model: ${model.nSlots} band nodes (${model.nC} in the circuit's G${model.Gm ? `, ${model.nM} in the walk's` : ""}); ` +
      `built in ${build.toFixed(1)} s (graph ${model.seconds.graph.toFixed(1)}, Schur ${model.seconds.schur.toFixed(1)}, inverse ${model.seconds.inverse.toFixed(1)}); RSS ${rss()} MiB`,
  );
  if (cacheDir) {
    t = performance.now();
    saveCachedModel(cacheDir, key, model);
    console.log(`model saved to ${cacheDir} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
}

function maxRel(a: Evaluation, b: Evaluation): number {
  let m = 0;
  const rel = (x: number | undefined, y: number | undefined, floor: number) => {
    if (x === undefined || y === undefined) return;
    m = Math.max(m, Math.abs(x - y) / Math.max(Math.abs(y), floor));
  };
  for (const [k, p] of b.pairs.entries()) {
    const q = a.pairs[k];
    rel(q.effective_resistance, p.effective_resistance, 1e-12);
    rel(q.crossing_total, p.crossing_total, 1);
    rel(q.crossing_structures, p.crossing_structures, 1);
    rel(q.success_probability, p.success_probability, 1e-3);
    rel(q.road_deaths, p.road_deaths, 1e-3);
  }
  for (const [s, p] of b.profile.entries()) {
    rel(a.profile[s].current, p.current, 1e-2);
    rel(a.profile[s].road_deaths, p.road_deaths, 1e-3);
  }
  return m;
}

console.log("scenario | changed cells | incremental ms | full s | ratio | max rel. difference");
const noLc = { ...analysis, least_cost: false };
for (const [k, job] of jobs.entries()) {
  t = performance.now();
  const inc = evaluateIncremental(model, ls, job.scenario, noLc);
  const ti = performance.now() - t;
  if (!inc.ok) {
    console.log(`${job.name} | refused: ${inc.reason}`);
    continue;
  }
  const sec = inc.evaluation.seconds;
  const parts = `burn ${(sec.burn * 1000).toFixed(0)}, circuit ${(sec.circuit * 1000).toFixed(0)}, walk ${((sec.mortality ?? 0) * 1000).toFixed(0)}`;
  let line = `${job.name} | ${inc.evaluation.solve?.changed_cells} | ${ti.toFixed(1)} (${parts})`;
  if (k < nFull) {
    t = performance.now();
    const full = evaluateScenario(ls, job.scenario, noLc);
    const tf = (performance.now() - t) / 1000;
    line += ` | ${tf.toFixed(2)} | ${((tf * 1000) / ti).toFixed(0)}x | ${maxRel(inc.evaluation, full).toExponential(1)}`;
  }
  console.log(line);
}
console.log(`peak RSS ${rss()} MiB (least-cost distances left out of both: they are recomputed in full either way)`);
