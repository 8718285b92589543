import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../src/scenario/load.ts";
import { runScenarios } from "../../src/scenario/run.ts";
import { runSiting } from "../../src/siting/run.ts";
import { cli } from "../cli/spawn.ts";
import { writeFixture, X0, Y0 } from "../scenario/fixture.ts";
import { makeGrid } from "../../src/grid/grid.ts";
import { crsFromEpsg } from "../../src/grid/crs.ts";
import { writeGeoTiff } from "../../src/io/geotiff.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-site-"));
const csv = (file: string) => {
  const [head, ...rows] = readFileSync(file, "utf8").trim().split("\n");
  const cols = head.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [cols[i], v])));
};
const SITING = { spacing_m: 150, types: ["overpass", "underpass"], min_spacing_m: 100, max_structures: 3, budget_musd: 20 };

describe("crossway site on the small study", async () => {
  const { scenario } = await writeFixture(join(root, "study"));
  const out = join(root, "site");
  const o = await runSiting(scenario, out, { siting: SITING, quiet: true, checkOptimality: true });

  it("scores every candidate and ranks them by gain; the plan keeps the budget, the spacing and the size", () => {
    const rows = csv(join(out, "candidates.csv"));
    expect(rows.length).toBe(o.candidates.length);
    expect(rows.length).toBeGreaterThan(8);
    const gains = rows.map((r) => Number(r.gain_pct));
    for (let i = 1; i < gains.length; i++) expect(gains[i]).toBeLessThanOrEqual(gains[i - 1]);
    // gain is the drop in effective resistance (no mortality block), in percent
    for (const r of rows) expect(Number(r.gain_pct)).toBeCloseTo(-Number(r.delta_effective_resistance_pct), 12);
    const plan = csv(join(out, "plan.csv"));
    expect(plan.length).toBeGreaterThan(0);
    expect(plan.length).toBeLessThanOrEqual(3);
    expect(Number(plan.at(-1)!.cumulative_cost_musd)).toBeLessThanOrEqual(20);
    const at = plan.map((p) => Number(p.chainage_m));
    for (let i = 0; i < at.length; i++) for (let j = i + 1; j < at.length; j++) expect(Math.abs(at[i] - at[j])).toBeGreaterThanOrEqual(100);
    // each step adds, and the plan does at least as well as the best single candidate
    for (let k = 1; k < plan.length; k++) expect(Number(plan[k].gain_pct)).toBeGreaterThan(Number(plan[k - 1].gain_pct));
    expect(Number(plan.at(-1)!.gain_pct)).toBeGreaterThanOrEqual(gains[0]);
    // the first-order estimate from the baseline alone ranks the candidates much as the exact scores do
    expect(rows.every((r) => r.first_order_delta_er_pct !== "")).toBe(true);
    expect(o.spearman!.vs_exact_effective_resistance).toBeGreaterThan(0.5);
    // Barrier Mapper's least-cost score is there for Linkage Mapper users, with its rank correlation
    expect(rows.every((r) => Number.isFinite(Number(r.barrier_mapper_score)) && r.barrier_mapper_score !== "")).toBe(true);
    expect(Number.isFinite(o.spearman!.barrier_mapper_vs_exact_least_cost)).toBe(true);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toMatch(/The plan/);
    // the fixture's grid is 2 km by 1.2 km: the plan's structures are near its edge, and the report says so
    expect(o.notes.some((n) => /from the edge of the grid/.test(n))).toBe(true);
    expect(html).toMatch(/Caution:.*from the edge of the grid/);
    expect(html).toContain('src="gain_profile.png"');
    for (const png of ["gain_profile.png", "plan_map.png", "cost_benefit.png"]) {
      expect(readFileSync(join(out, png)).subarray(1, 4).toString()).toBe("PNG");
      expect(html).toContain(`src="${png}"`);
    }
    const gj = JSON.parse(readFileSync(join(out, "candidates.geojson"), "utf8"));
    expect(gj.features).toHaveLength(rows.length);
    expect(gj.features[0].geometry.type).toBe("Point");
  });

  it("the optimality check searches every pair and triple of the best singles, and greedy is at most a little behind", () => {
    expect(o.optimality.map((c) => c.k)).toEqual([2, 3]);
    for (const c of o.optimality) {
      expect(c.tried).toBeGreaterThan(0);
      expect(c.best).toHaveLength(c.k);
      // the exhaustive search covers only the best singles: greedy (over all candidates) may even beat it
      expect(c.greedyGain).toBeGreaterThan(0.8 * c.bestGain);
    }
  });

  it("scenarios.yaml runs with crossway run, and its full solves give the siting's numbers to 1e-6", async () => {
    const file = join(out, "scenarios.yaml");
    const config = loadScenarioFile(file);
    const plan = csv(join(out, "plan.csv"));
    expect(config.scenarios.map((s) => s.name)).toEqual([
      ...o.candidates.slice(0, 10).map((c) => `single-${c.candidate.id}`),
      ...plan.map((_, k) => `plan-step-${k + 1}`),
    ]);
    const runOut = join(root, "site-run");
    const r = await runScenarios(file, runOut, { quiet: true, maps: false, solve: "full" });
    expect(r.summary.failed).toEqual([]);
    const rows = new Map(csv(join(runOut, "results.csv")).map((x) => [x.scenario, x]));
    const rel = (a: string, b: string) => Math.abs(Number(a) - Number(b)) / Math.max(Math.abs(Number(b)), 1e-12);
    for (const c of o.candidates.slice(0, 10)) {
      const x = rows.get(`single-${c.candidate.id}`)!;
      expect(rel(String(c.scored.row.effective_resistance), x.effective_resistance)).toBeLessThan(1e-6);
      expect(rel(String(c.scored.row.least_cost_distance), x.least_cost_distance)).toBeLessThan(1e-6);
      expect(rel(String(c.scored.row.delta_effective_resistance_pct), x.delta_effective_resistance_pct)).toBeLessThan(1e-6);
    }
    plan.forEach((p, k) => {
      const x = rows.get(`plan-step-${k + 1}`)!;
      expect(rel(p.effective_resistance, x.effective_resistance)).toBeLessThan(1e-6);
      expect(rel(p.delta_effective_resistance_pct, x.delta_effective_resistance_pct)).toBeLessThan(1e-6);
    });
  });

  it("a second run reuses every stored score (resumable) and writes the same candidates and plan", async () => {
    const before = [readFileSync(join(out, "candidates.csv"), "utf8"), readFileSync(join(out, "plan.csv"), "utf8")];
    const again = await runSiting(scenario, out, { siting: SITING, quiet: true });
    expect(again.evaluated).toBe(0);
    expect([readFileSync(join(out, "candidates.csv"), "utf8"), readFileSync(join(out, "plan.csv"), "utf8")]).toEqual(before);
  });

  it("bad input names the key: spacing, budget below the cheapest type, a type not in the catalogue", async () => {
    await expect(runSiting(scenario, join(root, "bad1"), { siting: { spacing_m: 0 }, quiet: true })).rejects.toThrow(/siting\.spacing_m/);
    await expect(runSiting(scenario, join(root, "bad2"), { siting: { budget_musd: 1, types: ["overpass"] }, quiet: true })).rejects.toThrow(
      /siting\.budget_musd 1 is below the cheapest candidate type's cost \(12\)/,
    );
    await expect(runSiting(scenario, join(root, "bad3"), { siting: { types: ["ferry"] }, quiet: true })).rejects.toThrow(/siting\.types/);
    await expect(runSiting(scenario, join(root, "bad4"), { siting: { objective: "road_deaths" }, quiet: true })).rejects.toThrow(
      /needs a mortality block/,
    );
  });

  it("crossway site (the CLI) prints the best candidates and the plan", async () => {
    const r = await cli([
      "site",
      scenario,
      "--out",
      join(root, "site-cli"),
      "--spacing-m",
      "300",
      "--min-spacing-m",
      "100",
      "--max-structures",
      "2",
      "--quiet",
    ]);
    // --quiet: no progress, only the cautions (the fixture's grid is 2 km wide: every structure is near its edge)
    for (const line of r.stderr.trim().split("\n").filter(Boolean))
      expect(line).toMatch(/^crossway: note: structure '.*' at km .* from the edge of the grid/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/candidates scored/);
    expect(r.stdout).toMatch(/plan \(greedy by gain/);
    const bad = await cli(["site", scenario, "--out", join(root, "site-cli-bad"), "--spacing-m", "-5"]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/spacing_m/);
  });

  it("exclusion zones (GeoJSON in another CRS, reprojected) keep candidates out; one off the road is reported", async () => {
    // a box over the road's northern half, given in WGS 84 (the study is in UTM 52N)
    const proj4 = (await import("proj4")).default;
    const utm = "+proj=utm +zone=52 +datum=WGS84 +units=m +no_defs";
    const ll = (x: number, y: number) => proj4(utm, "EPSG:4326", [x, y]);
    const box = (x0: number, y0: number, x1: number, y1: number) => ({
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: {},
          geometry: { type: "Polygon", coordinates: [[ll(x0, y0), ll(x1, y0), ll(x1, y1), ll(x0, y1), ll(x0, y0)]] },
        },
      ],
    });
    const zone = join(root, "study", "zone.geojson");
    writeFileSync(zone, JSON.stringify(box(X0, Y0 + 600, X0 + 2000, Y0 + 2000)));
    const s = await runSiting(scenario, join(root, "site-zone"), { siting: { ...SITING, exclude: zone }, quiet: true });
    const all = o.candidates.length;
    expect(s.candidates.length).toBeGreaterThan(0);
    expect(s.candidates.length).toBeLessThan(all);
    // exactly the candidates whose point lies in the box are gone
    const kept = new Set(s.candidates.map((c) => c.candidate.id));
    const points = JSON.parse(readFileSync(join(out, "candidates.geojson"), "utf8")).features as {
      properties: { id: string };
      geometry: { coordinates: [number, number] };
    }[];
    for (const p of points) {
      const [x, y] = p.geometry.coordinates;
      const inBox = x > X0 && x < X0 + 2000 && y > Y0 + 600 && y < Y0 + 2000;
      expect(kept.has(p.properties.id)).toBe(!inBox);
    }
    const far = join(root, "study", "far.geojson");
    writeFileSync(far, JSON.stringify(box(X0 + 5000, Y0 + 5000, X0 + 6000, Y0 + 6000)));
    const f = await runSiting(scenario, join(root, "site-far"), { siting: { ...SITING, exclude: far }, quiet: true });
    expect(f.candidates.length).toBe(all);
    expect(f.notes.join(" ")).toMatch(/siting\.exclude: .*far\.geojson does not overlap the highway/);
  });

  it("an elevation grid restricts the types: overpasses where the road runs in a cut, underpasses where it crosses a valley", async () => {
    const W = 40;
    const H = 24;
    const transform = [X0, 50, 0, Y0 + H * 50, 0, -50] as [number, number, number, number, number, number];
    const xRoad = X0 + 20 * 50;
    const dem = async (name: string, z: (x: number, y: number) => number) => {
      const data = new Float32Array(W * H);
      for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) data[r * W + c] = z(X0 + (c + 0.5) * 50, Y0 + (H - r - 0.5) * 50);
      const file = join(root, "study", name);
      await writeGeoTiff(file, makeGrid(W, H, data, { transform, crs: crsFromEpsg(32652) }));
      return file;
    };
    // a V across the road (the road at the bottom of a cut), flat along it: overpasses only
    const cut = await dem("cut.tif", (x) => 0.05 * Math.abs(x - xRoad));
    const a = await runSiting(scenario, join(root, "site-cut"), { siting: { ...SITING, elevation: { path: cut } }, quiet: true });
    expect(a.candidates.length).toBeGreaterThan(0);
    expect(a.candidates.every((c) => c.candidate.type === "overpass")).toBe(true);
    expect(a.notes.join(" ")).toMatch(/the terrain allows \d+ overpass, 0 underpass/);
    // a dip along the road at y = Y0 + 600 (a valley the road crosses on a fill), flat across it: underpasses there only
    const valley = await dem("valley.tif", (_x, y) => 0.05 * Math.abs(y - (Y0 + 600)));
    const b = await runSiting(scenario, join(root, "site-valley"), { siting: { ...SITING, elevation: { path: valley } }, quiet: true });
    expect(b.candidates.length).toBeGreaterThan(0);
    expect(b.candidates.every((c) => c.candidate.type === "underpass")).toBe(true);
    const pts = JSON.parse(readFileSync(join(root, "site-valley", "candidates.geojson"), "utf8")).features as {
      geometry: { coordinates: number[] };
    }[];
    // within the valley: at least 3 m below the ground 150 m ahead and behind, so within 90 m of its floor
    for (const p of pts) expect(Math.abs(p.geometry.coordinates[1] - (Y0 + 600))).toBeLessThanOrEqual(90 + 1e-6);
    // a ridge (the road on a crest): nothing is feasible, and the error says why
    const ridge = await dem("ridge.tif", (x) => -0.05 * Math.abs(x - xRoad));
    await expect(
      runSiting(scenario, join(root, "site-ridge"), { siting: { ...SITING, elevation: { path: ridge } }, quiet: true }),
    ).rejects.toThrow(/terrain allows none of the types/);
  });

  it("a siting: section in the scenario file is read, and its unknown keys are refused by name", async () => {
    const text = readFileSync(scenario, "utf8");
    const withSection = join(root, "study", "with-siting.yaml");
    writeFileSync(withSection, `${text}siting: { spacing_m: 400, types: [underpass], min_spacing_m: 100, max_structures: 1 }\n`);
    const s = await runSiting(withSection, join(root, "site-section"), { quiet: true });
    expect(s.candidates.every((c) => c.candidate.type === "underpass")).toBe(true);
    expect(s.plan.length).toBeLessThanOrEqual(1);
    const typo = join(root, "study", "typo.yaml");
    writeFileSync(typo, `${text}siting: { spacing: 400 }\n`);
    await expect(runSiting(typo, join(root, "site-typo"), { quiet: true })).rejects.toThrow(/siting.*spacing/);
  });
});

describe("crossway site with road mortality: fences between the structures", async () => {
  const { scenario } = await writeFixture(join(root, "mort-study"));
  writeFileSync(
    scenario,
    readFileSync(scenario, "utf8")
      .replace(
        "road: { width_m: 40, resistance: 800 }",
        "road: { width_m: 40, resistance: 800, traffic: { aadt: 7000, night_share: 0.2 } }",
      )
      .replace("analysis:\n", "mortality: { road: traffic }\nanalysis:\n"),
  );
  const out = join(root, "site-fences");
  const o = await runSiting(scenario, out, {
    siting: { spacing_m: 300, types: ["overpass"], min_spacing_m: 100, max_structures: 1, fences: true, objective: "success_probability" },
    quiet: true,
  });

  it("adds fences while they raise the success probability, each step exact against crossway run", async () => {
    expect(o.objective).toBe("success_probability");
    expect(o.fences.length).toBeGreaterThan(0);
    let last = o.plan.at(-1)!.gain;
    for (const f of o.fences) {
      expect(f.gain).toBeGreaterThan(last);
      last = f.gain;
    }
    const plan = csv(join(out, "plan.csv"));
    expect(plan.filter((p) => p.type === "fence")).toHaveLength(o.fences.length);
    const runOut = join(root, "site-fences-run");
    const r = await runScenarios(join(out, "scenarios.yaml"), runOut, { quiet: true, maps: false, solve: "full" });
    expect(r.summary.failed).toEqual([]);
    const rows = new Map(csv(join(runOut, "results.csv")).map((x) => [x.scenario, x]));
    const rel = (a: string, b: string) => Math.abs(Number(a) - Number(b)) / Math.max(Math.abs(Number(b)), 1e-12);
    plan.forEach((p, k) => {
      const x = rows.get(`plan-step-${k + 1}`)!;
      for (const col of ["effective_resistance", "success_probability", "road_deaths", "delta_success_pct"])
        expect(rel(p[col], x[col])).toBeLessThan(1e-6);
    });
  });

  it("with the effective-resistance objective fences are not tried, and the run says why", async () => {
    const e = await runSiting(scenario, join(root, "site-fences-er"), {
      siting: {
        spacing_m: 300,
        types: ["overpass"],
        min_spacing_m: 100,
        max_structures: 1,
        fences: true,
        objective: "effective_resistance",
      },
      quiet: true,
    });
    expect(e.fences).toEqual([]);
    expect(e.notes.join(" ")).toMatch(/siting\.fences: fences are not considered with the effective_resistance objective/);
  });
});
