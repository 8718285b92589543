import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CalibrationModel } from "../../src/calibrate/evaluator.ts";
import { poissonFit } from "../../src/calibrate/likelihood.ts";
import { knownParameters } from "../../src/calibrate/params.ts";
import { runCalibrate } from "../../src/calibrate/run.ts";
import { simulateObservations } from "../../src/calibrate/simulate.ts";
import { loadScenarioFile } from "../../src/scenario/load.ts";
import { loadStudy } from "../../src/scenario/study.ts";
import { cli } from "../cli/spawn.ts";
import { writeFixture } from "../scenario/fixture.ts";
import { writeCalibrationFixture } from "./fixture.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-calibrate-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const CRS = { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32652" } };

describe("crossway calibrate on the reduced landscape (synthetic truth)", async () => {
  const scenario = await writeCalibrationFixture(join(root, "study"));
  const study = await loadStudy(scenario, loadScenarioFile(scenario));
  const known = knownParameters(["1", "2", "3"]);
  const param = (n: string) => ({ name: n, info: known.find((k) => k.name === n)!, min: 0, max: 1, log: false });
  // the truth: habitat_c = 9 where the file says 4
  const fc = await simulateObservations(study, [param("habitat_c")], [9], { crossings: 150, kills: 60, seed: 3 });
  const obs = join(root, "obs.geojson");
  writeFileSync(obs, JSON.stringify({ ...fc, crs: CRS }));
  const paramsFile = (text: string, name = "params.yaml") => {
    const f = join(root, name);
    writeFileSync(f, text);
    return f;
  };
  const one = paramsFile("parameters:\n  habitat_c: { min: 1, max: 30 }\nstarts: 2\n");
  const out = join(root, "out");

  it("recovers habitat_c within its profile interval, and writes the tables, the chart and a calibrated scenario file", async () => {
    expect(fc.features.length).toBeGreaterThan(150);
    const o = await runCalibrate(scenario, obs, one, out, { quiet: true });
    const p = o.params[0];
    expect(p.start).toBe(4);
    expect(p.lower).toBeLessThan(9);
    expect(p.upper).toBeGreaterThan(9);
    // the file's own value is rejected by the data (it lies outside the interval)
    expect(p.lower).toBeGreaterThan(4);
    expect(p.lower_open || p.upper_open).toBe(false);
    // the truth-generating model beats a uniform spread along the road by far
    expect(o.logLik - o.nullLogLik).toBeGreaterThan(20);
    expect(o.starts).toHaveLength(2);
    for (const s of o.starts) expect(Math.abs(s.logLik - o.logLik)).toBeLessThan(0.01);
    for (const f of ["calibration.csv", "evaluations.csv", "fit.csv", "calibration.html", "calibration.png", "reduced-calibrated.yaml"])
      expect(existsSync(join(out, f)), f).toBe(true);
    const csv = readFileSync(join(out, "calibration.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("parameter,start,best,lower,upper,lower_open,upper_open,scale,min,max");
    expect(csv[1].startsWith("habitat_c,4,")).toBe(true);
    expect(readFileSync(join(out, "evaluations.csv"), "utf8").trim().split("\n")).toHaveLength(1 + o.evaluations);
    const fit = readFileSync(join(out, "fit.csv"), "utf8").trim().split("\n");
    // 2.2 km of centreline (100 m beyond the grid at each end): 22 segments of 100 m
    expect(fit).toHaveLength(1 + 22);
    // observed counts in fit.csv add up to the observations (all within reach of the road)
    const observed = fit.slice(1).reduce((a, l) => a + Number(l.split(",")[3]) + Number(l.split(",")[5]), 0);
    expect(observed).toBe(fc.features.length);

    // The calibrated file, read as `crossway run` reads it, gives the fitted model: same log-likelihood.
    const cal = join(out, "reduced-calibrated.yaml");
    const calStudy = await loadStudy(cal, loadScenarioFile(cal));
    expect(calStudy.baselineParameters.habitat_c).toBeCloseTo(p.best, 12);
    const prof = await new CalibrationModel(calStudy, [], null, true).profiles([]);
    const counts = (kind: number) => fit.slice(1).map((l) => Number(l.split(",")[kind]));
    // segments with road on the grid are the ones with an expectation (the two end ones have none)
    const avail = fit.slice(1).map((l) => Number(l.split(",")[4]) > 0);
    expect(avail.filter((a) => !a)).toHaveLength(2);
    const ll = poissonFit(counts(3), prof.current, avail).logLik + poissonFit(counts(5), prof.deaths!, avail).logLik;
    expect(ll).toBeCloseTo(o.logLik, 6);
  });

  it("evaluations in two worker threads give the same calibration as in this thread", async () => {
    const o = await runCalibrate(scenario, obs, one, join(root, "pool"), { quiet: true, workers: 2 });
    expect(o.solves).toBeGreaterThan(10);
    expect(readFileSync(join(root, "pool", "calibration.csv"), "utf8")).toBe(readFileSync(join(out, "calibration.csv"), "utf8"));
  });

  it("evaluations asked at once, several on one land, give what they give one by one", async () => {
    const ps = [param("habitat_c"), param("road_resistance")];
    const sets = [3000, 800, 5000, 12000].flatMap((r) => [
      [6, r],
      [11, r],
    ]);
    const together = await Promise.all(sets.map((v) => new CalibrationModel(study, ps, null, true).profiles(v)));
    const shared = new CalibrationModel(study, ps, null, true);
    const atOnce = await Promise.all(sets.map((v) => shared.profiles(v)));
    for (const [i, v] of sets.entries()) {
      const alone = await new CalibrationModel(study, ps, null, true).profiles(v);
      expect(atOnce[i].current).toEqual(alone.current);
      expect(atOnce[i].deaths).toEqual(alone.deaths);
      expect(together[i].current).toEqual(alone.current);
    }
  });

  it("a rerun into the same folder solves nothing again (every evaluation is stored)", async () => {
    const o = await runCalibrate(scenario, obs, one, out, { quiet: true });
    expect(o.solves).toBe(0);
    expect(o.evaluations).toBeGreaterThan(10);
  });

  it("bad input: unknown names (did you mean), min > max, an unknown class, too few observations, mortality without kills", async () => {
    const run = (params: string, observations = obs) =>
      runCalibrate(scenario, observations, paramsFile(params, "bad.yaml"), join(root, "bad"), { quiet: true });
    await expect(run("parameters:\n  habitat_k: { min: 1, max: 3 }\n")).rejects.toThrow(
      /unknown parameter 'habitat_k'; did you mean 'habitat_c'\?/,
    );
    await expect(run("parameters:\n  road_resistence: { min: 1, max: 3 }\n")).rejects.toThrow(/did you mean 'road_resistance'/);
    await expect(run("parameters:\n  habitat_c: { min: 5, max: 3 }\n")).rejects.toThrow(
      /bad\.yaml.*parameters\.habitat_c.*min 5 is greater than max 3|min 5 is greater than max 3/,
    );
    await expect(run("parameters:\n  landcover.7: { min: 5, max: 30 }\n")).rejects.toThrow(/land-cover classes: 1, 2, 3/);
    await expect(run("parameters:\n  habitat_c: { min: 1, max: 3, sclae: log }\n")).rejects.toThrow(/sclae/);
    await expect(run("parameters:\n  effectiveness.bridge: { min: 0.5, max: 1.5 }\n")).rejects.toThrow(/within \[0, 1\]/);
    const few = join(root, "few.geojson");
    writeFileSync(few, JSON.stringify({ ...fc, features: fc.features.slice(0, 6), crs: CRS }));
    await expect(run("parameters:\n  habitat_c: { min: 1, max: 30 }\n", few)).rejects.toThrow(
      /too few observations to fit 1 parameter\(s\): 6 on the road, at least 10/,
    );
    const noKills = join(root, "crossings-only.geojson");
    writeFileSync(noKills, JSON.stringify({ ...fc, features: fc.features.filter((f) => f.properties?.kind === "crossing"), crs: CRS }));
    await expect(run("parameters:\n  traffic_mortality_scale: { min: 0.1, max: 10 }\n", noKills)).rejects.toThrow(
      /'traffic_mortality_scale' acts on road kills, but .*crossings-only\.geojson holds none/,
    );
  });

  it("crossway calibrate (the CLI): two parameters, a quick fit without intervals", async () => {
    const two = paramsFile("parameters:\n  habitat_c: { min: 1, max: 30 }\n  landcover.2: { min: 2, max: 400 }\nstarts: 1\n", "two.yaml");
    const r = await cli([
      "calibrate",
      scenario,
      "--observations",
      obs,
      "--params",
      two,
      "--out",
      join(root, "cli"),
      "--no-intervals",
      "--quiet",
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/habitat_c\s+[0-9.]+/);
    expect(r.stdout).toMatch(/landcover\.2\s+[0-9.]+/);
    const cal = readFileSync(join(root, "cli", "reduced-calibrated.yaml"), "utf8");
    expect(cal).toMatch(/landcover:\s*\n\s+"?2"?: [0-9.]+/);
    expect(cal).toMatch(/recipe: \.\.\/study\/recipe\.yaml/);
    // ready for crossway run, as it stands
    const run = await cli(["run", join(root, "cli", "reduced-calibrated.yaml"), "--out", join(root, "cli-run"), "--no-maps", "--quiet"]);
    // (cautions only: the fixture's cores lie near the grid's edge)
    expect(run.stderr.split("\n").filter((l) => l && !l.startsWith("crossway: caution:"))).toEqual([]);
    expect(run.status).toBe(0);
    expect(readFileSync(join(root, "cli-run", "results.csv"), "utf8")).toMatch(/^rank,scenario,/);
  });
});

describe("crossway calibrate on a fixed resistance grid (no recipe)", async () => {
  const { scenario } = await writeFixture(join(root, "grid-study"));
  const study = await loadStudy(scenario, loadScenarioFile(scenario));
  const rr = { name: "road_resistance", info: knownParameters([]).find((k) => k.name === "road_resistance")!, min: 0, max: 1, log: false };
  const fc = await simulateObservations(study, [rr], [3000], { crossings: 120, kills: 0, seed: 5 });
  const obs = join(root, "grid-obs.geojson");
  writeFileSync(obs, JSON.stringify({ ...fc, crs: CRS }));

  it("fits a road parameter; a land parameter is refused, naming the parameters file", async () => {
    const ok = join(root, "grid-params.yaml");
    writeFileSync(ok, "parameters:\n  road_resistance: { min: 100, max: 30000 }\nstarts: 1\n");
    const o = await runCalibrate(scenario, obs, ok, join(root, "grid-out"), { quiet: true });
    expect(o.params[0].lower).toBeLessThan(3000);
    expect(o.params[0].upper).toBeGreaterThan(3000);
    const bad = join(root, "grid-bad.yaml");
    writeFileSync(bad, "parameters:\n  habitat_c: { min: 1, max: 30 }\n");
    await expect(runCalibrate(scenario, obs, bad, join(root, "grid-bad"), { quiet: true })).rejects.toThrow(
      /grid-bad\.yaml.*'habitat_c' changes the land, but .*study\.yaml gives a fixed resistance grid|'habitat_c' changes the land, but .*study\.yaml gives a fixed resistance grid/,
    );
  });
});
