import { describe, expect, it } from "vitest";
import { buildModelFor } from "../../src/incremental/scenario-model.ts";
import { evaluateScenario } from "../../src/scenario/evaluate.ts";
import { summarize } from "../../src/scenario/metrics.ts";
import type { ExistingStructure } from "../../src/scenario/resolve.ts";
import { firstOrderDeltaErPct, spearman } from "../../src/siting/estimate.ts";
import { LeastCostReference } from "../../src/incremental/least-cost.ts";
import { makeGrid } from "../../src/grid/grid.ts";
import { analysis, scenario, synthLandscape } from "../scenario/synthetic.ts";

const rough = (c: number, r: number) => 1 + 199 * (0.5 + 0.5 * Math.sin(c * 12.9898 + r * 78.233 + c * r * 0.37)) ** 3;
const existing: ExistingStructure[] = [{ id: "e0", type: "underpass", chainage_m: 60, width_m: 10 }];

describe("the first-order estimate of a structure's effect on effective resistance", () => {
  const ls = synthLandscape({ land: rough });
  const a = analysis({ tolerance: 1e-12 });
  const base = scenario(null, existing);
  const model = buildModelFor(ls, base, a);
  const er0 = summarize(evaluateScenario(ls, base, a).pairs, 0).effective_resistance;
  const exactPct = (eff: number, width = 20) => {
    const sc = scenario(
      { add: [{ id: "o", type: "underpass", chainage_m: 140, width_m: width, effectiveness: eff, cost_musd: 1 }] },
      existing,
    );
    return { sc, pct: (100 * (summarize(evaluateScenario(ls, sc, a).pairs, 0).effective_resistance - er0)) / er0 };
  };

  it("equals the exact change for a small change (the derivative), and overstates a large one's gain (convexity)", () => {
    // a barely effective structure: the conductance change is small, the first order is nearly exact
    const small = exactPct(0.002);
    const est = firstOrderDeltaErPct(model, ls, small.sc, er0);
    expect(small.pct).toBeLessThan(0);
    expect(Math.abs(est - small.pct) / Math.abs(small.pct)).toBeLessThan(0.05);
    // effective resistance is convex in the conductances: the linear estimate lies below the exact value
    const big = exactPct(0.9, 40);
    const estBig = firstOrderDeltaErPct(model, ls, big.sc, er0);
    expect(estBig).toBeLessThan(big.pct);
  });
});

describe("Spearman's rank correlation", () => {
  it("is 1 for any increasing relation, -1 for a decreasing one, handles ties, and ignores non-finite pairs", () => {
    const x = [1, 2, 3, 4, 5, 6];
    expect(
      spearman(
        x,
        x.map((v) => v ** 3),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      spearman(
        x,
        x.map((v) => -Math.exp(v)),
      ),
    ).toBeCloseTo(-1, 12);
    // ties get average ranks: x = (1, 2, 2, 3) against y = (1, 2, 3, 4): ranks (0, 1.5, 1.5, 3) and (0, 1, 2, 3)
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 12);
    expect(spearman([1, 2, NaN, 3, 4], [2, 4, 1, 6, 8])).toBeCloseTo(1, 12);
    expect(spearman([1, 2], [2, 1])).toBeNaN();
  });
});

describe("Barrier Mapper's improvement score", () => {
  it("on a uniform strip: (LCD - min CWD_a - min CWD_b - D) / D by hand", () => {
    // 1 x 11 cells of 1 m, resistance 10; core 1 at column 0, core 2 at column 10: LCD = 10 steps x 10 = 100
    const data = new Float64Array(11).fill(10);
    const focal = new Float64Array(11);
    focal[0] = 1;
    focal[10] = 2;
    const grid = makeGrid(11, 1, data, { transform: [0, 1, 0, 1, 0, -1] });
    const ref = new LeastCostReference(grid, focal, [1, 2], () => true, 8, new Int32Array(0));
    expect(ref.pairs[0].distance).toBeCloseTo(100, 12);
    // restoring columns 4..6 (D = 3): min CWD from core 1 is 40 (column 4), from core 2 also 40 (column 6)
    expect(ref.barrierScore([4, 5, 6], 3)).toBeCloseTo((100 - 40 - 40 - 3) / 3, 12);
    // a window that touches core 1: min CWD_a = 0, min CWD_b = 90 (column 1)
    expect(ref.barrierScore([0, 1], 2)).toBeCloseTo((100 - 0 - 90 - 2) / 2, 12);
  });
});
