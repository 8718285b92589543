import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateIncremental } from "../../src/incremental/evaluate.ts";
import { buildModelFor } from "../../src/incremental/scenario-model.ts";
import { evaluateScenario } from "../../src/scenario/evaluate.ts";
import type { ExistingStructure } from "../../src/scenario/resolve.ts";
import { analysis, roughLand, scenario, synthLandscape } from "../scenario/synthetic.ts";

// Rough land with a wide range, so least-cost paths are unique (no ties) and move when a structure is added.
const existing: ExistingStructure[] = [
  { id: "e0", type: "underpass", chainage_m: 60, width_m: 10, effectiveness: 0.3 },
  { id: "e1", type: "culvert", chainage_m: 190, width_m: 5 },
];

function compare(incPairs: ReturnType<typeof evaluateScenario>["pairs"], fullPairs: ReturnType<typeof evaluateScenario>["pairs"]): void {
  expect(incPairs.length).toBe(fullPairs.length);
  for (const [k, f] of fullPairs.entries()) {
    const p = incPairs[k];
    expect(Math.abs(p.least_cost_distance - f.least_cost_distance) / Math.max(1, Math.abs(f.least_cost_distance))).toBeLessThan(1e-12);
    expect(p.least_cost_crossing).toBe(f.least_cost_crossing);
  }
}

describe("least-cost distances from the reference's maps (a pure decrease) equal a full search", () => {
  for (const neighbours of [8, 4] as const) {
    const ls = synthLandscape({ land: roughLand, neighbours });
    const a = analysis({ tolerance: 1e-10, neighbours, least_cost: true, pairs: "all" });
    const model = buildModelFor(ls, scenario(null, existing), a);

    it(`${neighbours} neighbours: added and widened structures (fast-check), distances to 1e-12 and the same crossing`, () => {
      const types = ["overpass", "underpass", "culvert", "bridge"] as const;
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              type: fc.constantFrom(...types),
              chainage: fc.integer({ min: 0, max: 240 }),
              width: fc.integer({ min: 2, max: 40 }),
              eff: fc.double({ min: 0.3, max: 1, noNaN: true }),
            }),
            { minLength: 1, maxLength: 3 },
          ),
          fc.boolean(),
          (adds, widen) => {
            const sc = scenario(
              {
                add: adds.map((s, k) => ({
                  id: `n${k}`,
                  type: s.type,
                  chainage_m: s.chainage,
                  width_m: s.width,
                  effectiveness: s.eff,
                  cost_musd: 1,
                })),
                change: widen ? [{ id: "e1", width_m: 20 }] : [],
              },
              existing,
            );
            const inc = evaluateIncremental(model, ls, sc, a);
            if (!inc.ok) throw new Error(inc.reason);
            expect(inc.evaluation.solve?.least_cost).toBe("incremental");
            compare(inc.evaluation.pairs, evaluateScenario(ls, sc, a).pairs);
          },
        ),
        { numRuns: 30 },
      );
    });

    it(`${neighbours} neighbours: a structure that moves the least-cost path changes distance and crossing as a full search does`, () => {
      const sc = scenario(
        { add: [{ id: "big", type: "overpass", chainage_m: 120, width_m: 60, effectiveness: 1, cost_musd: 1 }] },
        existing,
      );
      const inc = evaluateIncremental(model, ls, sc, a);
      if (!inc.ok) throw new Error(inc.reason);
      const full = evaluateScenario(ls, sc, a);
      compare(inc.evaluation.pairs, full.pairs);
      const base = evaluateScenario(ls, scenario(null, existing), a);
      // the test means something: the overpass shortens some pair and carries its path
      expect(full.pairs.some((p, k) => p.least_cost_distance < base.pairs[k].least_cost_distance - 1)).toBe(true);
      expect(full.pairs.some((p) => p.least_cost_crossing === "big")).toBe(true);
    });
  }

  it("raised costs: kept from the reference when no least-cost path crosses them, else searched in full; both agree with full", () => {
    const ls = synthLandscape({ land: roughLand });
    const a = analysis({ tolerance: 1e-10, least_cost: true, pairs: "all" });
    const model = buildModelFor(ls, scenario(null, existing), a);
    const base = evaluateScenario(ls, scenario(null, existing), a);
    const used = new Set(base.pairs.map((p) => p.least_cost_crossing));
    const methods: Record<string, string | undefined> = {};
    const cases: [string, Parameters<typeof scenario>[0]][] = [
      ["remove e0", { remove: ["e0"] }],
      ["remove e1", { remove: ["e1"] }],
      ["fence", { fences: [{ id: "f", from_m: 40, to_m: 170, cost_musd: 1 }] }],
      [
        "fence and overpass",
        {
          fences: [{ id: "f", from_m: 0, to_m: 30, cost_musd: 1 }],
          add: [{ id: "o", type: "overpass", chainage_m: 120, width_m: 30, cost_musd: 1 }],
        },
      ],
    ];
    for (const [name, spec] of cases) {
      const sc = scenario(spec, existing);
      const inc = evaluateIncremental(model, ls, sc, a);
      if (!inc.ok) throw new Error(inc.reason);
      methods[name] = inc.evaluation.solve?.least_cost;
      compare(inc.evaluation.pairs, evaluateScenario(ls, sc, a).pairs);
    }
    // a removed structure that carries a least-cost path must be searched again; one that carries none need not
    expect(methods["remove e0"]).toBe(used.has("e0") ? "full" : "incremental");
    expect(methods["remove e1"]).toBe(used.has("e1") ? "full" : "incremental");
    expect(used.has("e0") || used.has("e1")).toBe(true);
    expect(methods["fence and overpass"]).toBe("full"); // costs rise and fall
  });
});
