// The crossway side of bench/regions.ts, in a process of its own: the compiled library (dist/) runs a
// Circuitscape .ini as `crossway circuitscape` does, with the allocator setting of bin/crossway.js
// (set by the parent). Prints one JSON line with the time, peak RSS and the resistances written.
//   node bench/regions-child.mjs CONFIG.ini TOL [auto|per-pair]
import { readFileSync } from "node:fs";
import { runCircuitscapeIni } from "../dist/circuit/circuitscape.js";

const t0 = performance.now();
const { written } = await runCircuitscapeIni(process.argv[2], {
  tol: Number(process.argv[3]),
  regionPairs: process.argv[4] ?? "auto",
  warn: () => {},
});
const t1 = performance.now();
// Circuitscape's resistance matrix: a header row of ids, then one row per id.
const file = written.find((f) => f.endsWith("_resistances.out"));
const rows = readFileSync(file, "utf8")
  .trim()
  .split("\n")
  .map((l) => l.trim().split(/\s+/).map(Number));
const ids = rows[0].slice(1);
const resistances = [];
for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) resistances.push([ids[i], ids[j], rows[i + 1][j + 1]]);
const cpu = process.cpuUsage();
process.stdout.write(
  JSON.stringify({
    total_s: (t1 - t0) / 1000,
    peak_rss_mb: (process.resourceUsage().maxRSS * 1024) / 1048576,
    cpu_s: (cpu.user + cpu.system) / 1e6,
    resistances,
  }) + "\n",
);
