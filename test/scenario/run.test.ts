import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readGrid } from "../../src/io/index.ts";
import { runScenarios, runSweep } from "../../src/scenario/run.ts";
import { ENGINE_VERSION } from "../../src/scenario/study.ts";
import { writeFixture } from "./fixture.ts";

// Three candidates, at most two: the baseline and 6 scenarios (fewer than auto's threshold).
const SMALL_SWEEP_FOR_CACHE = `scenario_file: study.yaml
candidates:
  - { id: A, type: overpass, chainage_m: 150, width_m: 50, cost_musd: 5 }
  - { id: B, type: underpass, chainage_m: 600, width_m: 20, cost_musd: 1 }
  - { id: C, type: bridge, chainage_m: 1050, width_m: 80, cost_musd: 3 }
max_structures: 2
`;

const root = mkdtempSync(join(tmpdir(), "crossway-run-"));

describe("crossway run on a small study", async () => {
  const { scenario } = await writeFixture(join(root, "study"));
  const out = join(root, "out-run");
  const started = Date.now();
  const o = await runScenarios(scenario, out, { quiet: true, maps: false });
  const finished = Date.now();

  it("records what made the results: crossway's version, the engine version, Node and the date", () => {
    const json = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8"));
    expect(json.crossway.version).toBe(pkg.version);
    expect(json.crossway.engine).toBe(ENGINE_VERSION);
    expect(json.crossway.node).toBe(process.version);
    const t = Date.parse(json.crossway.date);
    expect(t).toBeGreaterThanOrEqual(started - 1000);
    expect(t).toBeLessThanOrEqual(finished + 1000);
    // Full SHA-256 of every input (64 hex digits), not a prefix.
    for (const h of Object.values(json.inputs)) expect(h).toMatch(/^[0-9a-f]{64}$/);
  });

  it("masks the core cells in the exported difference grid and keeps the rest exact", async () => {
    const cores = await readGrid(join(root, "study", "cores.tif"));
    const diff = await readGrid(join(out, "grids", "overpass-north_current_diff.tif"));
    const cur = await readGrid(join(out, "grids", "overpass-north_current.tif"));
    const base = await readGrid(join(out, "grids", "baseline_current.tif"));
    let masked = 0;
    let compared = 0;
    for (let i = 0; i < diff.data.length; i++) {
      if (cores.data[i] > 0) {
        expect(Number.isNaN(diff.data[i])).toBe(true);
        masked++;
      } else if (Number.isFinite(base.data[i])) {
        expect(diff.data[i]).toBeCloseTo(Math.fround(cur.data[i] - base.data[i]), 6);
        compared++;
      }
    }
    expect(masked).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(800);
  });

  it("writes one ranked row per scenario plus the baseline, with delta 0 for the baseline", () => {
    expect(o.summary.failed).toEqual([]);
    const csv = readFileSync(join(out, "results.csv"), "utf8").trim().split("\n");
    const header = csv[0].split(",");
    expect(header.slice(0, 5)).toEqual(["rank", "scenario", "baseline", "effective_resistance", "delta_effective_resistance_pct"]);
    const rows = csv.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [header[i], v])));
    expect(rows.map((r) => r.scenario).sort()).toEqual(["baseline", "fence-funnel", "fix-culvert", "overpass-north", "remove-underpass"]);
    const row = (n: string) => rows.find((r) => r.scenario === n)!;
    expect(Number(row("baseline").delta_effective_resistance_pct)).toBe(0);
    expect(Number(row("overpass-north").delta_effective_resistance_pct)).toBeLessThan(0);
    expect(Number(row("fix-culvert").delta_effective_resistance_pct)).toBeLessThan(0);
    expect(Number(row("remove-underpass").delta_effective_resistance_pct)).toBeGreaterThan(0);
    // The fence funnels all remaining crossing current of its stretch into the structures: share rises.
    expect(Number(row("fence-funnel").crossing_current_share)).toBeGreaterThan(Number(row("baseline").crossing_current_share));
    expect(Number(row("overpass-north").cost)).toBe(6);
    expect(Number(row("overpass-north").improvement_per_cost)).toBeCloseTo(
      -Number(row("overpass-north").delta_effective_resistance_pct) / 6,
      10,
    );
    // Ranks are 1..5 (rows in rank order) and, ranked by the default objective, the deltas rise
    // with the rank: the best row has the most negative delta.
    expect(rows.map((r) => Number(r.rank))).toEqual([1, 2, 3, 4, 5]);
    const deltas = rows.map((r) => Number(r.delta_effective_resistance_pct));
    expect(deltas[0]).toBe(Math.min(...deltas));
    for (let i = 1; i < deltas.length; i++) expect(deltas[i]).toBeGreaterThanOrEqual(deltas[i - 1]);
  });

  it("writes results.json per pair, the road profile and the grids", () => {
    const json = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    const base = json.scenarios.find((s: { scenario: string }) => s.scenario === "baseline");
    expect(base.pairs.filter((p: { across: boolean }) => p.across)).toHaveLength(2);
    for (const p of base.pairs) expect(p.crossing_total).toBeCloseTo(1, 5);
    const prof = readFileSync(join(out, "road_profile.csv"), "utf8").trim().split("\n");
    expect(prof[0]).toBe("scenario,segment,from_m,to_m,current,through_structures,open_road,structures,pinch_rank");
    const gj = JSON.parse(readFileSync(join(out, "road_profile.geojson"), "utf8"));
    expect(gj.features.length).toBe(Math.ceil(json.highway_length_m / 200));
    const sum = gj.features.reduce((s: number, f: { properties: { current: number } }) => s + f.properties.current, 0);
    expect(sum).toBeCloseTo(2, 5); // two cross-road pairs, 1 A each
    const grids = readdirSync(join(out, "grids")).sort();
    expect(grids).toContain("baseline_current.tif");
    expect(grids).toContain("overpass-north_current_diff.tif");
    expect(grids).toContain("fence-funnel_resistance.tif");
  });
});

describe("crossway sweep: resume and workers", async () => {
  const { sweep } = await writeFixture(join(root, "sweep-study"));
  const full = join(root, "sweep-full");
  const a = await runSweep(sweep, full, { workers: 0, quiet: true, maps: false });
  const csvFull = readFileSync(join(full, "results.csv"), "utf8");

  it("generates the subsets x parameter grid with a baseline per parameter set", () => {
    // 1 baseline + 2 parameter baselines + (3 singles + 3 pairs) x 2 = 15 rows.
    expect(csvFull.trim().split("\n")).toHaveLength(16);
    expect(a.summary.failed).toEqual([]);
    // baseline and baseline@road_resistance=800 are the same scenario: solved once.
    expect(a.summary.total).toBe(14);
  });

  it("an interrupted run, resumed, writes the same results.csv as an uninterrupted one", async () => {
    const dir = join(root, "sweep-resume");
    const first = await runSweep(sweep, dir, { workers: 0, quiet: true, maps: false, stopAfter: 5 });
    expect(first.summary.interrupted).toBe(true);
    expect(first.summary.done).toBe(5);
    expect(existsSync(join(dir, "results.csv"))).toBe(false); // nothing partial
    expect(readdirSync(join(dir, "scenarios")).filter((f) => f.endsWith(".json"))).toHaveLength(5);
    const second = await runSweep(sweep, dir, { workers: 0, quiet: true, maps: false });
    expect(second.summary.skipped).toBe(5);
    expect(second.summary.done).toBe(9);
    expect(readFileSync(join(dir, "results.csv"), "utf8")).toBe(csvFull);
  });

  it("two worker threads on shared memory give the same results.csv as the main thread", async () => {
    const dir = join(root, "sweep-pool");
    const p = await runSweep(sweep, dir, { workers: 2, quiet: true, maps: false });
    expect(p.summary.failed).toEqual([]);
    expect(readFileSync(join(dir, "results.csv"), "utf8")).toBe(csvFull);
  });
});

describe("crossway sweep --solve incremental", async () => {
  const { sweep } = await writeFixture(join(root, "sweep-incr"));
  const full = await runSweep(sweep, join(root, "sweep-incr-full"), { workers: 0, quiet: true, maps: false, solve: "full" });
  const inc = await runSweep(sweep, join(root, "sweep-incr-inc"), { workers: 0, quiet: true, maps: false, solve: "incremental" });
  const json = (dir: string) => JSON.parse(readFileSync(join(root, dir, "results.json"), "utf8"));

  it("every scenario is solved on the road-band model, and results.json says so", () => {
    expect(inc.summary.failed).toEqual([]);
    for (const s of json("sweep-incr-inc").scenarios) expect(s.solve.method).toBe("incremental");
    for (const s of json("sweep-incr-full").scenarios) expect(s.solve.method).toBe("full");
  });

  it("its numbers equal the full sweep's to 1e-8 relative, and the ranking is the same", () => {
    expect(full.summary.failed).toEqual([]);
    const f = json("sweep-incr-full").scenarios;
    const i = json("sweep-incr-inc").scenarios;
    expect(i.map((s: { scenario: string }) => s.scenario)).toEqual(f.map((s: { scenario: string }) => s.scenario));
    let compared = 0;
    for (const [k, s] of f.entries()) {
      for (const key of ["effective_resistance", "crossing_current_share", "least_cost_distance"]) {
        if (typeof s[key] !== "number") continue;
        compared++;
        expect(Math.abs(i[k][key] - s[key])).toBeLessThanOrEqual(1e-8 * Math.max(Math.abs(s[key]), 1e-3));
      }
    }
    expect(compared).toBe(3 * f.length);
  });
});

describe("the road-band model is cached in DIR/cache, and crossway run --solve incremental checks itself against full solves", async () => {
  const { scenario, sweep } = await writeFixture(join(root, "cache-study"), { sweep: SMALL_SWEEP_FOR_CACHE });
  const first = join(root, "cache-first");
  await runSweep(sweep, first, { workers: 0, quiet: true, maps: false, solve: "incremental" });
  const json = (dir: string) => JSON.parse(readFileSync(join(dir, "results.json"), "utf8"));

  it("an incremental sweep leaves its model in DIR/cache; auto uses it although the sweep is small", async () => {
    const files = readdirSync(join(first, "cache"));
    expect(files.filter((f) => /^band-model-[0-9a-f]{32}\.bin$/.test(f))).toHaveLength(1);
    // few scenarios: auto alone would solve in full ...
    const plain = join(root, "cache-plain");
    await runSweep(sweep, plain, { workers: 0, quiet: true, maps: false });
    for (const s of json(plain).scenarios) expect(s.solve.method).toBe("full");
    // ... but with the cached model it takes the road band
    const second = join(root, "cache-second");
    cpSync(join(first, "cache"), join(second, "cache"), { recursive: true });
    await runSweep(sweep, second, { workers: 0, quiet: true, maps: false });
    for (const s of json(second).scenarios) expect(s.solve.method).toBe("incremental");
    expect(readFileSync(join(second, "results.csv"), "utf8")).toBe(readFileSync(join(first, "results.csv"), "utf8"));
  });

  it("an incremental sweep with maps: its mapped rows are solved in full again and agree (no error), the maps and report are written", async () => {
    const out = join(root, "cache-maps");
    const o = await runSweep(sweep, out, { workers: 0, quiet: true, maps: true, solve: "incremental" });
    expect(o.summary.failed).toEqual([]);
    expect(existsSync(join(out, "report.html"))).toBe(true);
    expect(readdirSync(join(out, "grids")).some((f) => f.endsWith("_current.tif"))).toBe(true);
  });

  it("run --solve incremental: tables from the band, grids from full solves, the two within the full solver's tolerance", async () => {
    const out = join(root, "run-incremental");
    const o = await runScenarios(scenario, out, { quiet: true, maps: false, solve: "incremental" });
    expect(o.summary.failed).toEqual([]);
    const scenarios = json(out).scenarios;
    expect(scenarios.length).toBeGreaterThan(2);
    for (const s of scenarios) {
      expect(s.solve.method).toBe("incremental");
      expect(s.solve.full_check).toBeGreaterThanOrEqual(0);
      expect(s.solve.full_check).toBeLessThan(1e-6);
      expect(existsSync(join(out, "grids", `${s.scenario}_current.tif`))).toBe(true);
    }
  });
});
