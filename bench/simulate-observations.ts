/**
 * Synthetic field observations from a scenario file's own model (the "synthetic truth" for
 * `crossway validate` and `crossway calibrate`; src/calibrate/simulate.ts): the baseline is solved in
 * full at the file's parameters, or at the values `--set` gives (any name `crossway calibrate` can
 * fit), then per road segment a Poisson count of crossings with mean proportional to |crossing
 * current| and of road kills proportional to the expected road deaths (with a mortality block),
 * scaled to the totals asked for. `--uniform` places them uniformly along the road instead (a
 * deliberately wrong "model").
 *
 *   node --import tsx bench/simulate-observations.ts scenarios/demo.yaml --out /tmp/obs.geojson \
 *     [--crossings 80] [--kills 40] [--seed 1] [--uniform] [--set habitat_c=6,road_resistance=3000]
 */
import { writeFileSync } from "node:fs";
import { knownParameters } from "../src/calibrate/params.ts";
import { simulateObservations } from "../src/calibrate/simulate.ts";
import { loadScenarioFile } from "../src/scenario/load.ts";
import { loadStudy } from "../src/scenario/study.ts";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const file = args[0];
const out = opt("out", "observations.geojson");
const config = loadScenarioFile(file);
const study = await loadStudy(file, config);
const known = knownParameters(Object.keys(study.recipe?.recipe.landcover?.table ?? {}));
const set = opt("set", "")
  .split(",")
  .filter(Boolean)
  .map((kv) => {
    const [name, v] = kv.split("=");
    const info = known.find((k) => k.name === name);
    if (!info) throw new Error(`--set: unknown parameter '${name}' (known: ${known.map((k) => k.name).join(", ")})`);
    return { p: { name, info, min: 0, max: 1, log: false }, v: Number(v) };
  });
const fc = await simulateObservations(
  study,
  set.map((s) => s.p),
  set.map((s) => s.v),
  {
    crossings: Number(opt("crossings", "80")),
    kills: config.mortality ? Number(opt("kills", "40")) : 0,
    seed: Number(opt("seed", "1")),
    uniform: args.includes("--uniform"),
  },
);
const epsg = study.landscape.template.crs?.epsg;
writeFileSync(
  out,
  JSON.stringify({ ...fc, ...(epsg ? { crs: { type: "name", properties: { name: `urn:ogc:def:crs:EPSG::${epsg}` } } } : {}) }),
);
console.log(`${fc.features.length} observations written to ${out}`);
