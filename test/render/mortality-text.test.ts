import { createCanvas, loadImage } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { fenceParagraphs, rankByDeaths, type MortalityRow } from "../../src/render/mortality-text.ts";
import { reportHtml, type ReportRow } from "../../src/render/report.ts";
import { renderRoadKillChart } from "../../src/render/roadkill-chart.ts";

const row = (
  scenario: string,
  er: number,
  dEr: number,
  deaths: number,
  dD: number,
  success: number,
  dS: number,
  cost = 1,
): MortalityRow => ({
  scenario,
  baseline: "baseline",
  status: "ok",
  effective_resistance: er,
  delta_effective_resistance_pct: dEr,
  road_deaths: deaths,
  delta_road_deaths_pct: dD,
  success_probability: success,
  delta_success_pct: dS,
  cost,
});

const rows: MortalityRow[] = [
  row("baseline", 100, 0, 0.9, 0, 0.1, 0, 0),
  row("overpass", 95, -5, 0.89, -1.11, 0.11, 10, 12),
  row("fence", 105.91, 5.91, 0.8894, -1.18, 0.109, 9, 1.5),
  row("leaky-fence", 101, 1, 0.95, 5.56, 0.09, -10, 1),
];
const scenarios = new Map([
  ["baseline", { fences: [], structures: [{ status: "existing" }] }],
  ["overpass", { fences: [], structures: [{ status: "existing" }, { status: "new" }] }],
  ["fence", { fences: [{ id: "F", from_m: 13000, to_m: 18000 }], structures: [{ status: "existing" }] }],
  ["leaky-fence", { fences: [{ id: "G", from_m: 2000, to_m: 2500 }], structures: [{ status: "existing" }] }],
]);

describe("road deaths in plain words", () => {
  it("ranks by road deaths, fewest first, leaving out failed and unscored rows", () => {
    const ranked = rankByDeaths([...rows, { ...row("broken", 1, 0, 0.1, 0, 0, 0), status: "failed" }, row("nan", 1, 0, NaN, 0, 0, 0)]);
    expect(ranked.map((r) => r.scenario)).toEqual(["fence", "overpass", "baseline", "leaky-fence"]);
  });

  it("one paragraph per fence scenario, its words chosen by the signs of the numbers", () => {
    const [fence, leaky] = fenceParagraphs(rows, scenarios);
    expect(fenceParagraphs(rows, scenarios)).toHaveLength(2);
    expect(fence).toContain("fences km 13-18");
    expect(fence).toContain("rises by 5.91 % (worse for movement)");
    expect(fence).toContain("road deaths fall by 1.18 % (0.900 to 0.889");
    expect(fence).toContain("rises by 9.00 % (0.100 to 0.109)");
    // by resistance: overpass 95, baseline 100, leaky 101, fence 105.91; by deaths: fence first
    expect(fence).toContain("ranks 4 of 4; judged on road deaths it ranks 1 of 4");
    expect(fence).toContain("would call this fence harmful");
    expect(leaky).toContain("road deaths rise by 5.56 %");
    expect(leaky).toContain("cross at its ends");
    expect(leaky).toContain("falls by 10.00 %");
    expect(leaky).not.toContain("harmful");
  });

  it("a fence that comes with structures and lowers resistance says so", () => {
    const combo = row("combo", 99, -1, 0.88, -2.2, 0.12, 20, 15);
    const [p] = fenceParagraphs(
      [rows[0], combo],
      new Map([["combo", { fences: [{ id: "F", from_m: 0, to_m: 500 }], structures: [{ status: "new" }] }]]),
    );
    expect(p).toContain("together with new or rebuilt structures");
    expect(p).toContain("falls by 1.00 % (better for movement): the structures it comes with open more routes");
  });

  it("report.html: mortality columns, the ranking by deaths and the paragraphs, only with a mortality block", () => {
    const reportRows: ReportRow[] = rows.map((r, k) => ({
      ...r,
      rank: k + 1,
      crossing_current_share: 0.5,
      least_cost_distance: 10,
      delta_least_cost_pct: 0,
      improvement_per_cost: 0,
      road_deaths_avoided_pct_per_cost: -(r.delta_road_deaths_pct ?? 0) / (r.cost || 1),
    }));
    const html = reportHtml({
      title: "t",
      rows: reportRows,
      mortality: { paragraphs: fenceParagraphs(rows, scenarios), charts: [], maps: [] },
    });
    expect(html).toContain('id="deaths-table"');
    const table = html.slice(html.indexOf('id="deaths-table"'));
    const order = ["fence", "overpass", "baseline", "leaky-fence"].map((n) => table.indexOf(`data-scenario="${n}"`));
    expect(order.every((p, i) => p > 0 && (i === 0 || p > order[i - 1]))).toBe(true);
    expect(html).toContain("Chance of crossing alive");
    expect(html).toContain("would call this fence harmful");
    const plain = reportHtml({ title: "t", rows: reportRows.map(({ road_deaths: _d, success_probability: _s, ...r }) => r) });
    expect(plain).not.toContain("deaths-table");
    expect(plain).not.toContain("Chance of crossing alive");
  });
});

describe("road-kill chart", () => {
  it("draws the baseline bars, the scenario's line and the fenced stretch where they belong", async () => {
    const n = 20;
    const fromKm = Array.from({ length: n }, (_, i) => i);
    const toKm = fromKm.map((k) => k + 1);
    const baseline = fromKm.map((k) => (k === 3 ? 1 : 0.2));
    const png = await renderRoadKillChart({
      title: "Road deaths",
      fromKm,
      toKm,
      baseline,
      scenario: { name: "fence", deaths: baseline.map((v, i) => (i >= 10 && i < 15 ? 0 : v)) },
      fences: [{ fromKm: 10, toKm: 15 }],
      width: 1000,
      height: 600,
    });
    const img = await loadImage(png);
    expect([img.width, img.height]).toEqual([1000, 600]);
    const ctx = createCanvas(1000, 600).getContext("2d");
    ctx.drawImage(img, 0, 0);
    const at = (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3));
    // plot area: x 130..950 for km 0..20; y 160..470. Above the bars (y = 200), inside the fence (km 12.5)
    // the shade (faint red on white); outside it (km 7.5) white.
    const xOf = (km: number) => Math.round(130 + (km / 20) * 820);
    const shade = at(xOf(12.5), 200);
    expect(shade[0]).toBeGreaterThan(shade[2] + 10);
    expect(at(xOf(7.5), 200)).toEqual([255, 255, 255]);
    // the tall baseline bar at km 3-4 reaches high (bar colour near the top of the plot)
    const bar = at(xOf(3.5), 200);
    expect(bar[0]).toBeGreaterThan(150);
    expect(bar[1]).toBeLessThan(120);
  });

  it("rejects arrays of different lengths", async () => {
    await expect(renderRoadKillChart({ title: "x", fromKm: [0, 1], toKm: [1, 2], baseline: [1] })).rejects.toThrow(/same length/);
  });
});
