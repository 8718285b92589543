import { describe, expect, it } from "vitest";
import { standardAggregation } from "../../src/solve/aggregate.ts";
import { AmgHierarchy } from "../../src/solve/amg.ts";
import { Pcg } from "../../src/solve/pcg.ts";
import { lowerIndex, symFromCsr } from "../../src/solve/sym.ts";
import { gridLaplacian, landscape } from "./grid.ts";
import { laplacianFromEdges } from "./helpers.ts";

describe("strength of connection in standard aggregation", () => {
  // a chain 0-1-2-3-4-5 with a weak link 2-3 (conductance 1e-3 against 1), node 0 grounded
  const S = symFromCsr(
    laplacianFromEdges(
      6,
      [
        [0, 1, 1],
        [1, 2, 1],
        [2, 3, 1e-3],
        [3, 4, 1],
        [4, 5, 1],
      ],
      [1],
    ),
  );
  const low = lowerIndex(S);

  it("does not aggregate across a weak link, with either measure (worked by hand)", () => {
    // pass 1 roots {0,1} and {3,4}; pass 2 attaches 2 to 1's aggregate and 5 to 4's: never across 2-3
    for (const [theta, measure] of [
      [0.08, "symmetric"],
      [0.25, "classical"],
    ] as const) {
      const { agg, count } = standardAggregation(S, low, theta, measure);
      expect(count).toBe(2);
      expect(Array.from(agg)).toEqual([0, 0, 0, 1, 1, 1]);
    }
  });

  it("with theta 0 every coupling is strong: the second aggregate takes node 2 across the weak link", () => {
    // pass 1: {0,1}; node 2 has an aggregated neighbour; node 3 roots {2,3,4}; pass 2 attaches 5
    const { agg, count } = standardAggregation(S, low, 0);
    expect(count).toBe(2);
    expect(Array.from(agg)).toEqual([0, 0, 1, 1, 1, 1]);
  });
});

describe("AMG hierarchy with a threshold that leaves every coupling weak", () => {
  // On an 8-neighbour grid a_ij^2 / (a_ii a_jj) is about 1/64, so theta 0.5 makes no coupling strong:
  // every node would be its own aggregate. The hierarchy lowers theta level by level instead.
  const N = 60;
  const A = symFromCsr(gridLaplacian(N, N, landscape(N, N, 5, 1e-3, 1), 8, [[0, 1]]));

  it("still coarsens at least 3x per level, and CG converges with it", () => {
    const h = new AmgHierarchy(A, { theta: 0.5, maxCoarse: 20 });
    const info = h.info();
    expect(info.length).toBeGreaterThanOrEqual(3);
    for (let l = 1; l < info.length; l++) expect(info[l].n).toBeLessThanOrEqual(info[l - 1].n / 3);
    const b = new Float64Array(A.n);
    b[N * N - 1] = 1;
    const x = new Float64Array(A.n);
    const res = new Pcg(A, (r, z) => h.apply(r, z)).solve(b, x, 1e-10, 200);
    expect(res.relResidual).toBeLessThanOrEqual(1e-10);
    expect(res.iterations).toBeLessThan(40);
  });
});
