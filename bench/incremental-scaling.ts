/**
 * How the road-band model's cost and size grow with the landscape and the road: synthetic rough
 * landscapes (resistance 1..200 from a fixed pseudo-random field, 30 m cells, 8 neighbours, a
 * mortality block) W x H cells with a straight highway from north to south (the road length grows
 * with H, the rest of the landscape with W x H), two cores on each side. Per size: band nodes, the
 * build (Schur complement, inverses), the model's bytes, one full scenario and the same scenario on
 * the model (an overpass), and their difference.
 *
 *   node --import tsx bench/incremental-scaling.ts [--sizes 200x150,400x300,800x600,1200x900]
 */
import { loadavg } from "node:os";
import { makeGrid } from "../src/grid/grid.ts";
import { encodeModel } from "../src/incremental/cache.ts";
import { maxRelativeDifference } from "../src/incremental/compare.ts";
import { evaluateIncremental } from "../src/incremental/evaluate.ts";
import { buildModelFor } from "../src/incremental/scenario-model.ts";
import type { ResolvedMortality } from "../src/mortality/traffic.ts";
import { evaluateScenario } from "../src/scenario/evaluate.ts";
import { prepareLandscape } from "../src/scenario/landscape.ts";
import { resolveScenario } from "../src/scenario/resolve.ts";
import { AnalysisSchema } from "../src/scenario/schema.ts";
import { resolveParameters } from "../src/scenario/species.ts";

const args = process.argv.slice(2);
const i = args.indexOf("--sizes");
const sizes = (i >= 0 ? args[i + 1] : "200x150,400x300,800x600,1200x900").split(",").map((s) => s.split("x").map(Number));
const CELL = 30;
const rough = (c: number, r: number) => 1 + 199 * (0.5 + 0.5 * Math.sin(c * 12.9898 + r * 78.233 + c * r * 0.37)) ** 3;
const mortality: ResolvedMortality = {
  background: 0,
  cells_per_crossing: 2,
  road: [{ from_m: 0, to_m: 1e9, aadt: null, p_crossing: 0.1, q_cell: 0.05 }],
  tolerance: 1e-10,
  kill_width_m: null,
  crossing_speed_m_s: null,
};

console.log(`load ${loadavg()[0].toFixed(1)}`);
console.log(
  "cells | road km | band nodes | Schur s | inverses s | build s | model MB | full scenario s | incremental ms | max rel. difference",
);
for (const [W, H] of sizes) {
  const land = new Float64Array(W * H);
  const focal = new Float64Array(W * H);
  const box = (c0: number, r0: number, id: number) => {
    for (let r = r0; r < r0 + Math.max(4, H / 10); r++)
      for (let c = c0; c < c0 + Math.max(4, W / 10); c++) focal[Math.floor(r) * W + Math.floor(c)] = id;
  };
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) land[r * W + c] = rough(c, r);
  box(W * 0.1, H * 0.2, 1);
  box(W * 0.1, H * 0.65, 2);
  box(W * 0.8, H * 0.2, 3);
  box(W * 0.8, H * 0.65, 4);
  const transform = [0, CELL, 0, H * CELL, 0, -CELL] as [number, number, number, number, number, number];
  const ls = prepareLandscape({
    template: makeGrid(W, H, land, { transform }),
    land,
    focal: makeGrid(W, H, focal, { transform }),
    cores: [
      { id: 1, side: "west" },
      { id: 2, side: "west" },
      { id: 3, side: "east" },
      { id: 4, side: "east" },
    ],
    centreline: [
      [(W / 2) * CELL, H * CELL + 20],
      [(W / 2) * CELL + 3 * CELL, -20],
    ],
    roadWidthM: 60,
    neighbours: 8,
  });
  const analysis = AnalysisSchema.parse({ tolerance: 1e-8, least_cost: true, segment_length_m: 500 });
  const params = resolveParameters("leopard", {});
  const base = { ...resolveScenario([], null, params, (s) => s.chainage_m ?? 0, "bench", "baseline"), mortality };
  const spec = {
    name: "o",
    add: [{ id: "o", type: "overpass" as const, chainage_m: (H * CELL) / 2, width_m: 60, cost_musd: 1 }],
    remove: [],
    change: [],
    fences: [],
  };
  const sc = { ...resolveScenario([], spec, params, (s) => s.chainage_m ?? 0, "bench", "o"), mortality };
  let t = performance.now();
  const model = buildModelFor(ls, base, analysis);
  const build = (performance.now() - t) / 1000;
  const bytes = encodeModel(model, "0".repeat(64)).length;
  t = performance.now();
  const full = evaluateScenario(ls, sc, analysis);
  const tf = (performance.now() - t) / 1000;
  evaluateIncremental(model, ls, base, analysis); // first use: the burner and the cost-distance maps
  const times: number[] = [];
  let inc = evaluateIncremental(model, ls, sc, analysis);
  for (let k = 0; k < 5; k++) {
    t = performance.now();
    inc = evaluateIncremental(model, ls, sc, analysis);
    times.push(performance.now() - t);
  }
  if (!inc.ok) throw new Error(inc.reason);
  const ti = times.sort((a, b) => a - b)[2];
  console.log(
    `${W} x ${H} (${((W * H) / 1e6).toFixed(2)} M) | ${((H * CELL) / 1000).toFixed(1)} | ${model.nSlots} | ${model.seconds.schur.toFixed(1)} | ${model.seconds.inverse.toFixed(1)} | ${build.toFixed(1)} | ${(bytes / 1e6).toFixed(0)} | ${tf.toFixed(2)} | ${ti.toFixed(1)} | ${maxRelativeDifference(inc.evaluation, full).toExponential(1)}`,
  );
}
