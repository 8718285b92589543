import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeGrid, type Grid } from "../../src/grid/grid.ts";
import { writeGeoTiff } from "../../src/io/geotiff.ts";
import { loadImage, createCanvas } from "@napi-rs/canvas";
import type { ScenarioReportModel } from "../../src/render/scenario-model.ts";
import { chainageMarks, markSpacingKm, renderScenarioReport } from "../../src/render/scenario-report.ts";

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
    // Scenario currents: the baseline plus `boost` x column / width over the rows below 12, so the
    // two scenarios' differences have the same shape and a 5:1 ratio in strength.
    const cur = (boost: number) =>
      Float32Array.from({ length: w * h }, (_, i) => (focal[i] ? 5 : 0.01 + (Math.floor(i / w) >= 15 ? (boost * (i % w)) / w : 0)));
    for (const [name, b] of [
      ["baseline", 0],
      ["new-overpass", 0.5],
      ["widen", 0.1],
    ] as const) {
      await writeGeoTiff(join(dir, "grids", `${name}_current.tif`), g(cur(b)));
      await writeGeoTiff(join(dir, "grids", `${name}_resistance.tif`), g(new Float32Array(w * h).fill(3)));
      if (name !== "baseline") await writeGeoTiff(join(dir, "grids", `${name}_current_diff.tif`), g(cur(b).map((v, i) => v - cur(0)[i])));
    }
    const hw = {
      type: "FeatureCollection",
      features: [
        {
          type: "Feature",
          properties: {},
          geometry: {
            type: "LineString",
            coordinates: [
              [601500, 4700000],
              [601500, 4698000],
            ],
          },
        },
      ],
    } as ScenarioReportModel["highway"];
    const s1 = { id: "S1", label: "S1 Test underpass", type: "underpass", chainage_m: 1250, status: "existing" as const };
    const profile = Array.from({ length: 4 }, (_, i) => ({
      from_m: i * 500,
      to_m: (i + 1) * 500,
      current: [0.3, 0.1, 0.5, 0.1][i],
      through_structures: i === 2 ? 0.4 : 0,
      open_road: [0.3, 0.1, 0.1, 0.1][i],
    }));
    const row = (rank: number, scenario: string, d: number) => ({
      rank,
      scenario,
      baseline: "baseline",
      status: "ok" as const,
      effective_resistance: 10 * (1 + d / 100),
      delta_effective_resistance_pct: d,
      crossing_current_share: 0.4,
      least_cost_distance: 5000,
      delta_least_cost_pct: 0,
      cost: d ? 12 : 0,
      improvement_per_cost: -d / 12,
    });
    const model: ScenarioReportModel = {
      outDir: dir,
      name: "test",
      description: "A test study",
      species: "leopard",
      illustrative: true,
      template: g(new Float32Array(w * h)),
      focal: g(focal),
      cores: [
        { id: 1, side: "west", name: "Western forest" },
        { id: 2, side: "east", name: "Eastern hills" },
      ],
      centreline: [
        [601500, 4700000],
        [601500, 4698000],
      ],
      highway: hw,
      lonLatFrame: [
        [131.1, 42.4],
        [131.14, 42.4],
        [131.14, 42.38],
        [131.1, 42.38],
      ],
      rows: [row(1, "new-overpass", -8), row(2, "widen", -1), row(3, "baseline", 0)],
      baseline: "baseline",
      scenarios: new Map([
        ["baseline", { structures: [s1], fences: [] }],
        [
          "new-overpass",
          {
            structures: [
              s1,
              { id: "O-1", label: "O-1: overpass 60 m (proposed, km 0.5)", type: "overpass", chainage_m: 450, status: "new" as const },
            ],
            fences: [],
          },
        ],
        ["widen", { structures: [s1], fences: [{ id: "F1", from_m: 100, to_m: 900 }] }],
      ]),
      profile,
      pinchPoints: 2,
      objective: ["delta_effective_resistance_pct", "cost"],
      inputs: [{ name: "SHA-256 highway", value: "ab".repeat(32) }],
      settings: [],
      provenance: [
        { name: "crossway", value: "9.9.9" },
        { name: "Scenario engine", value: "scenario-test" },
      ],
      assumptions: [{ name: "Effectiveness of a culvert", value: "0.1" }],
      cautions: ["structure 'O-1' lies 450 m from the edge of the grid"],
      top: 2,
    };

    const path = await renderScenarioReport(model);
    expect(path).toBe(join(dir, "report.html"));
    for (const f of [
      "baseline_current",
      "new-overpass_current",
      "new-overpass_difference",
      "widen_current",
      "widen_difference",
      "baseline_resistance",
      "baseline_profile",
    ]) {
      expect(existsSync(join(dir, "maps", `${f}.png`)), f).toBe(true);
    }
    const html = readFileSync(path, "utf8");
    for (const s of ["new-overpass", "widen", "baseline"]) expect(html).toContain(`data-scenario="${s}"`);
    // Baseline once, then after + difference for each of the two scenarios, the resistance map and the profile.
    expect((html.match(/<img /g) ?? []).length).toBe(1 + 2 * 2 + 1 + 1);
    expect(html).toContain("Illustrative landscape - not survey data");
    // The note follows the model's flag (set from the data's hashes), not the prose.
    const plain = await renderScenarioReport({
      ...model,
      outDir: join(dir, "plain"),
      illustrative: false,
      description: "An illustrative study",
      top: 0,
      profile: undefined,
    });
    expect(readFileSync(plain, "utf8")).not.toContain("Illustrative landscape - not survey data");
    // Pinch points are ranked by open-road current: segment 0 (0.3) first; segment 2 carries more
    // current but mostly through the underpass.
    expect(html).toMatch(/<td class="name">P1<\/td><td>0<\/td><td>0\.5<\/td>/);
    // Provenance, full hashes, the species' assumptions and the cautions reach the page.
    expect(html).toContain("9.9.9");
    expect(html).toContain("scenario-test");
    expect(html).toContain("ab".repeat(32));
    expect(html).toContain("Effectiveness of a culvert");
    expect(html).toMatch(/id="cautions".*structure &#39;O-1&#39; lies 450 m from the edge/s);

    // One colour scale for both difference maps: at the same cell (row 16, column 28) the weaker
    // scenario (a fifth of the other's change) is drawn much paler. With a scale per map both would
    // be at the dark end of their own scale.
    const pixel = async (file: string): Promise<number> => {
      const im = await loadImage(readFileSync(join(dir, "maps", file)));
      const c = createCanvas(im.width, im.height);
      const ctx = c.getContext("2d");
      ctx.drawImage(im, 0, 0);
      const scale = 1800 / w; // drawMap's default long side over the grid's long side
      const [r, gg, b] = ctx.getImageData(48 + 28.5 * scale, 128 + 16.5 * scale, 1, 1).data;
      return Math.hypot(255 - r, 255 - gg, 255 - b); // distance from white (no change)
    };
    const strong = await pixel("new-overpass_difference.png");
    const weak = await pixel("widen_difference.png");
    expect(strong).toBeGreaterThan(100);
    expect(weak).toBeLessThan(0.45 * strong);
  }, 60_000);
});

describe("km marks along the highway", () => {
  it("about ten marks at a round spacing, on the line, from km 0", () => {
    expect(markSpacingKm(2000)).toBe(1);
    expect(markSpacingKm(49_867)).toBe(5);
    expect(markSpacingKm(150_000)).toBe(20);
    // An L-shaped line: 3 km east, then 4 km north (7 km long, marks every 1 km).
    const marks = chainageMarks([
      [0, 0],
      [3000, 0],
      [3000, 4000],
    ]);
    expect(marks.map((m) => m.label)).toEqual(["km 0", "km 1", "km 2", "km 3", "km 4", "km 5", "km 6", "km 7"]);
    expect(marks[2].x).toBeCloseTo(2000, 6);
    expect(marks[2].y).toBeCloseTo(0, 6);
    expect([marks[2].dx, marks[2].dy]).toEqual([1, 0]);
    expect(marks[5].x).toBeCloseTo(3000, 6);
    expect(marks[5].y).toBeCloseTo(2000, 6);
    expect(marks[5].dy).toBeCloseTo(1, 6);
  });
});
