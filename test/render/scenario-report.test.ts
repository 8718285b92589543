import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeGrid, type Grid } from "../../src/grid/grid.ts";
import { writeGeoTiff } from "../../src/io/geotiff.ts";
import type { Report } from "../../src/scenario/report.ts";
import type { Job, Study } from "../../src/scenario/study.ts";
import { renderScenarioReport } from "../../src/render/scenario-report.ts";

const dir = mkdtempSync(join(tmpdir(), "crossway-scn-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A hand-made run folder: 30 x 20 cells of 100 m, a north-south road at x = 1500 m, core 1 west and
 * core 2 east, a baseline and two scenarios. Only the fields the report reads are filled in.
 */
describe("renderScenarioReport", () => {
  it("writes maps of the baseline and the top scenarios, the profile chart and report.html", async () => {
    const w = 30;
    const h = 20;
    const T: [number, number, number, number, number, number] = [600000, 100, 0, 4700000, 0, -100];
    const crs = { epsg: 32652 };
    const g = (d: Float32Array): Grid => makeGrid(w, h, d, { transform: T, crs });
    const focal = new Float32Array(w * h);
    for (let r = 5; r < 10; r++) for (let c = 2; c < 6; c++) focal[r * w + c] = 1;
    for (let r = 8; r < 14; r++) for (let c = 24; c < 28; c++) focal[r * w + c] = 2;
    const cur = (boost: number) => Float32Array.from({ length: w * h }, (_, i) => (focal[i] ? 5 : 0.01 + (i % w === 15 && Math.floor(i / w) === 4 ? boost : 0)));
    for (const [name, b] of [["baseline", 0], ["new-overpass", 0.5], ["widen", 0.1]] as const) {
      await writeGeoTiff(join(dir, "grids", `${name}_current.tif`), g(cur(b)));
      await writeGeoTiff(join(dir, "grids", `${name}_resistance.tif`), g(new Float32Array(w * h).fill(3)));
      if (name !== "baseline") await writeGeoTiff(join(dir, "grids", `${name}_current_diff.tif`), g(cur(b).map((v, i) => v - cur(0)[i])));
    }
    writeFileSync(join(dir, "hw.geojson"), JSON.stringify({ type: "FeatureCollection", crs: { type: "name", properties: { name: "EPSG:32652" } }, features: [{ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: [[601500, 4700000], [601500, 4698000]] } }] }));
    const structures = [{ id: "S1", type: "underpass", chainage_m: 1250, width_m: 20, effectiveness: 0.5, cost_musd: 0, status: "existing" }];
    const job = (name: string, extra: object[] = []): Job => ({ name, baseline: "baseline", landKey: "l", key: `k-${name}`, scenario: { name, structures: [...structures, ...extra], fences: [], parameters: {}, cost: 0 } }) as unknown as Job;
    const jobs = [job("baseline"), job("new-overpass", [{ id: "O-1", type: "overpass", chainage_m: 450, width_m: 60, effectiveness: 0.9, cost_musd: 12, status: "new" }]), job("widen")];
    const profile = Array.from({ length: 4 }, (_, i) => ({ segment: i, from_m: i * 500, to_m: (i + 1) * 500, current: [0.3, 0.1, 0.5, 0.1][i], through_structures: i === 2 ? 0.4 : 0, open_road: [0.3, 0.1, 0.1, 0.1][i], structures: [] }));
    const row = (rank: number, scenario: string, d: number) => ({ rank, scenario, baseline: "baseline", status: "ok", effective_resistance: 10 * (1 + d / 100), delta_effective_resistance_pct: d, crossing_current_share: 0.4, least_cost_distance: 5000, delta_least_cost_pct: 0, cost: d ? 12 : 0, improvement_per_cost: -d / 12, structure_current: {}, cross_pairs: 1, disconnected_pairs: 0, interventions: "", parameters: {} });
    const report = {
      rows: [row(1, "new-overpass", -8), row(2, "widen", -1), row(3, "baseline", 0)],
      results: new Map([["k-baseline", { key: "k-baseline", scenario: jobs[0].scenario, evaluation: { profile }, seconds: 1 }]]),
    } as unknown as Report;
    const study = {
      file: join(dir, "scn.yaml"),
      config: {
        name: "test",
        description: "Illustrative landscape for a test",
        species: "leopard",
        landscape: { highway: "hw.geojson", road: { width_m: 30 }, cores: { raster: "cores.tif" } },
        analysis: { neighbours: 8, tolerance: 1e-6, pairs: "across", segment_length_m: 500, pinch_points: 2, objective: ["delta_effective_resistance_pct", "cost"] },
      },
      landscape: { template: g(new Float32Array(w * h)), focal: g(focal), cores: [{ id: 1, side: "west" }, { id: 2, side: "east" }] },
      centreline: [[601500, 4700000], [601500, 4698000]],
      inputHashes: { highway: "abcdef0123456789abcdef" },
    } as unknown as Study;

    const path = await renderScenarioReport({ study, jobs, report, outDir: dir, top: 2 });
    expect(path).toBe(join(dir, "report.html"));
    for (const f of ["baseline_current", "new-overpass_current", "new-overpass_difference", "widen_current", "widen_difference", "baseline_resistance", "baseline_profile"]) {
      expect(existsSync(join(dir, "maps", `${f}.png`)), f).toBe(true);
    }
    const html = readFileSync(path, "utf8");
    for (const s of ["new-overpass", "widen", "baseline"]) expect(html).toContain(`data-scenario="${s}"`);
    // Baseline once, then after + difference for each of the two scenarios, the resistance map and the profile.
    expect((html.match(/<img /g) ?? []).length).toBe(1 + 2 * 2 + 1 + 1);
    expect(html).toContain("Illustrative landscape - not survey data");
    // Pinch points are ranked by open-road current: segment 0 (0.3) first; segment 2 carries more
    // current but mostly through the underpass.
    expect(html).toMatch(/<td class="name">P1<\/td><td>0<\/td><td>0\.5<\/td>/);
  }, 60_000);
});
