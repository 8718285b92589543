/**
 * Iterations of the tied pair solves (pair-regions.ts) against the plain column solves of pairwise
 * mode on the same base graph, per landscape: what tying a pair's regions costs the preconditioner.
 * Library level (no files), one thread, tol 1e-6 (the tied solves at tol, the columns at tol x 1e-2).
 *   node --import tsx bench/regions-iterations.ts [--size 500] [--side 3]
 */
import { buildCircuitGraph } from "../src/graph/circuit-graph.ts";
import { regionPairSteps } from "../src/circuit/pair-regions.ts";
import { runPairwise } from "../src/circuit/pairwise.ts";
import { focalGrid, row } from "./landscape.ts";
import { LANDSCAPES, type LandscapeKind } from "./hard-landscapes.ts";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const size = Number(arg("--size", "500"));
const side = Number(arg("--side", "3"));
const mean = (xs: number[]) => (xs.reduce((s, v) => s + v, 0) / xs.length).toFixed(1);
console.log(`${size} x ${size}, 5 regions of ${side} x ${side}, 8 neighbours, tol 1e-6, 1 thread`);
console.log(row(["kind", "tied iter (mean, max)", "tied s", "columns iter (mean, max)", "columns s"], [8, 22, 8, 25, 10]));
for (const kind of Object.keys(LANDSCAPES) as LandscapeKind[]) {
  const res = LANDSCAPES[kind](size, size);
  const focal = focalGrid(res, 5, side);
  const ids = [1, 2, 3, 4, 5];
  const g = buildCircuitGraph(res, { neighbors: 8 });
  let t = performance.now();
  const steps = regionPairSteps(g, focal.data, ids, { tol: 1e-6, solver: "amg", regionMethod: "tied", currents: false });
  let st = steps.next();
  while (!st.done) st = steps.next();
  const tied = st.value.iterations;
  const tiedS = (performance.now() - t) / 1000;
  // the same base graph's columns: single-cell focal points at each region's first cell
  const points = new Float32Array(res.data.length);
  for (const id of ids) points[focal.data.indexOf(id)] = id;
  t = performance.now();
  const cols = runPairwise(
    res,
    { ...res, data: points },
    { neighbors: 8, tol: 1e-6, solver: "amg", threads: 1, currents: false },
  ).iterations;
  const colS = (performance.now() - t) / 1000;
  console.log(
    row(
      [kind, `${mean(tied)}, ${Math.max(...tied)}`, tiedS.toFixed(2), `${mean(cols)}, ${Math.max(...cols)}`, colS.toFixed(2)],
      [8, 22, 8, 25, 10],
    ),
  );
}
