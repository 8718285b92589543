/**
 * Sweep benchmark on the demo landscape (scenarios/demo-sweep.yaml, 1200 x 900 cells):
 *  1. throughput with 1 worker (on 1 and on 2 solver threads) and 2 workers (fresh output folders,
 *     nothing reused), time per scenario;
 *  2. reuse across scenarios: does the baseline's AMG hierarchy precondition a scenario's system (which
 *     differs in a few road cells), or do the baseline voltages make a good initial guess?
 *
 * Run: node --import tsx bench/sweep.ts [--scenarios N | --quick] [--skip-throughput] [--skip-reuse]
 * CPU seconds are reported beside wall seconds: on a shared machine the wall clock measures the load.
 *
 * Measured (2026-11-24, quiet 2-core machine, 16 scenarios, full CSR engine; bench/README.md has the
 * symmetric engine's figures, 161.7 / 114.8 / 99.0 s, and a same-run comparison):
 *   1 worker on 1 solver thread 144.4 s; 1 worker on 2 solver threads (the --workers 1 default) 97.6 s
 *   (1.48x); 2 workers on 1 solver thread each (the default) 78.7 s (1.84x).
 *   Reuse (one 1 A solve, 842 290 unknowns, tol 1e-6, CPU s): fresh AMG setup 1.66 + 16 iterations 1.20;
 *   baseline hierarchy 21 iterations 1.50 (no setup); fresh + baseline voltages as x0 13 its 0.99;
 *   baseline hierarchy + baseline voltages 18 its 1.30. With 4 solves per scenario the last saves about
 *   a fifth of the solver time (6.5 -> 5.2 CPU s; 13 % of a scenario's 9.5 CPU s) on structure-only
 *   scenarios (fences change the node set).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildCircuitGraph } from "../src/graph/circuit-graph.ts";
import { mergeRegionLayers } from "../src/graph/regions.ts";
import { componentNodes, componentSystem } from "../src/circuit/system.ts";
import { AmgHierarchy } from "../src/solve/amg.ts";
import { Pcg } from "../src/solve/pcg.ts";
import { createSolver } from "../src/solve/index.ts";
import { burnScenario } from "../src/scenario/burn.ts";
import { executeJobs } from "../src/scenario/execute.ts";
import { loadStudy, makeJob, type Job } from "../src/scenario/study.ts";
import { loadSweep } from "../src/scenario/sweep.ts";

const args = process.argv.slice(2);
const arg = (k: string) => {
  const i = args.indexOf(k);
  return i >= 0 ? args[i + 1] : undefined;
};
// --quick: 4 scenarios, a smoke run of the whole benchmark
const limit = Number(arg("--scenarios") ?? (args.includes("--quick") ? 4 : Infinity));
const sweepFile = resolve(arg("--sweep") ?? "scenarios/demo-sweep.yaml");

const { scenarioFile, scenarioPath, items } = loadSweep(sweepFile);
const study = await loadStudy(scenarioPath, scenarioFile);
const jobs: Job[] = [];
for (const it of items.slice(0, limit)) {
  jobs.push(
    await makeJob(
      study,
      it.name,
      it.baseline,
      it.add.length ? { name: it.name, add: it.add, remove: [], change: [], fences: [] } : null,
      [it.parameters],
      "bench",
    ),
  );
}
const cells = study.landscape.template.width * study.landscape.template.height;
console.log(
  `demo sweep: ${jobs.length} scenarios on ${study.landscape.template.width} x ${study.landscape.template.height} = ${cells} cells, ${study.landscape.cores.length} cores`,
);

if (!args.includes("--skip-throughput")) {
  const rows: string[][] = [];
  let t1 = 0;
  // 1 worker on 1 solver thread (all serial), 1 worker on the engine's 2 solver threads (what
  // `--workers 1` does: the k-1 column solves of each scenario in parallel), 2 workers on 1 thread each.
  for (const [workers, threads] of [
    [1, 1],
    [1, undefined],
    [2, undefined],
  ] as const) {
    const dir = mkdtempSync(join(tmpdir(), `crossway-bench-sweep-${workers}-`));
    const cpu0 = process.cpuUsage();
    const s = await executeJobs(study, jobs, dir, { workers, threads, quiet: true });
    const cpu = process.cpuUsage(cpu0);
    rmSync(dir, { recursive: true, force: true });
    if (s.failed.length) console.log(`  ${s.failed.length} failed: ${s.failed[0].error}`);
    if (t1 === 0) t1 = s.seconds;
    rows.push([
      `${workers}${workers === 1 ? (threads === 1 ? ", 1 solver thread" : ", 2 solver threads") : ", 1 solver thread each"}`,
      String(s.done),
      s.seconds.toFixed(1),
      ((s.done / s.seconds) * 60).toFixed(2),
      ((s.seconds * workers) / s.done).toFixed(2),
      ((cpu.user + cpu.system) / 1e6).toFixed(1),
      (t1 / s.seconds).toFixed(2),
    ]);
  }
  console.log("\n| workers | scenarios | wall s | scenarios/min | wall s per scenario per worker | process CPU s | speedup |");
  console.log("|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

if (!args.includes("--skip-reuse")) {
  // Baseline and one structure-only scenario: same graph nodes, a few changed conductances.
  const base = jobs[0];
  const scen = jobs.find((j) => j.scenario.structures.some((s) => s.status === "new"))!;
  const ls = { ...study.landscape, land: study.lands.get(base.landKey)! };
  const system = (job: Job) => {
    const burnt = burnScenario(ls.land, ls.road, job.scenario);
    const grid = { ...ls.template, data: burnt.resistance };
    const regions = mergeRegionLayers(cells, [ls.focal.data]);
    const graph = buildCircuitGraph(grid, { regions, neighbors: study.config.analysis.neighbours });
    const comps = componentNodes(graph);
    const west = ls.cores.find((c) => c.side === "west")!.id;
    const east = ls.cores.find((c) => c.side === "east")!.id;
    let gNode = -1;
    let sNode = -1;
    for (let i = 0; i < cells; i++) {
      if (ls.focal.data[i] === west) gNode = graph.nodeOfCell[i];
      if (ls.focal.data[i] === east) sNode = graph.nodeOfCell[i];
    }
    const nodes = comps[graph.component[gNode]];
    const localOf = new Int32Array(graph.nNodes).fill(-1);
    const sys = componentSystem(graph, nodes, localOf, [gNode]);
    const b = new Float64Array(nodes.length);
    b[nodes.indexOf(sNode)] = 1;
    return { A: sys.A, b, n: nodes.length };
  };
  const B = system(base);
  const S = system(scen);
  if (B.n !== S.n) throw new Error("baseline and scenario graphs differ in nodes; pick a structure-only scenario");
  const tol = study.config.analysis.tolerance;
  // CPU seconds of this (single-threaded) process: robust to other load on the machine.
  const time = <T>(f: () => T): [T, number] => {
    const t = process.cpuUsage();
    const r = f();
    const d = process.cpuUsage(t);
    return [r, (d.user + d.system) / 1e6];
  };
  const [hB, setupB] = time(() => new AmgHierarchy(B.A));
  const xB = new Float64Array(B.n);
  const [rB, solveB] = time(() => new Pcg(B.A, (r, z) => hB.apply(r, z)).solve(B.b, xB, tol, 5000));
  const [hS, setupS] = time(() => new AmgHierarchy(S.A));
  const x1 = new Float64Array(S.n);
  const [r1, solve1] = time(() => new Pcg(S.A, (r, z) => hS.apply(r, z)).solve(S.b, x1, tol, 5000));
  const x2 = new Float64Array(S.n);
  const [r2, solve2] = time(() => new Pcg(S.A, (r, z) => hB.apply(r, z)).solve(S.b, x2, tol, 5000));
  const x3 = Float64Array.from(xB);
  const [r3, solve3] = time(() => new Pcg(S.A, (r, z) => hS.apply(r, z)).solve(S.b, x3, tol, 5000));
  const x4 = Float64Array.from(xB);
  const [r4, solve4] = time(() => new Pcg(S.A, (r, z) => hB.apply(r, z)).solve(S.b, x4, tol, 5000));
  const [, auto] = time(() => createSolver(S.A, {}));
  console.log(
    `\nreuse on '${scen.name}' vs baseline (one grounded solve, n = ${S.n}, tol ${tol}; createSolver setup ${auto.toFixed(2)} s):`,
  );
  console.log("| variant | setup CPU s | iterations | solve CPU s | setup + solve CPU s |");
  console.log("|---|---:|---:|---:|---:|");
  console.log(
    `| baseline system, own hierarchy | ${setupB.toFixed(2)} | ${rB.iterations} | ${solveB.toFixed(2)} | ${(setupB + solveB).toFixed(2)} |`,
  );
  console.log(
    `| scenario, fresh hierarchy, x0 = 0 | ${setupS.toFixed(2)} | ${r1.iterations} | ${solve1.toFixed(2)} | ${(setupS + solve1).toFixed(2)} |`,
  );
  console.log(`| scenario, BASELINE hierarchy, x0 = 0 | 0 | ${r2.iterations} | ${solve2.toFixed(2)} | ${solve2.toFixed(2)} |`);
  console.log(
    `| scenario, fresh hierarchy, x0 = baseline voltages | ${setupS.toFixed(2)} | ${r3.iterations} | ${solve3.toFixed(2)} | ${(setupS + solve3).toFixed(2)} |`,
  );
  console.log(
    `| scenario, BASELINE hierarchy, x0 = baseline voltages | 0 | ${r4.iterations} | ${solve4.toFixed(2)} | ${solve4.toFixed(2)} |`,
  );
  let maxDiff = 0;
  for (let i = 0; i < S.n; i++) maxDiff = Math.max(maxDiff, Math.abs(x2[i] - x1[i]));
  console.log(
    `max |V(baseline-preconditioned) - V(fresh)| = ${maxDiff.toExponential(2)} V (residuals ${r1.relResidual.toExponential(1)}, ${r2.relResidual.toExponential(1)})`,
  );
}
