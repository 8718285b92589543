/**
 * `npm run bench`: every benchmark, one after the other, each in its own process (so peak memory
 * belongs to one measurement), side by side with the Python references in ../shared/bench.
 *
 *   npm run bench                    the standard set (minutes)
 *   npm run bench -- --quick         smaller sizes, for a smoke run
 *   npm run bench -- circuit solver  only the named benchmarks (circuit, solver, leastcost, io, sweep, schur, incremental, calibrate)
 *   npm run bench -- --scale         adds the scaling table up to 3000 x 3000 cells (long)
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const scale = args.includes("--scale");
const named = args.filter((a) => !a.startsWith("--"));

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

const benches: { name: string; file: string; args: string[] }[] = [
  {
    name: "circuit",
    file: "circuit.ts",
    args: quick ? ["--sizes", "250,500"] : scale ? ["--sizes", "250,500,1000,2000,3000"] : ["--sizes", "250,500,1000"],
  },
  { name: "solver", file: "solver.ts", args: quick ? ["--size", "300", "--solves", "2"] : [] },
  { name: "leastcost", file: "leastcost.ts", args: quick ? ["--quick"] : scale ? ["--sizes", "250,500,1000,2000,3000", "--standard"] : [] },
  { name: "io", file: "io.ts", args: quick ? ["--quick"] : [] },
  { name: "sweep", file: "sweep.ts", args: quick ? ["--quick"] : [] },
  { name: "schur", file: "schur.ts", args: quick ? ["--sizes", "300x300", "--amg-solves", "1"] : [] },
  // the road-band model: the demo scenarios side by side with full solves (quick: small synthetic landscapes)
  quick
    ? { name: "incremental", file: "incremental-scaling.ts", args: ["--sizes", "200x150,400x300"] }
    : { name: "incremental", file: "incremental.ts", args: ["scenarios/demo.yaml", "--full", "2"] },
  ...(scale ? [{ name: "incremental", file: "incremental-scaling.ts", args: [] }] : []),
  // calibration recovers the truth within its intervals: coverage over seeds on the reduced landscape
  { name: "calibrate", file: "calibrate-coverage.ts", args: quick ? ["--seeds", "3"] : ["--seeds", "20"] },
];

let failed = 0;
for (const b of benches) {
  if (named.length > 0 && !named.includes(b.name)) continue;
  if (!existsSync(here(b.file))) continue;
  console.log(`\n=== ${b.name} ===`);
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", here(b.file), ...b.args], { stdio: "inherit" });
  if (r.status !== 0) {
    failed++;
    console.log(`(${b.name} exited with ${r.status ?? r.signal})`);
  }
}
process.exitCode = failed ? 1 : 0;
