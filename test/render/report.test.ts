import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadImage, createCanvas } from "@napi-rs/canvas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "../support/tools.ts";
import { makeGrid } from "../../src/grid/grid.ts";
import { renderProfileChart } from "../../src/render/chart.ts";
import { mapKind } from "../../src/render/kinds.ts";
import { renderMap } from "../../src/render/map.ts";
import { reportHtml, writeReport, type ReportData } from "../../src/render/report.ts";

const dir = mkdtempSync(join(tmpdir(), "crossway-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = [
  {
    rank: 1,
    scenario: "overpass <north> & fence",
    effective_resistance: 81.2,
    delta_effective_resistance_pct: -18.8,
    crossing_current_share: 0.61,
    least_cost_distance: 5400,
    delta_least_cost_pct: -9.5,
    cost: 12,
    improvement_per_cost: 1.567,
  },
  {
    rank: 2,
    scenario: "two underpasses",
    effective_resistance: 90.1,
    delta_effective_resistance_pct: -9.9,
    crossing_current_share: 0.45,
    least_cost_distance: 5800,
    delta_least_cost_pct: -2.8,
    cost: 6,
    improvement_per_cost: 1.65,
  },
  {
    rank: 3,
    scenario: "baseline",
    effective_resistance: 100,
    delta_effective_resistance_pct: 0,
    crossing_current_share: 0.3,
    least_cost_distance: 5967,
    delta_least_cost_pct: 0,
    cost: 0,
    improvement_per_cost: 0,
  },
  {
    rank: 4,
    scenario: "remove culvert",
    effective_resistance: 103.5,
    delta_effective_resistance_pct: 3.5,
    crossing_current_share: 0.22,
    least_cost_distance: 6100,
    delta_least_cost_pct: 2.2,
    cost: 0,
    improvement_per_cost: 0,
  },
];

let data: ReportData;
beforeAll(async () => {
  const w = 40;
  const h = 30;
  const base = new Float32Array(w * h);
  const after = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) {
    base[i] = 1e-3 * (1 + (i % w));
    after[i] = base[i] * (i % w > 20 ? 1.4 : 0.9);
  }
  const T: [number, number, number, number, number, number] = [500000, 200, 0, 4800000, 0, -200];
  const g = (d: Float32Array) => makeGrid(w, h, d, { transform: T, crs: { epsg: 32652 } });
  const diff = after.map((v, i) => v - base[i]);
  const common = { ...mapKind("current"), illustrative: true, longSide: 1600 };
  const before = await renderMap({ grid: g(base), ...common, title: "Baseline" });
  const afterPng = await renderMap({ grid: g(after), ...common, title: "overpass north" });
  const diffPng = await renderMap({ grid: g(diff), ...mapKind("difference"), illustrative: true, longSide: 1600, title: "Difference" });
  const profile = await renderProfileChart({
    title: "Road profile",
    fromKm: [0, 1, 2, 3],
    toKm: [1, 2, 3, 4],
    current: [0.1, 0.4, 0.2, 0.05],
    width: 1600,
    height: 700,
  });
  data = {
    title: "Crossings over the A-189: scenario report",
    subtitle: "Leopard profile, 4 scenarios",
    illustrative: true,
    rows,
    comparisons: [
      {
        scenario: rows[0].scenario,
        before: { title: "Baseline", png: before },
        after: { title: rows[0].scenario, png: afterPng },
        difference: { title: "Difference", png: diffPng },
      },
    ],
    profile: { title: "Road profile", png: profile },
    pinchPoints: [{ label: "P1", from_km: 1, to_km: 2, current: 0.4 }],
    inputs: [{ name: "Resistance", value: "data/habitat.tif" }],
    settings: [{ name: "Neighbours", value: "8" }],
    costUnit: "million RUB",
  };
});

describe("report.html", () => {
  it("holds every scenario row, escaped, and embeds its images", () => {
    const html = reportHtml(data);
    for (const r of rows)
      expect(html).toContain(`data-scenario="${r.scenario.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}"`);
    expect(html).not.toContain("<north>");
    expect((html.match(/<img /g) ?? []).length).toBe(4);
    expect(html).not.toMatch(/src="(?!data:)/); // nothing fetched from outside
    expect(html).not.toMatch(/<link /);
    expect(html).toContain("Illustrative landscape - not survey data");
    expect(html).toContain("\u221218.8%");
  });

  it("is written atomically into the folder, leaving no temp files", async () => {
    const out = join(dir, "out");
    const path = await writeReport(out, data);
    expect(path).toBe(join(out, "report.html"));
    expect(readdirSync(out)).toEqual(["report.html"]);
    expect(readFileSync(path, "utf8")).toBe(reportHtml(data));
  });

  it.skipIf(!CHROMIUM)(
    "renders in headless Chromium: every image loads and every scenario is in the table",
    async () => {
      const path = await writeReport(join(dir, "chrome"), data);
      const flags = (profile: string) => [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${mkdtempSync(join(dir, profile))}`,
      ];
      const dom = spawnSync(CHROMIUM!, [...flags("p1-"), "--dump-dom", `file://${path}`], {
        encoding: "utf8",
        timeout: 90_000,
        maxBuffer: 64 << 20,
      });
      expect(dom.status, dom.stderr).toBe(0);
      const imgs = dom.stdout.match(/<img [^>]*>/g) ?? [];
      expect(imgs.length).toBe(4);
      for (const tag of imgs) {
        expect(tag).toContain('data-loaded="yes"');
        expect(Number(/data-natural-width="(\d+)"/.exec(tag)?.[1])).toBeGreaterThanOrEqual(1600);
      }
      const tableRows = dom.stdout.match(/<tr class="[^"]*" data-scenario="[^"]*">/g) ?? [];
      expect(tableRows.length).toBe(rows.length);

      const shot = join(dir, "report.png");
      const s = spawnSync(
        CHROMIUM!,
        [...flags("p2-"), `--screenshot=${shot}`, "--window-size=1400,3000", "--hide-scrollbars", `file://${path}`],
        { encoding: "utf8", timeout: 90_000 },
      );
      expect(s.status, s.stderr).toBe(0);
      const img = await loadImage(readFileSync(shot));
      expect([img.width, img.height]).toEqual([1400, 3000]);
      // Not a blank page: the screenshot has many distinct colours (maps, table, text).
      const c = createCanvas(img.width, img.height);
      const ctx = c.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, img.width, img.height).data;
      const colours = new Set<number>();
      for (let i = 0; i < px.length; i += 4 * 97) colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
      expect(colours.size).toBeGreaterThan(200);
    },
    200_000,
  );
});
