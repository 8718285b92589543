import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateIncremental } from "../../src/incremental/evaluate.ts";
import { buildModelFor } from "../../src/incremental/scenario-model.ts";
import type { ResolvedMortality } from "../../src/mortality/traffic.ts";
import { type Evaluation, evaluateScenario } from "../../src/scenario/evaluate.ts";
import type { ExistingStructure, ResolvedScenario } from "../../src/scenario/resolve.ts";
import { analysis, roughLand, scenario, synthLandscape } from "../scenario/synthetic.ts";

// A roughLand land (resistance 1..200, a fixed pseudo-random field), so that nothing is symmetric.
const existing: ExistingStructure[] = [
  { id: "e0", type: "underpass", chainage_m: 60, width_m: 10 },
  { id: "e1", type: "culvert", chainage_m: 190, width_m: 5 },
];

function withMortality(sc: ResolvedScenario, q: number, background = 0): ResolvedScenario {
  const m: ResolvedMortality = {
    background,
    cells_per_crossing: 2,
    road: [
      { from_m: 0, to_m: 120, aadt: null, p_crossing: 1 - (1 - q) ** 2, q_cell: q },
      { from_m: 120, to_m: 1e9, aadt: null, p_crossing: 1 - (1 - 2 * q) ** 2, q_cell: 2 * q },
    ],
    tolerance: 1e-12,
    kill_width_m: null,
    crossing_speed_m_s: null,
  };
  return { ...sc, mortality: m };
}

/** Relative difference, with an absolute floor for numbers that are ~0 (currents through a closed structure). */
function close(a: number, b: number, floor: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), floor);
}

function expectSame(inc: Evaluation, full: Evaluation, tol: number): void {
  expect(inc.pairs.length).toBe(full.pairs.length);
  for (const [k, f] of full.pairs.entries()) {
    const p = inc.pairs[k];
    expect([p.a, p.b]).toEqual([f.a, f.b]);
    expect(close(p.effective_resistance, f.effective_resistance, 1)).toBeLessThan(tol);
    if (!f.across) continue;
    expect(close(p.crossing_total, f.crossing_total, 1)).toBeLessThan(tol);
    expect(close(p.crossing_structures, f.crossing_structures, 1)).toBeLessThan(tol);
    for (const id of Object.keys(f.structure_current)) expect(close(p.structure_current[id], f.structure_current[id], 1)).toBeLessThan(tol);
    if (f.success_ab !== undefined) {
      expect(close(p.success_ab!, f.success_ab, 1e-3)).toBeLessThan(tol);
      expect(close(p.success_ba!, f.success_ba!, 1e-3)).toBeLessThan(tol);
      expect(close(p.road_deaths_ab!, f.road_deaths_ab!, 1e-3)).toBeLessThan(tol);
      expect(close(p.road_deaths_ba!, f.road_deaths_ba!, 1e-3)).toBeLessThan(tol);
      expect(close(p.deaths!, f.deaths!, 1e-3)).toBeLessThan(tol);
    }
  }
  expect(inc.profile.length).toBe(full.profile.length);
  for (const [s, f] of full.profile.entries()) {
    const p = inc.profile[s];
    expect(close(p.current, f.current, 1e-2)).toBeLessThan(tol);
    expect(close(p.through_structures, f.through_structures, 1e-2)).toBeLessThan(tol);
    if (f.road_deaths !== undefined) expect(close(p.road_deaths!, f.road_deaths, 1e-3)).toBeLessThan(tol);
    expect(p.structures).toEqual(f.structures);
  }
}

describe("incremental evaluation equals the full solve", () => {
  for (const neighbours of [8, 4] as const) {
    const ls = synthLandscape({ land: roughLand, neighbours });
    const a = analysis({ tolerance: 1e-13, neighbours });
    const base = scenario(null, existing);
    const model = buildModelFor(ls, base, a);
    const cases: [string, ResolvedScenario][] = [
      ["baseline", base],
      [
        "overpass",
        scenario({ add: [{ id: "o", type: "overpass", chainage_m: 120, width_m: 30, effectiveness: 0.9, cost_musd: 1 }] }, existing),
      ],
      ["remove e0", scenario({ remove: ["e0"] }, existing)],
      ["widen e1", scenario({ change: [{ id: "e1", width_m: 25 }] }, existing)],
      ["fence", scenario({ fences: [{ id: "f", from_m: 40, to_m: 170, cost_musd: 1 }] }, existing)],
      [
        "fence + overpass",
        scenario(
          {
            add: [{ id: "o", type: "overpass", chainage_m: 100, width_m: 20, cost_musd: 1 }],
            fences: [{ id: "f", from_m: 0, to_m: 230, cost_musd: 1 }],
          },
          existing,
        ),
      ],
    ];
    for (const [name, sc] of cases) {
      it(`${neighbours} neighbours, ${name}: every circuit metric to 1e-8`, () => {
        const full = evaluateScenario(ls, sc, a);
        const inc = evaluateIncremental(model, ls, sc, a);
        if (!inc.ok) throw new Error(inc.reason);
        expect(inc.evaluation.solve?.method).toBe("incremental");
        expectSame(inc.evaluation, full, 1e-8);
      });
    }
  }

  for (const background of [0, 0.002]) {
    const ls = synthLandscape({ land: roughLand });
    const a = analysis({ tolerance: 1e-13 });
    const base = withMortality(scenario(null, existing), 0.05, background);
    const model = buildModelFor(ls, base, a);
    it(`mortality (background ${background}): success, road deaths and the road-kill profile to 1e-8`, () => {
      for (const spec of [
        null,
        { add: [{ id: "o", type: "overpass" as const, chainage_m: 120, width_m: 30, cost_musd: 1 }] },
        { fences: [{ id: "f", from_m: 40, to_m: 170, cost_musd: 1 }] },
        { remove: ["e1"] },
      ]) {
        const sc = withMortality(scenario(spec, existing), 0.05, background);
        const full = evaluateScenario(ls, sc, a);
        const inc = evaluateIncremental(model, ls, sc, a);
        if (!inc.ok) throw new Error(inc.reason);
        expectSame(inc.evaluation, full, 1e-8);
      }
      // traffic changes q on road cells only: still incremental
      const busier = withMortality(scenario(null, existing), 0.12, background);
      const inc = evaluateIncremental(model, ls, busier, a);
      if (!inc.ok) throw new Error(inc.reason);
      expectSame(inc.evaluation, evaluateScenario(ls, busier, a), 1e-8);
    });
  }

  it("random structures, fences and removals (fast-check): incremental = full to 1e-8", () => {
    const ls = synthLandscape({ land: roughLand });
    const a = analysis({ tolerance: 1e-13 });
    const model = buildModelFor(ls, withMortality(scenario(null, existing), 0.05), a);
    const types = ["overpass", "underpass", "culvert", "bridge"] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            type: fc.constantFrom(...types),
            chainage: fc.integer({ min: 0, max: 240 }),
            width: fc.integer({ min: 2, max: 40 }),
            eff: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          { maxLength: 3 },
        ),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 240 }), fc.integer({ min: 0, max: 120 }))),
        fc.subarray(["e0", "e1"]),
        (adds, fence, remove) => {
          const sc = withMortality(
            scenario(
              {
                add: adds.map((s, k) => ({
                  id: `n${k}`,
                  type: s.type,
                  chainage_m: s.chainage,
                  width_m: s.width,
                  effectiveness: s.eff,
                  cost_musd: 1,
                })),
                remove,
                fences: fence ? [{ id: "f", from_m: fence[0], to_m: fence[0] + fence[1], cost_musd: 1 }] : [],
              },
              existing,
            ),
            0.05,
          );
          const inc = evaluateIncremental(model, ls, sc, a);
          if (!inc.ok) throw new Error(inc.reason);
          expectSame(inc.evaluation, evaluateScenario(ls, sc, a), 1e-8);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("a change touching more band nodes than the limit is left to the full solve (its LU would cost more)", () => {
    const ls = synthLandscape({ land: roughLand });
    const a = analysis({ tolerance: 1e-10 });
    const model = buildModelFor(ls, scenario(null, existing), a);
    const fence = scenario({ fences: [{ id: "f", from_m: 0, to_m: 240, cost_musd: 1 }] }, existing);
    const res = evaluateIncremental(model, ls, fence, a, { maxChangedNodes: 10 });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toMatch(/touches \d+ band nodes, more than 10: its update would cost more than a full solve/);
    expect(evaluateIncremental(model, ls, fence, a).ok).toBe(true);
  });

  it("a change outside the road band is refused with the cell named, never a wrong number", () => {
    const ls = synthLandscape({ land: roughLand });
    const a = analysis({ tolerance: 1e-10 });
    const model = buildModelFor(ls, scenario(null, existing), a);
    const land = Float64Array.from(ls.land);
    land[5 * 40 + 8] *= 2;
    const res = evaluateIncremental(model, { ...ls, land }, scenario(null, existing), a);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toMatch(/row 5, column 8, outside the road band/);
  });
});
