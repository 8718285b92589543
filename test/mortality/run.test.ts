import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readGeoTiff } from "../../src/io/geotiff.ts";
import { runScenarios } from "../../src/scenario/run.ts";
import { writeFixture } from "../scenario/fixture.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = mkdtempSync(join(tmpdir(), "crossway-mortality-"));
// tifffile cannot read crossway's deflate + floating-point predictor without imagecodecs: GDAL unpacks.
const hasTools =
  spawnSync("python3", ["-c", "import scipy, tifffile"]).status === 0 && spawnSync("gdal_translate", ["--version"]).status === 0;
function plainTiff(path: string): string {
  const to = join(root, `plain-${path.split("/").at(-1)}`);
  execFileSync("gdal_translate", ["-q", "-co", "COMPRESS=NONE", path, to]);
  return to;
}

/** The fixture study with traffic on the road and a mortality block. */
async function mortalityStudy(dir: string): Promise<string> {
  const { scenario } = await writeFixture(dir);
  const text = readFileSync(scenario, "utf8")
    .replace(
      "road: { width_m: 40, resistance: 800 }",
      "road: { width_m: 40, resistance: 800, traffic: { aadt: 7000, night_share: 0.2, segments: [{ from_m: 600, to_m: 900, aadt: 12000 }] } }",
    )
    .replace("analysis:\n", "mortality: { road: traffic }\nanalysis:\n");
  writeFileSync(scenario, text);
  return scenario;
}

describe("crossway run with a mortality block", async () => {
  const scenario = await mortalityStudy(join(root, "study"));
  const out = join(root, "out");
  const o = await runScenarios(scenario, out, { quiet: true, maps: false });
  const csv = readFileSync(join(out, "results.csv"), "utf8").trim().split("\n");
  const header = csv[0].split(",");
  const rows = csv.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [header[i], v])));
  const row = (n: string) => rows.find((r) => r.scenario === n)!;
  const json = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));

  it("results.csv has the mortality columns, and the fence cuts road deaths", () => {
    expect(o.summary.failed).toEqual([]);
    for (const c of [
      "success_probability",
      "delta_success_pct",
      "road_deaths",
      "delta_road_deaths_pct",
      "road_deaths_avoided_pct_per_cost",
    ])
      expect(header).toContain(c);
    const base = row("baseline");
    expect(Number(base.success_probability)).toBeGreaterThan(0);
    expect(Number(base.success_probability)).toBeLessThan(1);
    expect(Number(base.delta_success_pct)).toBe(0);
    // The fence over most of the road: more resistance, but fewer deaths on the road.
    const fence = row("fence-funnel");
    expect(Number(fence.delta_road_deaths_pct)).toBeLessThan(0);
    expect(Number(fence.road_deaths_avoided_pct_per_cost)).toBeCloseTo(-Number(fence.delta_road_deaths_pct) / 0.5, 10);
    // Removing a structure kills more.
    expect(Number(row("remove-underpass").delta_road_deaths_pct)).toBeGreaterThan(0);
    // The circuit columns are what they are without mortality (same numbers as the plain run below).
    expect(json.mortality.road.map((s: { aadt: number }) => s.aadt)).toEqual([7000, 12000, 7000]);
  });

  it("writes the mortality grid (Float64, q on the road, 0 on cores) and the road-death profile", async () => {
    const grids = readdirSync(join(out, "grids"));
    for (const n of ["baseline", "fence-funnel"]) {
      expect(grids).toContain(`${n}_mortality.tif`);
      expect(grids).toContain(`${n}_road_deaths.tif`);
    }
    const q = await readGeoTiff(join(out, "grids", "baseline_mortality.tif"), { float64: true });
    const values = Array.from(q.data).filter((v) => Number.isFinite(v) && v > 0);
    const qs = json.mortality.road.map((s: { q_cell: number }) => s.q_cell);
    expect(new Set(values).size).toBe(2);
    for (const v of values) expect(qs).toContain(v);
    const prof = readFileSync(join(out, "road_profile.csv"), "utf8").trim().split("\n");
    expect(prof[0].endsWith(",road_deaths")).toBe(true);
    const base = json.scenarios.find((s: { scenario: string }) => s.scenario === "baseline");
    const sum = prof
      .slice(1)
      .filter((l) => l.startsWith("baseline,"))
      .reduce((s, l) => s + Number(l.split(",").at(-1)), 0);
    const pairs = base.pairs.filter((p: { across: boolean }) => p.across);
    expect(sum).toBeCloseTo(
      pairs.reduce((s: number, p: { road_deaths: number }) => s + p.road_deaths, 0),
      10,
    );
    // The road-kill grid (Float64, NaN off the road) adds up to the same total.
    const d = await readGeoTiff(join(out, "grids", "baseline_road_deaths.tif"), { float64: true });
    const finite = Array.from(d.data).filter((v) => Number.isFinite(v));
    expect(finite.length).toBeGreaterThan(0);
    expect(finite.reduce((s, v) => s + v, 0)).toBeCloseTo(sum, 10);
  });

  it("the circuit columns are unchanged by the mortality block", async () => {
    const { scenario: plain } = await writeFixture(join(root, "plain"));
    const outPlain = join(root, "out-plain");
    await runScenarios(plain, outPlain, { quiet: true, maps: false });
    const p = readFileSync(join(outPlain, "results.csv"), "utf8").trim().split("\n");
    const ph = p[0].split(",");
    const prow = (n: string) =>
      Object.fromEntries(
        p
          .slice(1)
          .map((l) => l.split(","))
          .find((c) => c[1] === n)!
          .map((v, i) => [ph[i], v]),
      );
    for (const n of ["baseline", "fence-funnel", "overpass-north"]) {
      expect(row(n).effective_resistance).toBe(prow(n).effective_resistance);
      expect(row(n).crossing_current_share).toBe(prow(n).crossing_current_share);
      expect(prow(n).success_probability).toBe("");
    }
  });

  it.skipIf(!hasTools)(
    "scipy recomputes success and deaths from the written grids (skipped without python3 scipy + tifffile and GDAL)",
    () => {
      const grids = [
        join(out, "grids", "baseline_resistance.tif"),
        join(out, "grids", "baseline_mortality.tif"),
        join(root, "study", "cores.tif"),
      ].map(plainTiff);
      const base = json.scenarios.find((s: { scenario: string }) => s.scenario === "baseline");
      for (const p of base.pairs.filter((x: { across: boolean }) => x.across)) {
        for (const [a, b, s] of [
          [p.a, p.b, p.success_ab],
          [p.b, p.a, p.success_ba],
        ]) {
          const res = JSON.parse(
            execFileSync("python3", [join(here, "recompute.py"), ...grids, "8", String(a), String(b)], { encoding: "utf8" }),
          );
          // the resistance grid is stored as Float32: agreement to about 1e-6, not to the last digit
          expect(Math.abs(res.success - s) / s).toBeLessThan(1e-5);
          expect(Math.abs(res.success + res.deaths - 1)).toBeLessThan(1e-9);
        }
      }
    },
  );
});

describe("crossway run with a mortality block and maps", async () => {
  const scenario = await mortalityStudy(join(root, "study-maps"));
  const out = join(root, "out-maps");
  await runScenarios(scenario, out, { quiet: true });
  const html = readFileSync(join(out, "report.html"), "utf8");

  it("report.html has the road-deaths section: the ranking by deaths, a fence paragraph, the chart and the risk maps", () => {
    expect(html).toContain('id="road-deaths"');
    expect(html).toContain("Scenarios ranked by road deaths");
    // the fixture's fence-funnel scenario gets its own plain-words paragraph
    expect(html).toMatch(/<p class="mortality-text">[^<]*fence-funnel/);
    const maps = readdirSync(join(out, "maps"));
    expect(maps).toContain("baseline_road_deaths.png");
    expect(maps.some((f) => f.endsWith("_road_deaths_profile.png"))).toBe(true);
    // every road-kill PNG is embedded in the report under its title
    const section = html.slice(html.indexOf('id="road-deaths"'));
    expect(section).toContain('alt="Road-kill risk: baseline"');
    const charts = maps.filter((f) => f.endsWith("_road_deaths_profile.png")).map((f) => f.replace("_road_deaths_profile.png", ""));
    for (const n of charts) expect(section).toContain(`alt="Road deaths along the highway: ${n}"`);
  });
});
