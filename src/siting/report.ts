/**
 * The siting report (DIR/report.html) and its gain-profile chart (DIR/gain_profile.png): what was
 * searched, the gain along the highway, the best single candidates, the plan step by step, and how
 * sure the plan is (the optimality check, the first-order estimate's rank correlation).
 */
import { join } from "node:path";
import { renderGainChart } from "../render/gain-chart.ts";
import type { Study } from "../scenario/study.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import type { CandidateResult } from "./outputs.ts";
import type { SiteOutcome } from "./run.ts";
import { renderCostBenefit, renderPlanMap } from "./plan-map.ts";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "–");
const OBJECTIVE_WORDS = {
  effective_resistance: "drop in effective resistance across the highway (%)",
  success_probability: "rise in the probability that an animal reaches the far core alive (%)",
  road_deaths: "drop in expected road deaths per animal (%)",
};

export async function writeSitingReport(outDir: string, study: Study, o: SiteOutcome, spacing: number): Promise<string[]> {
  const byType = new Map<string, CandidateResult[]>();
  for (const r of o.candidates) {
    if (!byType.has(r.candidate.type)) byType.set(r.candidate.type, []);
    byType.get(r.candidate.type)!.push(r);
  }
  const series = [...byType].map(([type, rs]) => {
    const sorted = [...rs].sort((a, b) => a.candidate.chainage_m - b.candidate.chainage_m);
    return { type, km: sorted.map((r) => r.candidate.chainage_m / 1000), gain: sorted.map((r) => r.gain) };
  });
  const single = new Map(o.candidates.map((r) => [r.candidate, r.gain]));
  const png = await renderGainChart({
    title: "Where a new crossing helps most",
    subtitle: `${study.config.name}: every ${spacing} m along the highway, each type alone; ${OBJECTIVE_WORDS[o.objective]}`,
    yLabel: "Gain (%)",
    series,
    plan: o.plan.map((s) => ({ km: s.candidate.chainage_m / 1000, gain: single.get(s.candidate) ?? 0, label: `+${f(s.gain, 1)} % total` })),
    existing: study.existing.map((e) => ({ km: e.chainage_m / 1000, name: e.id, type: e.type })),
  });
  const chart = join(outDir, "gain_profile.png");
  await writeFileAtomic(chart, png);
  const mapFile = join(outDir, "plan_map.png");
  await writeFileAtomic(mapFile, await renderPlanMap(study, o.plan, o.fences, "The siting plan"));
  const curveFile = join(outDir, "cost_benefit.png");
  const steps = [
    ...o.plan.map((s, k) => ({ label: `${k + 1}. ${s.candidate.id}`, cost: s.cost, gain: s.gain })),
    ...o.fences.map((fs, k) => ({ label: `${o.plan.length + k + 1}. fence`, cost: fs.cost, gain: fs.gain })),
  ];
  await writeFileAtomic(curveFile, await renderCostBenefit(steps, OBJECTIVE_WORDS[o.objective]));

  const top = o.candidates.slice(0, 10);
  const rows = (cells: string[][]) => cells.map((c) => `<tr>${c.map((x) => `<td>${x}</td>`).join("")}</tr>`).join("\n");
  const opt = o.optimality
    .map(
      (c) =>
        `<li>${c.k} structures: the best of the ${c.tried} sets among the ${c.pool} best single candidates is ${esc(c.best.join(" + "))} (+${f(c.bestGain, 3)} %); greedy's first ${c.k} steps give +${f(c.greedyGain, 3)} % (${c.seconds.toFixed(1)} s).</li>`,
    )
    .join("\n");
  const sp = o.spearman;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(study.config.name)}: siting</title>
<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#1b1f24}table{border-collapse:collapse;margin:1em 0}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right}th{background:#f3f4f6}td:nth-child(2),th:nth-child(2){text-align:left}img{max-width:100%}</style>
</head><body>
<h1>Where should the next crossings go?</h1>
<p>${o.candidates.length} candidate structures (${esc([...byType.keys()].join(", "))}, one every ${spacing} m along the highway) were each scored exactly:
the same numbers a full run of the landscape gives (crossway's road-band model), for the ${OBJECTIVE_WORDS[o.objective]}.
The plan below was chosen step by step, re-scoring every remaining candidate exactly after each choice (${esc(o.how)}).</p>
<img src="gain_profile.png" alt="gain along the highway">
<h2>The plan</h2>
<table><tr><th>step</th><th>structure</th><th>km</th><th>cost</th><th>cumulative cost</th><th>total gain %</th><th>this step %</th><th>effective resistance change %</th><th>success change %</th><th>road deaths change %</th></tr>
${rows(o.plan.map((s, k) => [String(k + 1), `${esc(s.candidate.type)} ${esc(s.candidate.id)}`, f(s.candidate.chainage_m / 1000), String(s.candidate.cost_musd), String(s.cost), f(s.gain), f(s.marginal), f(o.planRows[k].row.delta_effective_resistance_pct), f(o.planRows[k].row.delta_success_pct), f(o.planRows[k].row.delta_road_deaths_pct)]))}
${rows(o.fences.map((fs, k) => [String(o.plan.length + k + 1), `fence ${esc(fs.fence.id)}`, `${f(fs.fence.from_m / 1000)}-${f(fs.fence.to_m / 1000)}`, String(fs.fence.cost_musd), String(fs.cost), f(fs.gain), f(fs.marginal), f(o.fenceRows[k].row.delta_effective_resistance_pct), f(o.fenceRows[k].row.delta_success_pct), f(o.fenceRows[k].row.delta_road_deaths_pct)]))}
</table>
<img src="plan_map.png" alt="map of the plan">
<img src="cost_benefit.png" alt="gain against cumulative cost">
<h2>The best single candidates</h2>
<table><tr><th>rank</th><th>structure</th><th>km</th><th>cost</th><th>gain %</th><th>gain % per cost</th><th>effective resistance change %</th><th>least-cost distance change %</th><th>first-order estimate %</th></tr>
${rows(top.map((r) => [String(r.rank), `${esc(r.candidate.type)} ${esc(r.candidate.id)}`, f(r.candidate.chainage_m / 1000), String(r.candidate.cost_musd), f(r.gain), f(r.gain / r.candidate.cost_musd, 3), f(r.scored.row.delta_effective_resistance_pct), f(r.scored.row.delta_least_cost_pct), f(r.firstOrderDeltaErPct)]))}
</table>
<h2>How sure is the plan?</h2>
<ul>
${sp ? `<li>The first-order estimate from the baseline alone (no solve per candidate) ranks the candidates with a Spearman correlation of ${f(sp.vs_exact_effective_resistance, 3)} against their exact effective-resistance gains and ${f(sp.vs_objective, 3)} against the objective's: ${sp.vs_objective > 0.9 ? "a good guide" : "not a substitute for the exact scores"}.</li>` : ""}
${sp && Number.isFinite(sp.barrier_mapper_vs_objective) ? `<li>Linkage Mapper's Barrier Mapper score (least-cost improvement of a circle spanning the road at each candidate, candidates.csv <code>barrier_mapper_score</code>) ranks them with a Spearman correlation of ${f(sp.barrier_mapper_vs_exact_least_cost, 3)} against their exact least-cost gains and ${f(sp.barrier_mapper_vs_objective, 3)} against the objective's.</li>` : ""}
${opt || "<li>Run with --check-optimality to compare the plan with an exhaustive search over the best candidates.</li>"}
${o.notes.map((n) => `<li><strong>Caution:</strong> ${esc(n)}</li>`).join("\n")}
<li>Choosing the best set of crossings is a hard combinatorial problem; the plan is a careful heuristic, and every number in it is exact.</li>
</ul>
<p>Files: candidates.csv and candidates.geojson (every candidate), plan.csv, scenarios.yaml (run it with <code>crossway run scenarios.yaml --out DIR</code> for maps of the plan).</p>
</body></html>
`;
  const file = join(outDir, "report.html");
  await writeFileAtomic(file, html);
  return [chart, mapFile, curveFile, file];
}
