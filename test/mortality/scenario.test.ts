import { describe, expect, it } from "vitest";
import { evaluateScenario } from "../../src/scenario/evaluate.ts";
import type { ResolvedMortality } from "../../src/mortality/traffic.ts";
import { compare, summarize } from "../../src/scenario/metrics.ts";
import { analysis, scenario, synthLandscape } from "../scenario/synthetic.ts";

const ls = synthLandscape();
const roadLen = ls.line.length;

function withMortality(sc: ReturnType<typeof scenario>, q: number, background = 0): ReturnType<typeof scenario> {
  const m: ResolvedMortality = {
    background,
    cells_per_crossing: 2,
    road: [{ from_m: 0, to_m: roadLen, aadt: null, p_crossing: 1 - (1 - q) ** 2, q_cell: q }],
    tolerance: 1e-12,
    kill_width_m: null,
    crossing_speed_m_s: null,
  };
  return { ...sc, mortality: m };
}

describe("mortality in scenario evaluation", () => {
  it("conservation per direction: success + deaths = 1, and road deaths = the segments' sum", () => {
    const ev = evaluateScenario(ls, withMortality(scenario(null), 0.2, 0.001), analysis({ tolerance: 1e-10 }), { keepGrids: true });
    const across = ev.pairs.filter((p) => p.across);
    expect(across).toHaveLength(2);
    let road = 0;
    for (const p of across) {
      expect(p.success_ab! + 0).toBeGreaterThan(0);
      // deaths (all causes) + success = 1 in both directions, so also for their means
      expect(Math.abs(p.success_probability! + p.deaths! - 1)).toBeLessThan(1e-9);
      expect(p.road_deaths!).toBeLessThan(p.deaths!);
      road += p.road_deaths!;
    }
    const seg = ev.profile.reduce((s, x) => s + (x.road_deaths ?? 0), 0);
    expect(Math.abs(seg - road)).toBeLessThan(1e-12);
    // the road-kill grid: per road cell, adding up to the segments (and the pairs); NaN off the road
    const deaths = ev.roadDeathsGrid!;
    const onRoad = new Set(ls.road.cells);
    let cells = 0;
    for (let i = 0; i < deaths.length; i++) {
      if (onRoad.has(i)) {
        expect(deaths[i]).toBeGreaterThanOrEqual(0);
        cells += deaths[i];
      } else expect(deaths[i]).toBeNaN();
    }
    expect(Math.abs(cells - road)).toBeLessThan(1e-12);
    // the mortality grid: q on the road, background elsewhere, 0 on cores
    const q = ev.mortalityGrid!;
    expect(q[ls.road.cells[0]]).toBeCloseTo(1 - 0.8 * 0.999, 14);
    expect(q[10 * 40 + 3]).toBe(0); // core 1
    expect(q[5 * 40 + 10]).toBe(0.001);
  });

  it("q = 0: success 1, no road deaths, the circuit columns unchanged", () => {
    const a = analysis({ tolerance: 1e-10 });
    const plain = evaluateScenario(ls, scenario(null), a);
    const ev = evaluateScenario(ls, withMortality(scenario(null), 0), a);
    for (const [k, p] of ev.pairs.entries()) {
      if (!p.across) continue;
      expect(Math.abs(p.success_probability! - 1)).toBeLessThan(1e-9);
      expect(p.road_deaths).toBe(0);
      expect(p.effective_resistance).toBe(plain.pairs[k].effective_resistance);
      expect(p.crossing_total).toBe(plain.pairs[k].crossing_total);
    }
  });

  it("a fence: no deaths on its stretch, an opening through a structure raises success and cuts road deaths", () => {
    const a = analysis({ tolerance: 1e-10 });
    const base = evaluateScenario(ls, withMortality(scenario(null), 0.3), a);
    const fenced = evaluateScenario(ls, withMortality(scenario({ fences: [{ id: "f", from_m: 60, to_m: 180, cost_musd: 1 }] }), 0.3), a);
    for (const s of fenced.profile) {
      // a segment wholly inside the fence has no open road cell left: nobody dies there
      if (s.from_m >= 60 && s.to_m <= 180) expect(s.road_deaths).toBe(0);
    }
    const outside = fenced.profile.filter((s) => s.to_m <= 40 || s.from_m >= 200);
    expect(outside.some((s) => (s.road_deaths ?? 0) > 0)).toBe(true);
    // Fence the whole road, open one overpass: every survivor crosses the overpass, nobody dies on the road.
    const gap = evaluateScenario(
      ls,
      withMortality(
        scenario({
          add: [{ id: "o", type: "overpass", chainage_m: 120, width_m: 20, effectiveness: 1, cost_musd: 1 }],
          fences: [{ id: "f", from_m: 0, to_m: roadLen, cost_musd: 0 }],
        }),
        0.3,
      ),
      a,
    );
    const sb = summarize(base.pairs, 0);
    const sg = summarize(gap.pairs, 1);
    expect(sg.road_deaths).toBe(0);
    expect(sg.success_probability).toBeCloseTo(1, 9);
    expect(sb.success_probability).toBeLessThan(1);
    const row = compare("gap", sg, sb);
    expect(row.delta_road_deaths_pct).toBe(-100);
    expect(row.road_deaths_avoided_pct_per_cost).toBe(100);
    expect(row.delta_success_pct).toBeCloseTo((100 * (sg.success_probability - sb.success_probability)) / sb.success_probability, 12);
  });

  it("q = 1 on the whole road: success 0 with a warning, not NaN", () => {
    const ev = evaluateScenario(ls, withMortality(scenario(null), 1), analysis());
    for (const p of ev.pairs.filter((x) => x.across)) {
      expect(p.success_probability).toBe(0);
      expect(Math.abs(p.road_deaths! - 1)).toBeLessThan(1e-9);
    }
    expect(ev.warnings!.some((w) => /mortality 1/.test(w))).toBe(true);
  });
});
