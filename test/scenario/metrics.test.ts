import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateScenario } from "../../src/scenario/evaluate.ts";
import { compare, rank, summarize } from "../../src/scenario/metrics.ts";
import { analysis, H, CELL, scenario, synthLandscape } from "./synthetic.ts";

const ls = synthLandscape();
const roadLen = H * CELL + 40;

describe("crossing current on a road across the whole landscape", () => {
  it("every cross-road 1 A solve sends exactly 1 A across the centreline, west to east", () => {
    const ev = evaluateScenario(ls, scenario(null), analysis());
    const across = ev.pairs.filter((p) => p.across);
    expect(across.map((p) => [p.a, p.b])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    for (const p of across) expect(p.crossing_total).toBeCloseTo(1, 6);
    // Profile: summed over the 2 pairs, all current crosses somewhere along the road.
    const sum = ev.profile.reduce((s, g) => s + g.current, 0);
    expect(sum).toBeCloseTo(2, 6);
    expect(ev.profile.every((g) => g.through_structures === 0)).toBe(true);
  });

  it("a fenced road with one gap carries all the current through the gap (share = 1)", () => {
    const sc = scenario({
      add: [{ id: "gap", type: "overpass", chainage_m: 120, width_m: 10, cost_musd: 2 }],
      fences: [{ id: "f", from_m: 0, to_m: roadLen, cost_musd: 1 }],
    });
    const ev = evaluateScenario(ls, sc, analysis());
    const s = summarize(ev.pairs, sc.cost);
    expect(s.crossing_current_share).toBeCloseTo(1, 9);
    expect(s.structure_current.gap).toBeCloseTo(1, 6);
    expect(s.cost).toBe(3);
    // The gap's segment carries it all.
    const seg = ev.profile.find((g) => g.structures.includes("gap"))!;
    expect(seg.through_structures).toBeCloseTo(2, 6);
    expect(seg.open_road).toBe(0);
  });

  it("a fenced road with no gap disconnects the sides: effective resistance is infinite", () => {
    const ev = evaluateScenario(ls, scenario({ fences: [{ id: "f", from_m: 0, to_m: roadLen, cost_musd: 0 }] }), analysis());
    const s = summarize(ev.pairs, 0);
    expect(s.effective_resistance).toBe(Infinity);
    expect(s.disconnected_pairs).toBe(2);
  });

  it("without a fence, a structure takes a share between 0 and 1 and lowers effective resistance", () => {
    const base = summarize(evaluateScenario(ls, scenario(null), analysis()).pairs, 0);
    const sc = scenario({ add: [{ id: "o", type: "overpass", chainage_m: 120, width_m: 30, cost_musd: 4 }] });
    const s = summarize(evaluateScenario(ls, sc, analysis()).pairs, sc.cost);
    expect(s.crossing_current_share).toBeGreaterThan(0.1);
    expect(s.crossing_current_share).toBeLessThan(1);
    const row = compare("o", s, base);
    expect(row.delta_effective_resistance_pct).toBeLessThan(0);
    expect(row.improvement_per_cost).toBeCloseTo(-row.delta_effective_resistance_pct / 4, 12);
    expect(compare("baseline", base, base).delta_effective_resistance_pct).toBe(0);
  });
});

describe("Rayleigh monotonicity of the scenario effective resistance", () => {
  const small = synthLandscape({ land: (c, r) => 1 + ((c * 7 + r * 13) % 5) });
  const struct = fc.record({
    chainage: fc.integer({ min: 0, max: roadLen }),
    width: fc.integer({ min: 1, max: 60 }),
    eff: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  it("adding a crossing never raises it; removing one never lowers it", () => {
    fc.assert(
      fc.property(fc.array(struct, { minLength: 0, maxLength: 3 }), struct, (existingSpec, extra) => {
        const existing = existingSpec.map((s, i) => ({
          id: `e${i}`,
          type: "underpass" as const,
          chainage_m: s.chainage,
          width_m: s.width,
          effectiveness: s.eff,
        }));
        const before = summarize(evaluateScenario(small, scenario(null, existing), analysis()).pairs, 0).effective_resistance;
        const added = scenario(
          {
            add: [
              { id: "new", type: "overpass", chainage_m: extra.chainage, width_m: extra.width, effectiveness: extra.eff, cost_musd: 1 },
            ],
          },
          existing,
        );
        const after = summarize(evaluateScenario(small, added, analysis()).pairs, 1).effective_resistance;
        expect(after).toBeLessThanOrEqual(before * (1 + 1e-7));
        if (existing.length) {
          const removed = scenario({ remove: ["e0"] }, existing);
          const afterRemove = summarize(evaluateScenario(small, removed, analysis()).pairs, 0).effective_resistance;
          expect(afterRemove).toBeGreaterThanOrEqual(before * (1 - 1e-7));
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe("ranking", () => {
  const row = (scenario: string, d: number, cost: number) => ({
    ...summarize([], cost),
    scenario,
    delta_effective_resistance_pct: d,
    delta_least_cost_pct: 0,
    improvement_per_cost: cost > 0 ? -d / cost : NaN,
    delta_success_pct: NaN,
    delta_road_deaths_pct: NaN,
    road_deaths_avoided_pct_per_cost: NaN,
  });
  it("orders by the objective, then cost, then name; NaN last", () => {
    const rows = [row("baseline", 0, 0), row("b", -10, 5), row("a", -10, 3), row("c", -20, 9), row("d", NaN, 1)];
    const ranked = rank(rows, ["delta_effective_resistance_pct", "cost"]);
    expect(Object.fromEntries(ranked.map((r) => [r.scenario, r.rank]))).toEqual({ c: 1, a: 2, b: 3, baseline: 4, d: 5 });
    const byValue = rank(rows, ["improvement_per_cost"]);
    expect(byValue.find((r) => r.rank === 1)!.scenario).toBe("a");
  });

  it("a larger crossing current share ranks first", () => {
    const shares: [string, number][] = [
      ["low", 0.2],
      ["high", 0.6],
      ["mid", 0.4],
      ["none", NaN],
    ];
    // Same cost everywhere, so only the share decides.
    const rows = shares.map(([n, share]) => ({ ...row(n, 0, 1), crossing_current_share: share }));
    const ranked = rank(rows, ["crossing_current_share"]);
    expect(Object.fromEntries(ranked.map((r) => [r.scenario, r.rank]))).toEqual({ high: 1, mid: 2, low: 3, none: 4 });
  });
});

describe("summaries and deltas against hand values", () => {
  const pair = (a: number, b: number, across: boolean, er: number, lcd: number) => ({
    a,
    b,
    across,
    effective_resistance: er,
    least_cost_distance: lcd,
    least_cost_crossing: "",
    crossing_total: 1,
    crossing_structures: 0,
    structure_current: {},
  });

  it("percent changes are taken against the baseline", () => {
    const base = summarize([pair(1, 2, true, 150, 300), pair(2, 3, true, 250, 500)], 0); // means 200 and 400
    const s = summarize([pair(1, 2, true, 100, 400), pair(2, 3, true, 200, 600)], 5); // means 150 and 500
    const row = compare("s", s, base);
    expect(row.delta_effective_resistance_pct).toBeCloseTo(-25, 12); // (150 - 200) / 200
    expect(row.delta_least_cost_pct).toBeCloseTo(25, 12); // (500 - 400) / 400
    expect(row.improvement_per_cost).toBeCloseTo(5, 12); // 25 % / 5 MUSD
  });

  it("a cross-road pair left unreachable makes the least-cost distance infinite, not a mean over the others", () => {
    const reachable = summarize([pair(1, 2, true, 10, 100), pair(2, 3, true, 10, 300), pair(1, 3, false, 10, -1)], 0);
    // The pair on one side (1-3) does not count, reachable or not.
    expect(reachable.least_cost_distance).toBe(200);
    const cut = summarize([pair(1, 2, true, 10, 100), pair(2, 3, true, 10, -1)], 0);
    expect(cut.least_cost_distance).toBe(Infinity);
    expect(compare("cut", cut, reachable).delta_least_cost_pct).toBe(Infinity);
  });
});

describe("least-cost metrics", () => {
  it("the path goes through the only gap of a fenced road; its cost is found by hand", () => {
    // Uniform land 1, 8 neighbours, cell 10 m: the straight path from core 1 (cols 2-5, rows 8-15)
    // to core 2 (cols 34-37) crosses cols 6..33 on one row: 29 orthogonal steps through resistance 1
    // except the structure cells (2 cells wide across the road at col 19-20).
    const sc = scenario({
      add: [{ id: "gap", type: "overpass", chainage_m: 120, width_m: 10, effectiveness: 1, cost_musd: 1 }],
      fences: [{ id: "f", from_m: 0, to_m: roadLen, cost_musd: 0 }],
    });
    const ev = evaluateScenario(ls, sc, analysis({ least_cost: true }));
    const p12 = ev.pairs.find((p) => p.a === 1 && p.b === 2)!;
    expect(p12.least_cost_crossing).toBe("gap");
    // effectiveness 1 gives the road cells the land's resistance 1: 29 steps of 10 m at cost 1.
    expect(p12.least_cost_distance).toBeCloseTo(290, 9);
    const open = evaluateScenario(ls, scenario(null), analysis({ least_cost: true }));
    const q = open.pairs.find((p) => p.a === 1 && p.b === 2)!;
    expect(q.least_cost_crossing).toBe("open road");
    // Two road cells (cols 19 and 20) at 1000: steps 18->19, 19->20, 20->21 cost (1+1000)/2*10, 1000*10, (1000+1)/2*10.
    expect(q.least_cost_distance).toBeCloseTo(26 * 10 + 5005 + 10000 + 5005, 6);
  });
});

describe("the road band blocks in full", () => {
  it("every step across the centreline joins two road cells", () => {
    const road = new Set(ls.road.cells);
    for (let k = 0; k < ls.edges.count; k++) {
      expect(road.has(ls.edges.west[k])).toBe(true);
      expect(road.has(ls.edges.east[k])).toBe(true);
    }
  });
  it("effective resistance is at least the cut bound 1 / (sum of crossing-edge conductances)", () => {
    // All current crosses the cut of crossing edges; each joins two road cells of resistance 1e6,
    // so g <= 1e-6 and ER >= 1 / (count * 1e-6) - a one-cell-thick road would leak far below this.
    const sc = scenario(null, [], { road_resistance: 1e6 });
    // (tolerance 1e-6: the solver's direct path cannot reach 1e-11 at a 1e6 contrast)
    const s = summarize(evaluateScenario(ls, sc, analysis({ tolerance: 1e-6 })).pairs, 0);
    expect(s.effective_resistance).toBeGreaterThanOrEqual(1 / (ls.edges.count * 1e-6));
  });
});
