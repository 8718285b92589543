// Small synthetic landscapes for the scenario tests: a uniform land of resistance 1, a straight
// north-south highway through the middle, cores on both sides.
import { makeGrid } from "../../src/grid/grid.ts";
import type { Landscape } from "../../src/scenario/evaluate.ts";
import { prepareLandscape } from "../../src/scenario/landscape.ts";
import { resolveScenario, type ExistingStructure, type ResolvedScenario } from "../../src/scenario/resolve.ts";
import type { ScenarioSpec } from "../../src/scenario/schema.ts";
import { resolveParameters } from "../../src/scenario/species.ts";
import { AnalysisSchema } from "../../src/scenario/schema.ts";

/** A rough land for synthetic landscapes: resistance 1..200, cubed sines, no two neighbours alike. */
export const roughLand = (c: number, r: number): number => 1 + 199 * (0.5 + 0.5 * Math.sin(c * 12.9898 + r * 78.233 + c * r * 0.37)) ** 3;

export const W = 40;
export const H = 24;
export const CELL = 10;

export function synthLandscape(opts: { land?: (c: number, r: number) => number; neighbours?: 4 | 8 } = {}): Landscape {
  const land = new Float64Array(W * H);
  const focal = new Float64Array(W * H);
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      land[r * W + c] = opts.land ? opts.land(c, r) : 1;
      if (c >= 2 && c <= 5 && r >= 8 && r <= 15) focal[r * W + c] = 1;
      if (c >= 2 && c <= 5 && r >= 0 && r <= 3) focal[r * W + c] = 3;
      if (c >= 34 && c <= 37 && r >= 8 && r <= 15) focal[r * W + c] = 2;
    }
  const transform = [0, CELL, 0, H * CELL, 0, -CELL] as [number, number, number, number, number, number];
  const template = makeGrid(W, H, land, { transform });
  return prepareLandscape({
    template,
    land,
    focal: makeGrid(W, H, focal, { transform }),
    cores: [
      { id: 1, side: "west" },
      { id: 2, side: "east" },
      { id: 3, side: "west" },
    ],
    // From north of the grid to south of it: the road cuts the landscape in two.
    centreline: [
      [200, H * CELL + 20],
      [200, -20],
    ],
    roadWidthM: 10,
    neighbours: opts.neighbours ?? 8,
  });
}

export const analysis = (over: Record<string, unknown> = {}) =>
  AnalysisSchema.parse({ tolerance: 1e-9, least_cost: false, segment_length_m: 50, ...over });

export function scenario(
  spec: Partial<ScenarioSpec> | null,
  existing: ExistingStructure[] = [],
  params: Parameters[0] = {},
): ResolvedScenario {
  const full = spec ? { name: "s", add: [], remove: [], change: [], fences: [], ...spec } : null;
  return resolveScenario(existing, full, resolveParameters("leopard", params), (s) => s.chainage_m ?? 0, "test.yaml", "scenarios[0]");
}
type Parameters = Parameters_<typeof resolveParameters>;
type Parameters_<F> = F extends (a: never, ...rest: infer R) => unknown ? R : never;
