/**
 * Does `crossway calibrate` recover the parameters that made the data, within the intervals it reports?
 * Synthetic truth on the reduced landscape of test/calibrate/fixture.ts (60 x 40 cells, a recipe land,
 * traffic and mortality): for each seed, observations are drawn from the model at the true values
 * (src/calibrate/simulate.ts: Poisson per segment, crossings and road kills), then a 2-parameter
 * calibration (habitat_c, road_resistance; profile-likelihood intervals at 95 %) is run on them.
 * Prints per seed the estimates and intervals, and the coverage: the share of seeds whose interval
 * holds the truth (nominal 95 % per parameter).
 *
 *   node --import tsx bench/calibrate-coverage.ts [--seeds 20] [--crossings 150] [--kills 60] [--starts 1]
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { knownParameters } from "../src/calibrate/params.ts";
import { runCalibrate } from "../src/calibrate/run.ts";
import { simulateObservations } from "../src/calibrate/simulate.ts";
import { loadScenarioFile } from "../src/scenario/load.ts";
import { loadStudy } from "../src/scenario/study.ts";
import { writeCalibrationFixture } from "../test/calibrate/fixture.ts";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const seeds = Number(opt("seeds", "20"));
const crossings = Number(opt("crossings", "150"));
const kills = Number(opt("kills", "60"));
const starts = Number(opt("starts", "1"));
const truth = { habitat_c: 8, road_resistance: 5000 };

const root = mkdtempSync(join(tmpdir(), "crossway-coverage-"));
const scenario = await writeCalibrationFixture(join(root, "study"));
const study = await loadStudy(scenario, loadScenarioFile(scenario));
const known = knownParameters(["1", "2", "3"]);
const names = Object.keys(truth) as (keyof typeof truth)[];
const params = names.map((n) => ({ name: n, info: known.find((k) => k.name === n)!, min: 0, max: 1, log: false }));
writeFileSync(
  join(root, "params.yaml"),
  `parameters:\n  habitat_c: { min: 1, max: 30 }\n  road_resistance: { min: 200, max: 50000 }\nstarts: ${starts}\n`,
);
console.log(`truth: ${names.map((n) => `${n}=${truth[n]}`).join(", ")}; ${crossings} crossings and ${kills} road kills expected per seed`);
console.log("| seed | n obs | habitat_c (95 % interval) | road_resistance (95 % interval) | both covered | evaluations | s |");
console.log("|---|---|---|---|---|---|---|");
const covered = names.map(() => 0);
let both = 0;
let evals = 0;
let seconds = 0;
for (let seed = 1; seed <= seeds; seed++) {
  const fc = await simulateObservations(
    study,
    params,
    names.map((n) => truth[n]),
    { crossings, kills, seed },
  );
  const obs = join(root, `obs-${seed}.geojson`);
  writeFileSync(obs, JSON.stringify({ ...fc, crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32652" } } }));
  const o = await runCalibrate(scenario, obs, join(root, "params.yaml"), join(root, `out-${seed}`), { quiet: true });
  const inside = o.params.map((p) => p.lower <= truth[p.name as keyof typeof truth] && truth[p.name as keyof typeof truth] <= p.upper);
  inside.forEach((v, i) => (covered[i] += v ? 1 : 0));
  if (inside.every(Boolean)) both++;
  evals += o.evaluations;
  seconds += o.seconds;
  const g = (x: number) => x.toPrecision(3);
  console.log(
    `| ${seed} | ${fc.features.length} | ${o.params.map((p, i) => `${g(p.best)} (${g(p.lower)}-${g(p.upper)})${inside[i] ? "" : " **missed**"}`).join(" | ")} | ${inside.every(Boolean) ? "yes" : "no"} | ${o.evaluations} | ${o.seconds.toFixed(1)} |`,
  );
}
console.log(
  `\ncoverage over ${seeds} seeds: ${names.map((n, i) => `${n} ${covered[i]}/${seeds}`).join(", ")}, both ${both}/${seeds}; mean ${(evals / seeds).toFixed(0)} evaluations and ${(seconds / seeds).toFixed(1)} s per calibration`,
);
rmSync(root, { recursive: true, force: true });
