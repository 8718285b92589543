import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScenarios } from "../../src/scenario/run.ts";
import { parseRanges, summarizeRanks } from "../../src/uncertainty/run.ts";
import { cli } from "../cli/spawn.ts";
import { writeFixture } from "../scenario/fixture.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-uncertainty-"));
const csv = (file: string) => {
  const [head, ...rows] = readFileSync(file, "utf8").trim().split("\n");
  const cols = head.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [cols[i], v])));
};

describe("rank uncertainty under parameter draws", async () => {
  const { scenario } = await writeFixture(join(root, "study"));

  it("summarises ranks by hand: the share of firsts and nearest-rank quantiles", () => {
    const s = summarizeRanks(new Map([["a", [1, 1, 2, 3]]]))[0];
    expect(s.p_first).toBe(0.5);
    expect(s.rank_median).toBe(1);
    expect(s.rank_p95).toBe(3);
    expect(s.rank_p05).toBe(1);
    expect(s.mean_rank).toBe(1.75);
  });

  it("draws pinned at the file's own values rank exactly as results.csv does", async () => {
    const out = join(root, "pinned");
    const o = await runScenarios(scenario, out, {
      quiet: true,
      maps: false,
      workers: 0,
      uncertainty: { draws: 3, ranges: { road_resistance: [800, 800] } },
    });
    const results = new Map(csv(join(out, "results.csv")).map((r) => [r.scenario, Number(r.rank)]));
    for (const u of o.uncertainty!) {
      expect(u.rank_p05).toBe(results.get(u.scenario));
      expect(u.rank_p95).toBe(results.get(u.scenario));
      expect(u.p_first).toBe(results.get(u.scenario) === 1 ? 1 : 0);
    }
  });

  it("real draws: one scenario ranks first in each draw, every scenario has a rank per draw, and the files say so", async () => {
    const out = join(root, "drawn");
    const o = await runScenarios(scenario, out, {
      quiet: true,
      maps: false,
      workers: 0,
      uncertainty: { draws: 6, ranges: { road_resistance: [200, 3000], effectiveness_scale: [0.3, 1] }, seed: 4 },
    });
    const u = o.uncertainty!;
    expect(u.reduce((a, s) => a + s.p_first, 0)).toBeCloseTo(1, 12);
    const draws = csv(join(out, "uncertainty_draws.csv"));
    expect(draws).toHaveLength(6 * u.length);
    expect(new Set(draws.map((d) => d.parameters)).size).toBe(6);
    expect(
      csv(join(out, "uncertainty.csv"))
        .map((r) => r.scenario)
        .sort(),
    ).toEqual(u.map((s) => s.scenario).sort());
  });

  it("bad ranges name the parameter", () => {
    expect(() => parseRanges("road_resistence=1:2")).toThrow(/unknown parameter 'road_resistence' \(did you mean road_resistance\?\)/);
    expect(() => parseRanges("rmax=5:2")).toThrow(/rmax: min 5 is greater than max 2/);
    expect(() => parseRanges("rmax=5")).toThrow(/expected name=min:max/);
  });

  it("ranges from a calibration.csv (its intervals, on each parameter's scale); other names of calibrate", () => {
    const file = join(root, "calibration.csv");
    writeFileSync(
      file,
      "parameter,start,best,lower,upper,lower_open,upper_open,scale,min,max\nroad_resistance,800,900,450,2100,false,false,log,100,10000\neffectiveness.underpass,0.6,0.7,0.4,1,false,true,linear,0.1,1\n",
    );
    expect(parseRanges(file)).toEqual({ road_resistance: [450, 2100, "log"], "effectiveness.underpass": [0.4, 1, "linear"] });
    expect(parseRanges("landcover.3=20:80,effectiveness.bridge=0.5:0.9")).toEqual({
      "landcover.3": [20, 80],
      "effectiveness.bridge": [0.5, 0.9],
    });
    expect(() => parseRanges("traffic_mortality_scale=1:2")).toThrow(/unknown parameter 'traffic_mortality_scale'/);
    writeFileSync(file, "parameter,start,best,lower,upper,lower_open,upper_open,scale,min,max\nhabitat_c,4,5,,,false,false,log,1,30\n");
    expect(() => parseRanges(file)).toThrow(/habitat_c has no interval \(was it run with --no-intervals\?\)/);
    expect(() => parseRanges(join(root, "none.csv"))).toThrow(/no such file/);
  });

  it("log-scale draws stay in their range, and the report shows how sure the ranking is", async () => {
    const out = join(root, "report");
    const o = await runScenarios(scenario, out, {
      quiet: true,
      workers: 0,
      uncertainty: { draws: 4, ranges: { road_resistance: [100, 10000, "log"] }, seed: 2 },
    });
    const values = csv(join(out, "uncertainty_draws.csv")).map((d) => Number(/road_resistance=([0-9.e+]+)/.exec(d.parameters)![1]));
    expect(values.every((v) => v >= 100 && v <= 10000)).toBe(true);
    expect(new Set(values).size).toBe(4);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toMatch(/How sure is the ranking\?/);
    // formatNumber groups thousands with a thin space (U+2009)
    expect(html).toMatch(/drawn 4 times at random \(road_resistance 100-10\u2009000\)/);
    const best = [...o.uncertainty!].sort((a, b) => b.p_first - a.p_first)[0];
    expect(html).toContain(`${best.scenario} ranks first in ${Math.round(best.p_first * 100)} % of the draws`);
    expect(
      readFileSync(join(out, "maps", "uncertainty_ranks.png"))
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
  });

  it("crossway run --uncertainty (the CLI) prints the rank probabilities", async () => {
    const r = await cli([
      "run",
      scenario,
      "--out",
      join(root, "cli"),
      "--no-maps",
      "--quiet",
      "--uncertainty",
      "3",
      "--vary",
      "road_resistance=400:1600",
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/under 3 parameter draws/);
    expect(r.stdout).toMatch(/ranks first in \d+ % of draws/);
    const bad = await cli(["run", scenario, "--out", join(root, "cli-bad"), "--uncertainty", "3"]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--uncertainty needs --vary/);
  });
});
