// The crossway side of bench/circuit.ts, in a process of its own: the compiled library (dist/, built
// by `npm run build`) as the CLI runs it, with no TypeScript loader in memory, so that its peak RSS is
// crossway's alone. Prints one JSON line.
//   node bench/circuit-child.mjs RES.tif FOCAL.tif     env: CROSSWAY_THREADS, CROSSWAY_CURRENTS=1
import { readGrid } from "../dist/io/index.js";
import { runPairwise } from "../dist/circuit/pairwise.js";

const t0 = performance.now();
const res = await readGrid(process.argv[2]);
const focal = await readGrid(process.argv[3]);
const t1 = performance.now();
const threads = process.env.CROSSWAY_THREADS ? Number(process.env.CROSSWAY_THREADS) : undefined;
const out = runPairwise(res, focal, {
  neighbors: 8,
  tol: 1e-6,
  threads,
  currents: process.env.CROSSWAY_CURRENTS === "1",
  solver: process.env.CROSSWAY_SOLVER ?? "auto",
});
const t2 = performance.now();
const k = out.ids.length;
const resistances = [];
for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) resistances.push([out.ids[i], out.ids[j], out.resistances[i * k + j]]);
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    total_s: (t2 - t0) / 1000,
    read_s: (t1 - t0) / 1000,
    solve_s: (t2 - t1) / 1000,
    peak_rss_mb: (process.resourceUsage().maxRSS * 1024) / 1048576,
    cpu_s: (cpu.user + cpu.system) / 1e6,
    iterations: out.iterations,
    resistances,
  }) + "\n",
);
