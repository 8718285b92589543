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
import { evaluateScenario } from "../src/scenario/evaluate.ts";
import { maxRelativeDifference } from "../src/incremental/compare.ts";
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

console.log("scenario | changed cells | incremental ms | full s | ratio | max rel. difference");
t = performance.now();
evaluateIncremental(model, ls, jobs[0].scenario, analysis);
console.log(
  `first use: ${((performance.now() - t) / 1000).toFixed(2)} s (the road's burner and, with least cost, the reference's cost-distance maps from every core; once per model)`,
);
for (const [k, job] of jobs.entries()) {
  // the median of 5 runs (one scenario takes milliseconds: a single run is at the mercy of the GC)
  const times: number[] = [];
  let inc = evaluateIncremental(model, ls, job.scenario, analysis);
  for (let rep = 0; rep < 5; rep++) {
    t = performance.now();
    inc = evaluateIncremental(model, ls, job.scenario, analysis);
    times.push(performance.now() - t);
  }
  const ti = times.sort((x, y) => x - y)[2];
  if (!inc.ok) {
    console.log(`${job.name} | refused: ${inc.reason}`);
    continue;
  }
  const sec = inc.evaluation.seconds;
  const ms = (x: number | undefined) => ((x ?? 0) * 1000).toFixed(1);
  const parts = `burn ${ms(sec.burn)}, circuit ${ms(sec.circuit)}, least cost ${ms(sec.leastCost)} (${inc.evaluation.solve?.least_cost ?? "off"}), walk ${ms(sec.mortality)}`;
  let line = `${job.name} | ${inc.evaluation.solve?.changed_cells} | ${ti.toFixed(1)} (${parts})`;
  if (k < nFull) {
    t = performance.now();
    const full = evaluateScenario(ls, job.scenario, analysis);
    const tf = (performance.now() - t) / 1000;
    line += ` | ${tf.toFixed(2)} | ${((tf * 1000) / ti).toFixed(0)}x | ${maxRelativeDifference(inc.evaluation, full).toExponential(1)}`;
  }
  console.log(line);
}
console.log(`peak RSS ${rss()} MiB`);
