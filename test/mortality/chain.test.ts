import { describe, expect, it } from "vitest";
import { buildCircuitGraph } from "../../src/graph/circuit-graph.ts";
import { makeGrid } from "../../src/grid/grid.ts";
import { groundConductances, solveDirections } from "../../src/mortality/chain.ts";
import { runPairwise } from "../../src/circuit/pairwise.ts";
import { nodeCurrents } from "../../src/circuit/currents.ts";
import { denseChain, type DenseCase } from "./dense.ts";

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pattern = "road" | "random" | "road+background" | "road+dead-cells";

/** A w x w landscape: random land resistance, a vertical road band 2 cells wide in the middle, a 2x2 core at each side. */
function makeCase(w: number, pattern: Pattern, seed: number, neighbours: 4 | 8 = 8): DenseCase & { a: number; b: number } {
  const rand = rng(seed);
  const n = w * w;
  const resistance = new Float64Array(n);
  const q = new Float64Array(n);
  const regions = new Int32Array(n);
  const mid = Math.floor(w / 2);
  for (let r = 0; r < w; r++)
    for (let c = 0; c < w; c++) {
      const i = r * w + c;
      const road = c === mid - 1 || c === mid;
      resistance[i] = road ? 50 + 100 * rand() : 1 + 20 * rand();
      if (rand() < 0.03 && !road) resistance[i] = NaN; // a little nodata
      if (pattern === "random") q[i] = 0.2 * rand();
      else if (road) q[i] = 0.05 + 0.3 * rand();
      if (pattern === "road+background" && !road) q[i] = 0.002;
      if (pattern === "road+dead-cells" && road && r % 5 === 2) q[i] = 1;
    }
  const core = (r0: number, c0: number, id: number) => {
    for (let r = r0; r < r0 + 2; r++)
      for (let c = c0; c < c0 + 2; c++) {
        regions[r * w + c] = id;
        resistance[r * w + c] = 1;
        q[r * w + c] = 0;
      }
  };
  const rc = Math.floor(w / 3);
  core(rc, 1, 1);
  core(w - rc - 2, w - 3, 2);
  return { width: w, height: w, resistance, q, regions, neighbours, a: rc * w + 1, b: (w - rc - 2) * w + (w - 3) };
}

function engine(c: DenseCase, dirs: [number, number][], solver: "direct" | "amg", method: "green" | "per-target" = "green", tol = 1e-12) {
  const grid = makeGrid(c.width, c.height, c.resistance);
  const graph = buildCircuitGraph(grid, { neighbors: c.neighbours, regions: c.regions });
  const k = groundConductances(graph, c.q);
  const tallyOf = new Int32Array(graph.nNodes);
  for (let u = 0; u < graph.nNodes; u++) tallyOf[u] = u;
  const res = solveDirections(
    graph,
    k,
    dirs.map(([s, t]) => ({ source: graph.nodeOfCell[s], target: graph.nodeOfCell[t] })),
    { tol, solver, method, tallyOf, nTallies: graph.nNodes },
  );
  return { graph, res };
}

describe("absorbing chain against the dense fundamental matrix", () => {
  const cases: [number, Pattern, 4 | 8][] = [
    [10, "road", 8],
    [10, "random", 4],
    [20, "road+background", 8],
    [20, "road+dead-cells", 8],
    [30, "random", 8],
    [30, "road+background", 4],
  ];
  for (const [w, pattern, nb] of cases) {
    it(`${w}x${w}, q ${pattern}, ${nb} neighbours: success and deaths per cell to 1e-10, both directions`, () => {
      const c = makeCase(w, pattern, w * 7 + pattern.length, nb);
      for (const [solver, method] of [
        ["direct", "green"],
        ["amg", "green"],
        ["direct", "per-target"],
        ["amg", "per-target"],
      ] as const) {
        const { graph, res } = engine(
          c,
          [
            [c.a, c.b],
            [c.b, c.a],
          ],
          solver,
          method,
        );
        for (const [d, [s, t]] of [
          [c.a, c.b],
          [c.b, c.a],
        ].entries()) {
          const ref = denseChain(c, s, t);
          expect(ref.success).toBeGreaterThan(0);
          expect(ref.success).toBeLessThan(1);
          expect(Math.abs(res[d].success - ref.success)).toBeLessThan(1e-10);
          let maxErr = 0;
          let total = 0;
          for (let i = 0; i < w * w; i++) {
            const u = graph.nodeOfCell[i];
            if (u < 0 || c.regions[i] > 0) continue;
            maxErr = Math.max(maxErr, Math.abs(res[d].tally[u] - ref.deathsPerCell[i]));
            total += ref.deathsPerCell[i];
          }
          expect(maxErr).toBeLessThan(1e-10);
          expect(Math.abs(res[d].deaths - total)).toBeLessThan(1e-10);
          // conservation: every walker either arrives or dies
          expect(Math.abs(res[d].success + res[d].deaths - 1)).toBeLessThan(1e-10);
        }
      }
    });
  }
});

describe("threads", () => {
  it("columns solved side by side on two threads give the same numbers, bit for bit", () => {
    const c = makeCase(30, "road+background", 11);
    const grid = makeGrid(c.width, c.height, c.resistance);
    const run = (threads: number) => {
      const graph = buildCircuitGraph(grid, { neighbors: 8, regions: c.regions });
      const k = groundConductances(graph, c.q);
      const dirs = [
        { source: graph.nodeOfCell[c.a], target: graph.nodeOfCell[c.b] },
        { source: graph.nodeOfCell[c.b], target: graph.nodeOfCell[c.a] },
      ];
      return solveDirections(graph, k, dirs, { tol: 1e-10, solver: "amg", threads }).map((r) => [r.success, r.deaths]);
    };
    const one = run(1);
    expect(run(2)).toEqual(one);
    expect(one[0][0]).toBeCloseTo(denseChain(c, c.a, c.b).success, 8);
  });
});

describe("closed forms and limits", () => {
  it("a 1-D strip with one road cell: h = s / (s + q), s = (1 - q) / (2 D)", () => {
    // cells 0..n-1 in a row, 4 neighbours, uniform resistance; a = cell 0, b = cell n-1, road at m.
    // From m a walker dies (q), or steps right and then reaches b before coming back with 1 / D
    // (gambler's ruin, D = n - 1 - m), or returns to m: h = s / (s + q).
    for (const [n, m, q] of [
      [12, 5, 0.3],
      [30, 10, 0.05],
      [7, 3, 0.9],
    ] as const) {
      const resistance = new Float64Array(n).fill(3);
      const qa = new Float64Array(n);
      qa[m] = q;
      const graph = buildCircuitGraph(makeGrid(n, 1, resistance), { neighbors: 4 });
      const k = groundConductances(graph, qa);
      const [r] = solveDirections(graph, k, [{ source: 0, target: n - 1 }], { tol: 1e-12, solver: "direct" });
      const s = (1 - q) / (2 * (n - 1 - m));
      expect(Math.abs(r.success - s / (s + q))).toBeLessThan(1e-12);
      expect(Math.abs(r.deaths - q / (s + q))).toBeLessThan(1e-12);
    }
  });

  it("q = 0 everywhere: success 1, no deaths, and the node currents equal pairwise mode's", () => {
    const c = makeCase(20, "road", 5);
    c.q.fill(0);
    const grid = makeGrid(c.width, c.height, c.resistance);
    const focal = makeGrid(c.width, c.height, Float64Array.from(c.regions));
    let pairCurrents: Float64Array | null = null;
    let pairGraph: ReturnType<typeof buildCircuitGraph> | null = null;
    runPairwise(
      grid,
      focal,
      { neighbors: 8, tol: 1e-12, solver: "direct" },
      {
        onPair(_a, _b, _v, currents, graph) {
          pairCurrents = currents.slice();
          pairGraph = graph;
        },
      },
    );
    const graph = buildCircuitGraph(grid, { neighbors: 8, regions: c.regions });
    const k = groundConductances(graph, c.q);
    let volt: Float64Array | null = null;
    const [r] = solveDirections(graph, k, [{ source: graph.nodeOfCell[c.a], target: graph.nodeOfCell[c.b] }], {
      tol: 1e-12,
      solver: "direct",
      onSolve: (_i, v) => (volt = v.slice()),
    });
    expect(Math.abs(r.success - 1)).toBeLessThan(1e-12);
    expect(r.deaths).toBe(0);
    const mine = new Float64Array(graph.nNodes);
    nodeCurrents(graph.laplacian, volt!, mine);
    let maxErr = 0;
    for (let i = 0; i < c.width * c.height; i++) {
      const u = graph.nodeOfCell[i];
      if (u < 0) continue;
      maxErr = Math.max(maxErr, Math.abs(mine[u] - pairCurrents![pairGraph!.nodeOfCell[i]]));
    }
    expect(maxErr).toBeLessThan(1e-10);
  });

  it("q = 1 on a whole cut line: success exactly 0, every walker dies there", () => {
    const c = makeCase(12, "road", 9);
    const mid = 6;
    for (let r = 0; r < 12; r++) c.q[r * 12 + mid] = 1;
    for (const method of ["green", "per-target"] as const) {
      const { res } = engine(c, [[c.a, c.b]], "direct", method);
      expect(res[0].success).toBe(0);
      expect(Math.abs(res[0].deaths - 1)).toBeLessThan(1e-12);
    }
  });

  it("source and target in different components: success 0, not connected", () => {
    const c = makeCase(12, "road", 3);
    for (let r = 0; r < 12; r++) c.resistance[r * 12 + 6] = Infinity;
    const { res } = engine(c, [[c.a, c.b]], "direct");
    expect(res[0].connected).toBe(false);
    expect(res[0].success).toBe(0);
  });
});
