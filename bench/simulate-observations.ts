/**
 * Synthetic field observations from a scenario file's own model (the "synthetic truth" for
 * `crossway validate`): the baseline is solved in full, then per road segment a Poisson count of
 * crossings with mean proportional to |crossing current| and of road kills proportional to the
 * expected road deaths (with a mortality block), scaled to the totals asked for; each animal is placed
 * at a uniform position along its segment's road cells, 20 m off the centreline. `--uniform` places
 * them uniformly along the road instead (a deliberately wrong "model").
 *
 *   node --import tsx bench/simulate-observations.ts scenarios/demo.yaml --out /tmp/obs.geojson [--crossings 80] [--kills 40] [--seed 1] [--uniform]
 */
import { writeFileSync } from "node:fs";
import { pointAt } from "../src/geometry/polyline.ts";
import { evaluateScenario } from "../src/scenario/evaluate.ts";
import { loadScenarioFile } from "../src/scenario/load.ts";
import { loadStudy, makeJob } from "../src/scenario/study.ts";
import { rng } from "../src/validate/scores.ts";

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const file = args[0];
const out = opt("out", "observations.geojson");
const uniform = args.includes("--uniform");
const random = rng(Number(opt("seed", "1")));
const poisson = (mean: number) => {
  // Knuth's method for small means, a normal approximation above 30
  if (mean > 30)
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random())));
  let k = 0;
  let p = 1;
  const l = Math.exp(-mean);
  while ((p *= random()) > l) k++;
  return k;
};
const config = loadScenarioFile(file);
const study = await loadStudy(file, config);
const ls = study.landscape;
const job = await makeJob(study, "baseline", "baseline", null, [], "simulate");
const profile = evaluateScenario({ ...ls, template: { ...ls.template, data: ls.land } }, job.scenario, config.analysis).profile;
const segLen = config.analysis.segment_length_m;
const cells = profile.map((): number[] => []);
ls.road.chainage.forEach((ch) => cells[Math.min(profile.length - 1, Math.floor(ch / segLen))].push(ch));
const features: unknown[] = [];
const place = (kind: string, weights: number[], total: number) => {
  const w = weights.map((x, i) => (cells[i].length ? (uniform ? cells[i].length : x) : 0));
  const sum = w.reduce((a, b) => a + b, 0);
  w.forEach((x, i) => {
    const n = poisson((total * x) / sum);
    for (let k = 0; k < n; k++) {
      const ch = cells[i][Math.floor(random() * cells[i].length)];
      const p = pointAt(ls.line, ch);
      features.push({
        type: "Feature",
        properties: { kind },
        geometry: { type: "Point", coordinates: [p.x - p.dy * 20, p.y + p.dx * 20] },
      });
    }
  });
};
place(
  "crossing",
  profile.map((s) => Math.abs(s.current)),
  Number(opt("crossings", "80")),
);
if (config.mortality)
  place(
    "road_kill",
    profile.map((s) => s.road_deaths ?? 0),
    Number(opt("kills", "40")),
  );
const epsg = ls.template.crs?.epsg;
writeFileSync(
  out,
  JSON.stringify({
    type: "FeatureCollection",
    ...(epsg ? { crs: { type: "name", properties: { name: `urn:ogc:def:crs:EPSG::${epsg}` } } } : {}),
    features,
  }),
);
console.log(`${features.length} observations written to ${out}${uniform ? " (uniform along the road)" : ""}`);
