import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BandBurner } from "../../src/incremental/band-burn.ts";
import { evaluateIncremental } from "../../src/incremental/evaluate.ts";
import { buildModelFor } from "../../src/incremental/scenario-model.ts";
import { mortalityGrid } from "../../src/mortality/grid.ts";
import type { ResolvedMortality } from "../../src/mortality/traffic.ts";
import { burnScenario } from "../../src/scenario/burn.ts";
import type { ExistingStructure, ResolvedScenario } from "../../src/scenario/resolve.ts";
import { analysis, roughLand, scenario, synthLandscape } from "../scenario/synthetic.ts";

const existing: ExistingStructure[] = [
  { id: "e0", type: "underpass", chainage_m: 60, width_m: 10 },
  { id: "e1", type: "culvert", chainage_m: 190, width_m: 5 },
];
const mortality = (q: number, background = 0): ResolvedMortality => ({
  background,
  cells_per_crossing: 2,
  road: [
    { from_m: 0, to_m: 120, aadt: null, p_crossing: 1 - (1 - q) ** 2, q_cell: q },
    { from_m: 120, to_m: 1e9, aadt: null, p_crossing: 1 - (1 - 2 * q) ** 2, q_cell: 2 * q },
  ],
  tolerance: 1e-12,
  kill_width_m: null,
  crossing_speed_m_s: null,
});
const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));

describe("the band burn (road cells only) equals the whole-grid burn", () => {
  const ls = synthLandscape({ land: roughLand });
  const a = analysis({ tolerance: 1e-10 });
  const base: ResolvedScenario = { ...scenario(null, existing), mortality: mortality(0.05, 0.001) };
  const model = buildModelFor(ls, base, a);
  const burner = new BandBurner(model, ls.land, ls.road, ls.focal.data);

  it("on random structures, fences, removals and road resistances (fast-check): r, q, owners, counts and the changed cells", () => {
    expect(burner.landOk).toBe(true);
    expect(burner.backgroundMatches(0.001)).toBe(true);
    const types = ["overpass", "underpass", "culvert", "bridge"] as const;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            type: fc.constantFrom(...types),
            chainage: fc.integer({ min: 0, max: 240 }),
            width: fc.integer({ min: 2, max: 40 }),
          }),
          { maxLength: 3 },
        ),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 240 }), fc.integer({ min: 0, max: 120 }))),
        fc.subarray(["e0", "e1"]),
        fc.constantFrom(1000, 5000),
        (adds, fence, remove, rRoad) => {
          const s0 = scenario(
            {
              add: adds.map((s, k) => ({ id: `n${k}`, type: s.type, chainage_m: s.chainage, width_m: s.width, cost_musd: 1 })),
              remove,
              fences: fence ? [{ id: "f", from_m: fence[0], to_m: fence[0] + fence[1], cost_musd: 1 }] : [],
            },
            existing,
          );
          const sc: ResolvedScenario = {
            ...s0,
            parameters: { ...s0.parameters, road_resistance: rRoad },
            mortality: mortality(0.05, 0.001),
          };
          const full = burnScenario(ls.land, ls.road, sc);
          const q = mortalityGrid(full.resistance, ls.focal.data, ls.road, full.structureOfCell, sc.mortality!);
          const b = burner.burn(sc);
          expect(b.cells).toEqual(full.cells);
          for (let i = 0; i < ls.land.length; i++) {
            expect(same(b.rAt(i), full.resistance[i])).toBe(true);
            expect(same(b.qAt(i), q[i])).toBe(true);
            expect(b.structureOfCell[i]).toBe(full.structureOfCell[i]);
          }
          const changed: number[] = [];
          for (let i = 0; i < ls.land.length; i++) if (!same(full.resistance[i], model.r0[i]) || !same(q[i], model.q0![i])) changed.push(i);
          expect([...b.changed].sort((x, y) => x - y)).toEqual(changed);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("another background mortality changes every cell: the whole-grid path refuses it (the cell named)", () => {
    expect(burner.backgroundMatches(0.002)).toBe(false);
    const res = evaluateIncremental(model, ls, { ...scenario(null, existing), mortality: mortality(0.05, 0.002) }, a);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.reason).toMatch(/outside the road band/);
  });

  it("a land that differs only under the road keeps the band path", () => {
    const land = Float64Array.from(ls.land);
    land[ls.road.cells[3]] = 9999;
    expect(new BandBurner(model, land, ls.road, ls.focal.data).landOk).toBe(true);
    land[0] += 1;
    expect(new BandBurner(model, land, ls.road, ls.focal.data).landOk).toBe(false);
  });
});
