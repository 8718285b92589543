/**
 * Checks a siting run against full solves of its own scenario file: every number of the 10 best
 * candidates (candidates.csv) and of every plan step (plan.csv) against results.csv of
 * `crossway run DIR/scenarios.yaml --solve full`, as a largest relative difference per column.
 *
 *   crossway site scenarios/demo.yaml --out /tmp/site
 *   crossway run /tmp/site/scenarios.yaml --solve full --no-maps --out /tmp/site-run
 *   node --import tsx bench/check-siting.ts /tmp/site /tmp/site-run
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [site, run] = process.argv.slice(2);
if (!site || !run) throw new Error("usage: bench/check-siting.ts SITE_DIR RUN_DIR");
const csv = (file: string) => {
  const [head, ...rows] = readFileSync(file, "utf8").trim().split("\n");
  const cols = head.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [cols[i], v])));
};
const results = new Map(csv(join(run, "results.csv")).map((r) => [r.scenario, r]));
const columns = [
  "effective_resistance",
  "delta_effective_resistance_pct",
  "success_probability",
  "delta_success_pct",
  "road_deaths",
  "delta_road_deaths_pct",
  "least_cost_distance",
  "delta_least_cost_pct",
  "crossing_current_share",
];
const worst: Record<string, number> = Object.fromEntries(columns.map((c) => [c, 0]));
let n = 0;
const check = (name: string, row: Record<string, string>) => {
  const r = results.get(name);
  if (!r) throw new Error(`${name} is not in ${run}/results.csv`);
  n++;
  for (const c of columns) {
    if (row[c] === "" && r[c] === "") continue;
    const a = Number(row[c]);
    const b = Number(r[c]);
    worst[c] = Math.max(worst[c], Math.abs(a - b) / Math.max(Math.abs(b), 1e-12));
  }
};
csv(join(site, "candidates.csv"))
  .slice(0, 10)
  .forEach((row) => check(`single-${row.id}`, row));
csv(join(site, "plan.csv")).forEach((row, k) => check(`plan-step-${k + 1}`, row));
console.log(`${n} scenarios compared; largest relative difference per column:`);
for (const c of columns) console.log(`  ${c.padEnd(32)} ${worst[c].toExponential(2)}`);
console.log(`largest of all: ${Math.max(...Object.values(worst)).toExponential(2)}`);
