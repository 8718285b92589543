/**
 * Two output folders of the same sweep or run (e.g. `--solve full` and `--solve incremental`) compared
 * scenario by scenario over every metric (src/incremental/compare.ts), from their stored results
 * (DIR/scenarios/<key>.json), and their results.csv row order.
 *
 *   node --import tsx bench/compare-sweeps.ts DIR_A DIR_B
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { maxRelativeDifference } from "../src/incremental/compare.ts";
import type { StoredResult } from "../src/scenario/execute.ts";

const [a, b] = process.argv.slice(2);
if (!a || !b) throw new Error("usage: bench/compare-sweeps.ts DIR_A DIR_B");
const load = (dir: string) =>
  new Map(
    readdirSync(join(dir, "scenarios"))
      .filter((f) => f.endsWith(".json"))
      .map((f) => {
        const r = JSON.parse(readFileSync(join(dir, "scenarios", f), "utf8")) as StoredResult;
        return [r.key, r] as const;
      }),
  );
const A = load(a);
const B = load(b);
let worst = 0;
let n = 0;
for (const [key, ra] of A) {
  const rb = B.get(key);
  if (!rb) continue;
  const d = maxRelativeDifference(ra.evaluation, rb.evaluation);
  worst = Math.max(worst, d);
  n++;
  const how = (r: StoredResult) =>
    `${r.evaluation.solve?.method ?? "full"}${r.evaluation.solve?.least_cost ? `/lc ${r.evaluation.solve.least_cost}` : ""}`;
  console.log(
    `${ra.scenario.name.padEnd(40)} ${how(ra).padEnd(22)} ${how(rb).padEnd(22)} ${d.toExponential(1)}  ${ra.seconds.toFixed(3)} s / ${rb.seconds.toFixed(3)} s`,
  );
}
const order = (dir: string) =>
  readFileSync(join(dir, "results.csv"), "utf8")
    .split("\n")
    .slice(1)
    .map((l) => l.split(",")[1])
    .join(" ");
console.log(
  `${n} scenarios in both; largest relative difference ${worst.toExponential(2)}; results.csv order ${order(a) === order(b) ? "the same" : "DIFFERS"}`,
);
