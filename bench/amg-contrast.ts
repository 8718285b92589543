/**
 * The AMG hierarchy on high-contrast landscapes, variant by variant: levels, operator complexity, setup
 * time and CG iterations to 1e-8 for the columns of a pairwise run (one thread). Iteration counts do not
 * depend on machine load; times do (give `uptime` with them).
 * The graph is the one pairwise mode builds (8 neighbours), grounded at the first focal point the way
 * src/circuit/pairwise.ts grounds it; the right-hand sides are the unit columns at the other 4 points.
 *   node --import tsx bench/amg-contrast.ts [--size 400] [--landscape smooth,rough,mosaic,roads] [--variants a,b]
 */
import { buildCircuitGraph } from "../src/graph/circuit-graph.ts";
import { componentNodes, componentSystem } from "../src/circuit/system.ts";
import { AmgHierarchy, type AmgOptions } from "../src/solve/amg.ts";
import { Pcg } from "../src/solve/pcg.ts";
import { focalGrid, row } from "./landscape.ts";
import { LANDSCAPES, type LandscapeKind } from "./hard-landscapes.ts";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

/** The variants tried; "default" is what AmgHierarchy does with no options. */
const VARIANTS: Record<string, AmgOptions> = {
  default: {},
  "theta0.02": { theta: 0.02 }, // the default before the contrast study
  theta0: { theta: 0 },
  "theta0.05": { theta: 0.05 },
  "theta0.1": { theta: 0.1 },
  sweeps2: { sweeps: 2 },
  "cl0.1": { strength: "classical", theta: 0.1 },
  "cl0.25": { strength: "classical", theta: 0.25 },
  "cl0.5": { strength: "classical", theta: 0.5 },
  "theta0.08": { theta: 0.08 },
  "theta0.15": { theta: 0.15 },
  "theta0.2": { theta: 0.2 },
  "sym0.1w1": { theta: 0.1, omegaScale: 1 },
  "cl0.25w1": { strength: "classical", theta: 0.25, omegaScale: 1 },
};

/**
 * Work of one CG iteration in units of nnz(A): the CG product A p, and per level the two smoothing
 * sweeps (a pass over A_l each) and restriction + prolongation (a pass over P_l each). Coarse solve
 * and vector updates left out. Load-independent, unlike ms/iter.
 */
function workPerIteration(h: AmgHierarchy): number {
  const nnz0 = h.info()[0].nnz;
  let w = nnz0;
  for (const l of h.levels) w += 2 * (l.A.n + 2 * l.A.rowPtr[l.A.n]) + 2 * l.P.rowPtr[l.P.rows];
  return w / nnz0;
}

const size = Number(arg("size", "400"));
const kinds = arg("landscape", "smooth,rough,mosaic,roads").split(",") as LandscapeKind[];
const names = arg("variants", Object.keys(VARIANTS).join(",")).split(",");
const tol = Number(arg("tol", "1e-8"));
console.log(`${size} x ${size}, 8 neighbours, pairwise columns at 4 focal points, tol ${tol}, 1 thread`);
const W = [8, 12, 6, 6, 30, 8, 8, 8, 9, 8, 8, 10];
console.log(row(["kind", "variant", "levels", "op cx", "sizes", "setup s", "iter", "work/it", "iter*work", "ms/iter", "solve s"], W));
for (const kind of kinds) {
  const res = LANDSCAPES[kind](size, size);
  const focal = focalGrid(res, 5, 1);
  const g = buildCircuitGraph(res, { neighbors: 8 });
  const pts: number[] = [];
  for (let id = 1; id <= 5; id++) pts.push(g.nodeOfCell[focal.data.indexOf(id)]);
  const comps = componentNodes(g);
  const main = comps[g.component[pts[0]]];
  const localOf = new Int32Array(g.nNodes).fill(-1);
  const sys = componentSystem(g, main, localOf, [pts[0]], undefined, comps);
  if (!sys.inPlace) throw new Error(`${kind}: the focal points' component is not most of the graph`);
  const A = sys.A;
  for (const name of names) {
    // "t0.06": the symmetric measure at that theta; "t0.04/0.08": 0.04 on the finest level, 0.08 below
    const opts = VARIANTS[name] ?? (/^t[0-9./]+$/.test(name) ? { theta: name.slice(1).split("/").map(Number) } : undefined);
    if (!opts) throw new Error(`unknown variant ${name}; known: ${Object.keys(VARIANTS).join(", ")}`);
    let t = performance.now();
    const h = new AmgHierarchy(A, opts);
    const setup = (performance.now() - t) / 1000;
    const pcg = new Pcg(A, (r, z) => h.apply(r, z));
    const x = new Float64Array(A.n);
    let iters = 0;
    t = performance.now();
    for (const p of pts.slice(1)) {
      x.fill(0);
      iters += pcg.solve(p, x, tol, 2000).iterations;
    }
    const solve = (performance.now() - t) / 1000;
    const info = h.info();
    console.log(
      row(
        [
          kind,
          name,
          info.length,
          h.operatorComplexity().toFixed(2),
          info
            .map((l) => l.n)
            .join(">")
            .slice(-30),
          setup.toFixed(2),
          (iters / 4).toFixed(1),
          workPerIteration(h).toFixed(2),
          ((iters / 4) * workPerIteration(h)).toFixed(1),
          ((1000 * solve) / iters).toFixed(1),
          solve.toFixed(2),
          (h.bytes() / A.n).toFixed(1),
        ],
        W,
      ),
    );
  }
  sys.restore();
}
