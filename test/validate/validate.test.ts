import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pointAt } from "../../src/geometry/polyline.ts";
import { evaluateScenario } from "../../src/scenario/evaluate.ts";
import { loadScenarioFile } from "../../src/scenario/load.ts";
import { loadStudy, makeJob } from "../../src/scenario/study.ts";
import { rng, scoreProfile } from "../../src/validate/scores.ts";
import { runValidate } from "../../src/validate/run.ts";
import { cli } from "../cli/spawn.ts";
import { writeFixture } from "../scenario/fixture.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-validate-"));

describe("the AUC and its permutation p-value", () => {
  it("by hand: observations on the best segment of four score (3 + 0.5) / 4; a constant profile scores 1/2", () => {
    const s = scoreProfile([1, 2, 3, 4], [1, 1, 1, 1], [3, 3], { permutations: 99, topFraction: 0.25, seed: 3 });
    expect(s.auc).toBeCloseTo(3.5 / 4, 12);
    expect(s.top_share).toBe(1);
    // two draws both on the top segment: 1 / 16 of random placements do as well (AUC 7/8 needs both there)
    expect(s.p_value).toBeLessThan(0.2);
    const flat = scoreProfile([5, 5, 5], [1, 1, 1], [0, 2], { permutations: 20, topFraction: 0.34, seed: 1 });
    expect(flat.auc).toBe(0.5);
    expect(flat.p_value).toBe(1);
  });
});

/** Observations drawn with probabilities proportional to a profile (the "true" model), or uniformly. */
function draw(weights: number[], n: number, seed: number): number[] {
  const r = rng(seed);
  const total = weights.reduce((a, b) => a + b, 0);
  return Array.from({ length: n }, () => {
    let u = r() * total;
    let k = 0;
    while (k < weights.length - 1 && (u -= weights[k]) > 0) k++;
    return k;
  });
}

describe("crossway validate on the small study (synthetic truth)", async () => {
  const { scenario } = await writeFixture(join(root, "study"));
  // finer road segments (50 m), traffic and a mortality block
  writeFileSync(
    scenario,
    readFileSync(scenario, "utf8")
      .replace("segment_length_m: 200", "segment_length_m: 50")
      .replace(
        "road: { width_m: 40, resistance: 800 }",
        "road: { width_m: 40, resistance: 800, traffic: { aadt: 7000, night_share: 0.2 } }",
      )
      .replace("analysis:\n", "mortality: { road: traffic }\nanalysis:\n"),
  );
  const config = loadScenarioFile(scenario);
  const study = await loadStudy(scenario, config);
  const job = await makeJob(study, "baseline", "baseline", null, [], "test");
  const profile = evaluateScenario(
    { ...study.landscape, template: { ...study.landscape.template, data: study.landscape.land } },
    job.scenario,
    config.analysis,
  ).profile;
  const point = (ch: number, offset = 0) => {
    const p = pointAt(study.landscape.line, ch);
    return [p.x - p.dy * offset, p.y + p.dx * offset];
  };
  const features = (segments: number[], kind: string) =>
    segments.map((s) => ({
      type: "Feature",
      properties: { kind },
      geometry: { type: "Point", coordinates: point((profile[s].from_m + profile[s].to_m) / 2, 30) },
    }));
  const write = (name: string, feats: unknown[]) => {
    const file = join(root, name);
    writeFileSync(
      file,
      JSON.stringify({
        type: "FeatureCollection",
        crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32652" } },
        features: feats,
      }),
    );
    return file;
  };
  const truth = write("truth.geojson", [
    ...features(
      draw(
        profile.map((s) => Math.abs(s.current) ** 2),
        60,
        7,
      ),
      "crossing",
    ),
    ...features(
      draw(
        profile.map((s) => (s.road_deaths ?? 0) ** 2),
        60,
        8,
      ),
      "road_kill",
    ),
    { type: "Feature", properties: { kind: "crossing" }, geometry: { type: "Point", coordinates: point(300, 700) } },
  ]);

  it("observations drawn from the model's own profiles: AUC well above 1/2, p small; a point far from the road is reported", async () => {
    const out = join(root, "out-truth");
    const o = await runValidate(scenario, truth, out, { quiet: true, permutations: 199 });
    const row = (obs: string, model: string) => o.rows.find((r) => r.observations === obs && r.model === model)!;
    for (const obs of ["crossings", "road_kills"]) {
      // the true model ranks above chance and above least-cost paths (a deliberately different model)
      expect(row(obs, "circuit").auc).toBeGreaterThan(0.6);
      expect(row(obs, "circuit").auc).toBeGreaterThan(row(obs, "least_cost").auc);
      expect(row(obs, "circuit").p_value).toBeLessThan(0.05);
      expect(row(obs, "circuit").spearman).toBeGreaterThan(0.3);
      expect(row(obs, "null").auc).toBe(0.5);
    }
    expect(o.notes.join(" ")).toMatch(/features\[120\] \(crossing\) is not used: 700 m from the highway, more than 500 m/);
    const csv = readFileSync(join(out, "validation.csv"), "utf8");
    expect(csv.split("\n")[0]).toBe("observations,model,n,auc,p_value,spearman,top_share");
    expect(csv.trim().split("\n")).toHaveLength(1 + 6);
    expect(readFileSync(join(out, "validation.html"), "utf8")).toMatch(/AUC/);
    expect(readFileSync(join(out, "validation.png")).subarray(1, 4).toString()).toBe("PNG");
  });

  it("uniform (wrong-model) observations score about 1/2 and are not significant", async () => {
    // uniform along the road on the grid: each segment as likely as its share of road cells
    const cells = profile.map(() => 0);
    for (const ch of study.landscape.road.chainage) cells[Math.min(profile.length - 1, Math.floor(ch / 50))]++;
    const uniform = write("uniform.geojson", features(draw(cells, 60, 11), "crossing"));
    const o = await runValidate(scenario, uniform, join(root, "out-uniform"), { quiet: true, permutations: 199 });
    const c = o.rows.find((r) => r.observations === "crossings" && r.model === "circuit")!;
    expect(Math.abs(c.auc - 0.5)).toBeLessThan(0.15);
    expect(c.p_value).toBeGreaterThan(0.05);
  });

  it("bad input names the file and the feature: an unknown kind, a bad count, not a point", async () => {
    const bad = (props: object, geometry: object = { type: "Point", coordinates: point(300) }) =>
      write("bad.geojson", [{ type: "Feature", properties: props, geometry }]);
    await expect(runValidate(scenario, bad({ kind: "sighting" }), join(root, "b1"), { quiet: true })).rejects.toThrow(
      /features\[0\]\.properties\.kind: expected one of crossing, road_kill, camera_structure/,
    );
    await expect(runValidate(scenario, bad({ kind: "crossing", count: 0 }), join(root, "b2"), { quiet: true })).rejects.toThrow(
      /count: expected a whole number >= 1/,
    );
    await expect(
      runValidate(scenario, bad({ kind: "crossing" }, { type: "LineString", coordinates: [point(1), point(2)] }), join(root, "b3"), {
        quiet: true,
      }),
    ).rejects.toThrow(/expected a Point geometry/);
  });

  it("crossway validate (the CLI) prints the table", async () => {
    const r = await cli(["validate", scenario, "--observations", truth, "--out", join(root, "cli"), "--permutations", "49", "--quiet"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/crossings\s+circuit/);
    expect(r.stdout).toMatch(/road_kills\s+least_cost/);
  });
});
