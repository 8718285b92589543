/**
 * report.html: one self-contained page for decision-makers. Images are embedded as base64 data
 * URIs so the file can be mailed or archived alone; the CSS is inline and prints on A4; nothing is
 * fetched from the network. A tiny inline script marks each image data-loaded="yes" once decoded
 * (the headless-browser test reads it back); the page works the same with scripts off.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic.ts";
import { ILLUSTRATIVE_NOTE } from "./map.ts";
import { rankByDeaths } from "./mortality-text.ts";

/** One scenario row: the columns of results.csv (issue 6), so rows can be passed straight in. */
export interface ReportRow {
  rank: number;
  scenario: string;
  effective_resistance: number;
  delta_effective_resistance_pct: number;
  crossing_current_share: number;
  least_cost_distance: number;
  delta_least_cost_pct: number;
  cost: number;
  improvement_per_cost: number;
  success_probability?: number;
  delta_success_pct?: number;
  road_deaths?: number;
  delta_road_deaths_pct?: number;
  road_deaths_avoided_pct_per_cost?: number;
}

export interface ReportImage {
  title: string;
  caption?: string;
  png: Uint8Array;
}

export interface ReportComparison {
  scenario: string;
  before: ReportImage;
  after: ReportImage;
  difference?: ReportImage;
}

export interface ReportData {
  title: string;
  subtitle?: string;
  illustrative?: boolean;
  rows: ReportRow[];
  /** Before / after maps of the top scenarios. */
  comparisons?: ReportComparison[];
  /** The road profile chart. */
  profile?: ReportImage;
  pinchPoints?: { label: string; from_km: number; to_km: number; current: number }[];
  /** Further maps (resistance, corridors ...). */
  maps?: ReportImage[];
  inputs?: { name: string; value: string }[];
  settings?: { name: string; value: string }[];
  /** What the ranking sorts by, in words. */
  objective?: string;
  /** Unit of the cost column, e.g. "million RUB". */
  costUnit?: string;
  /** Shown in the footer, e.g. an ISO time stamp; omitted when absent (keeps reports reproducible). */
  generated?: string;
  /** Cautions the reader must see before the numbers (edge effects ...), in a box at the top. */
  cautions?: string[];
  /** The species' assumptions (structure effectiveness per type, road resistance). */
  assumptions?: { name: string; value: string }[];
  /** Versions and date of the run (crossway, engine, Node). */
  provenance?: { name: string; value: string }[];
  /** Road mortality (with a mortality block): plain-words paragraphs, road-kill charts and risk maps. */
  mortality?: { paragraphs: string[]; charts: ReportImage[]; maps: ReportImage[] };
  /** Rank uncertainty (`crossway run --uncertainty`): a paragraph and the rank-probability chart. */
  uncertainty?: { paragraphs: string[]; chart: ReportImage };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function num(v: number, digits = 4): string {
  if (v === Infinity) return "disconnected";
  if (!Number.isFinite(v)) return "\u2013";
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return Number(v.toPrecision(digits)).toLocaleString("en-GB", { maximumFractionDigits: 6 });
}

function pct(v: number, signed = true): string {
  if (!Number.isFinite(v)) return "\u2013";
  const s = v.toFixed(Math.abs(v) < 10 ? 2 : 1);
  return signed && v > 0 ? `+${s}%` : `${s.replace("-", "\u2212")}%`;
}

function img(i: ReportImage, cls = ""): string {
  const b64 = Buffer.from(i.png).toString("base64");
  return `<figure class="${cls}"><img alt="${escapeHtml(i.title)}" src="data:image/png;base64,${b64}"><figcaption><strong>${escapeHtml(i.title)}</strong>${i.caption ? ` \u2014 ${escapeHtml(i.caption)}` : ""}</figcaption></figure>`;
}

function kvTable(rows: { name: string; value: string }[]): string {
  return `<table class="kv"><tbody>${rows.map((r) => `<tr><th>${escapeHtml(r.name)}</th><td>${escapeHtml(r.value)}</td></tr>`).join("")}</tbody></table>`;
}

const CSS = `
:root { --ink:#1b1f24; --muted:#5b6470; --line:#d9dde2; --accent:#0b3d2e; --good:#1d7a3a; --bad:#a4161a; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink); margin: 0; background: #f4f5f7; line-height: 1.45; }
main { max-width: 1280px; margin: 0 auto; background: #fff; padding: 36px 48px 48px; }
h1 { font-size: 30px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 17px; margin: 20px 0 8px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.caution { background: #fff4e0; border-left: 5px solid #c77700; padding: 8px 14px; margin: 12px 0 18px; }
.caution ul { margin: 4px 0 0; padding-left: 20px; }
.note { background: #fdecea; color: var(--bad); border-left: 5px solid var(--bad); padding: 8px 14px; font-weight: bold; margin: 12px 0 18px; }
.summary { font-size: 17px; background: #eef5f1; border-left: 5px solid var(--accent); padding: 10px 16px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
table.ranked th, table.ranked td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
table.ranked th { background: #f0f2f4; font-weight: bold; vertical-align: bottom; white-space: normal; }
table.ranked td.name, table.ranked th.name { text-align: left; white-space: normal; }
table.ranked tr.baseline td { background: #f7f7f7; font-style: italic; }
table.ranked tr.top td { background: #eef7f0; }
td.better { color: var(--good); font-weight: bold; } td.worse { color: var(--bad); }
table.kv th { text-align: left; width: 32%; padding: 4px 8px; color: var(--muted); font-weight: normal; vertical-align: top; border-bottom: 1px solid var(--line); }
table.kv td { padding: 4px 8px; border-bottom: 1px solid var(--line); word-break: break-word; }
figure { margin: 10px 0 18px; }
figure img { width: 100%; height: auto; border: 1px solid var(--line); display: block; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.method p { max-width: 900px; }
footer { margin-top: 36px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  body { background: #fff; }
  main { padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  figure, tr, .pair { break-inside: avoid; }
  .pair { grid-template-columns: 1fr 1fr; }
}
@page { size: A4; margin: 14mm; }
`;

const SCRIPT = `
(function () {
  function mark(img) { img.setAttribute("data-loaded", img.naturalWidth > 0 ? "yes" : "no"); img.setAttribute("data-natural-width", String(img.naturalWidth)); }
  var imgs = document.querySelectorAll("img");
  for (var i = 0; i < imgs.length; i++) {
    var im = imgs[i];
    if (im.complete) mark(im); else { im.addEventListener("load", mark.bind(null, im)); im.addEventListener("error", mark.bind(null, im)); }
  }
})();
`;

function methodText(objective: string): string {
  return `<div class="method">
<p><strong>What the model does.</strong> The landscape is divided into square cells. Each cell gets a
<em>resistance</em>: how hard it is for a leopard or tiger to move through it. Forest is easy (low resistance);
farmland, villages and above all the highway are hard (high resistance). A crossing structure (an overpass,
an underpass, a bridge) lowers the resistance of the road where it stands.</p>
<p><strong>Current and effective resistance.</strong> We treat the landscape like an electrical circuit, the
method of the widely used Circuitscape software. We connect a core habitat area on one side of the highway
to a core area on the other side and let one unit of "current" flow between them. The current spreads out
over every possible route, more of it along easy routes: it stands for the chance that a wandering animal
uses each place. The <em>effective resistance</em> between the two areas sums up how hard the whole journey
is, counting all the routes together. <strong>Lower effective resistance is better</strong>: the two areas
are better connected. A scenario that cuts it by 10% makes crossing the highway markedly easier.</p>
<p><strong>Crossing current share.</strong> Of the current that crosses the highway, the share that passes
through crossing structures rather than over the open road. Higher is better: animals that cross over the
open road risk collisions.</p>
<p><strong>Least-cost distance.</strong> The cost of the single easiest route between the two areas
(resistance times distance). Lower is better. It tells where one best corridor runs; current shows all of them.</p>
<p><strong>Road profile and pinch points.</strong> We cut the highway into segments and measure how much
current crosses each one. Segments with a lot of current and no structure are <em>pinch points</em>: places
where animals try to cross the road without help, the first candidates for a new structure or a fence that
guides animals to one.</p>
<p><strong>Ranking.</strong> Scenarios are ranked by ${escapeHtml(objective)}. <em>Improvement per cost</em> is the
percentage fall in effective resistance per million of construction cost: it shows value for money.</p>
</div>`;
}

/** The whole page as a string (exported for tests). */
export function reportHtml(d: ReportData): string {
  const costUnit = d.costUnit ?? "million";
  const rows = [...d.rows].sort((a, b) => a.rank - b.rank);
  const best = rows.find((r) => r.scenario !== "baseline");
  const cls = (v: number, lowerBetter: boolean) =>
    !Number.isFinite(v) || Math.abs(v) < 1e-12 ? "" : v < 0 === lowerBetter ? "better" : "worse";
  const withMort = rows.some((r) => r.road_deaths !== undefined);
  const mortHead = withMort
    ? `<th>Chance of crossing alive</th><th>Change in chance</th><th>Road deaths</th><th>Change in road deaths</th>`
    : "";
  const mortCells = (r: ReportRow) =>
    withMort
      ? `<td>${num(r.success_probability ?? NaN)}</td><td class="${cls(-(r.delta_success_pct ?? NaN), true)}">${pct(r.delta_success_pct ?? NaN)}</td><td>${num(r.road_deaths ?? NaN)}</td><td class="${cls(r.delta_road_deaths_pct ?? NaN, true)}">${pct(r.delta_road_deaths_pct ?? NaN)}</td>`
      : "";
  const table = `<table class="ranked" id="scenario-table"><thead><tr>
<th>Rank</th><th class="name">Scenario</th><th>Effective resistance</th><th>Change in effective resistance</th>
<th>Crossing current through structures</th><th>Least-cost distance</th><th>Change in least-cost distance</th>${mortHead}
<th>Cost (${escapeHtml(costUnit)})</th><th>Improvement per cost (% per ${escapeHtml(costUnit)})</th></tr></thead><tbody>
${rows
  .map((r) => {
    const c = r.scenario === "baseline" ? "baseline" : r === best ? "top" : "";
    return `<tr class="${c}" data-scenario="${escapeHtml(r.scenario)}"><td>${r.rank}</td><td class="name">${escapeHtml(r.scenario)}</td><td>${num(r.effective_resistance)}</td><td class="${cls(r.delta_effective_resistance_pct, true)}">${pct(r.delta_effective_resistance_pct)}</td><td>${pct(r.crossing_current_share * 100, false)}</td><td>${num(r.least_cost_distance)}</td><td class="${cls(r.delta_least_cost_pct, true)}">${pct(r.delta_least_cost_pct)}</td>${mortCells(r)}<td>${num(r.cost)}</td><td>${num(r.improvement_per_cost, 3)}</td></tr>`;
  })
  .join("\n")}
</tbody></table>`;
  // The same scenarios ranked by road deaths (fewest first), beside the ranking above.
  const byDeaths = withMort ? rankByDeaths(rows) : [];
  const deathsTable = byDeaths.length
    ? `<table class="ranked" id="deaths-table"><thead><tr><th>Rank by deaths</th><th class="name">Scenario</th><th>Road deaths per animal</th><th>Change in road deaths</th><th>Chance of crossing alive</th><th>Change in chance</th><th>Rank by the objective</th><th>Cost (${escapeHtml(costUnit)})</th><th>Road deaths avoided per cost (% per ${escapeHtml(costUnit)})</th></tr></thead><tbody>
${byDeaths
  .map(
    (r, k) =>
      `<tr class="${r.scenario === "baseline" ? "baseline" : ""}" data-scenario="${escapeHtml(r.scenario)}"><td>${k + 1}</td><td class="name">${escapeHtml(r.scenario)}</td><td>${num(r.road_deaths!)}</td><td class="${cls(r.delta_road_deaths_pct ?? NaN, true)}">${pct(r.delta_road_deaths_pct ?? NaN)}</td><td>${num(r.success_probability ?? NaN)}</td><td class="${cls(-(r.delta_success_pct ?? NaN), true)}">${pct(r.delta_success_pct ?? NaN)}</td><td>${r.rank}</td><td>${num(r.cost)}</td><td>${num(r.road_deaths_avoided_pct_per_cost ?? NaN, 3)}</td></tr>`,
  )
  .join("\n")}
</tbody></table>`
    : "";
  const m = d.mortality;
  const mortalitySection =
    withMort && m
      ? `<h2 id="road-deaths">Road deaths: fences and structures</h2>
<p>Animals that cross the open road can be killed by traffic. The model follows a random walker from each core: at every road cell it may die, with a chance set by the traffic and the animal's size and speed; structures and fenced road cells carry no deaths. <strong>Road deaths</strong> is the expected number of deaths on the road per animal that sets out from a core (averaged over the cross-road core pairs); <strong>chance of crossing alive</strong> is the probability that it reaches the core across the highway before it dies. Fewer deaths and a higher chance are better.</p>
${m.paragraphs.map((p) => `<p class="mortality-text">${escapeHtml(p)}</p>`).join("\n")}
<h3>Scenarios ranked by road deaths</h3>
${deathsTable}
${m.charts.map((c) => img(c)).join("\n")}
${m.maps.map((c) => img(c)).join("\n")}`
      : "";
  const summary = best
    ? `<p class="summary">Best scenario: <strong>${escapeHtml(best.scenario)}</strong> \u2014 effective resistance across the highway ${pct(best.delta_effective_resistance_pct)} against the baseline, ${pct(best.crossing_current_share * 100, false)} of the crossing current through structures, at a cost of ${num(best.cost)} ${escapeHtml(costUnit)}.</p>`
    : "";
  // The baseline is usually the "before" of every comparison: embed it once (a print-size PNG is
  // megabytes) and pair later scenarios with their difference map instead.
  const shown = new Set<Uint8Array>();
  const comparisons = (d.comparisons ?? [])
    .map((c) => {
      const head = `<h3>${escapeHtml(c.scenario)}</h3>`;
      if (shown.has(c.before.png) && c.difference) return `${head}<div class="pair">${img(c.after)}${img(c.difference)}</div>`;
      shown.add(c.before.png);
      return `${head}<div class="pair">${img(c.before)}${img(c.after)}</div>${c.difference ? img(c.difference) : ""}`;
    })
    .join("\n");
  const pinch = d.pinchPoints?.length
    ? `<table class="ranked"><thead><tr><th class="name">Pinch point</th><th>From (km)</th><th>To (km)</th><th>Net crossing current</th></tr></thead><tbody>${d.pinchPoints
        .map(
          (p) =>
            `<tr><td class="name">${escapeHtml(p.label)}</td><td>${num(p.from_km, 3)}</td><td>${num(p.to_km, 3)}</td><td>${num(p.current)}</td></tr>`,
        )
        .join("")}</tbody></table>`
    : "";
  const cautions = d.cautions?.length
    ? `<div class="caution" id="cautions"><strong>Cautions.</strong><ul>${d.cautions.map((c) => `<li>${escapeHtml(c)}</li>`).join("")}</ul></div>`
    : "";
  const note = d.illustrative
    ? `<p class="note">${ILLUSTRATIVE_NOTE}. The maps and figures show how the method works; they are not a survey of the real landscape.</p>`
    : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(d.title)}</title><style>${CSS}</style></head>
<body><main>
<h1>${escapeHtml(d.title)}</h1>
${d.subtitle ? `<p class="sub">${escapeHtml(d.subtitle)}</p>` : ""}
${note}
${cautions}
${summary}
<h2>Scenarios ranked</h2>
<p>${rows.length} scenarios including the baseline, ranked by ${escapeHtml(d.objective ?? "the change in effective resistance, then cost")}. Green: better than the baseline; red: worse.</p>
${table}
${d.uncertainty ? `<h2 id="rank-uncertainty">How sure is the ranking?</h2>\n${d.uncertainty.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}\n${img(d.uncertainty.chart)}` : ""}
${comparisons ? `<h2>Before and after: the top scenarios</h2>\n${comparisons}` : ""}
${mortalitySection}
${d.profile ? `<h2>Road profile and pinch points</h2>\n${img(d.profile)}\n${pinch}` : ""}
${d.maps?.length ? `<h2>Further maps</h2>\n${d.maps.map((m) => img(m)).join("\n")}` : ""}
<h2>Method in plain words</h2>
${methodText(d.objective ?? "the change in effective resistance (larger fall first), then cost")}
${d.inputs?.length ? `<h2>Inputs</h2>\n${kvTable(d.inputs)}` : ""}
${d.settings?.length ? `<h2>Settings</h2>\n${kvTable(d.settings)}` : ""}
${d.assumptions?.length ? `<h2>Species assumptions</h2>\n<p>What the species profile assumes (planning defaults, not fitted to data, unless the scenario file sets them).</p>\n${kvTable(d.assumptions)}` : ""}
${d.provenance?.length ? `<h2>Reproducibility</h2>\n${kvTable(d.provenance)}` : ""}
<footer>Made with crossway${d.generated ? ` on ${escapeHtml(d.generated)}` : ""}.${d.illustrative ? ` ${ILLUSTRATIVE_NOTE}.` : ""}</footer>
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}

/** Write DIR/report.html atomically; returns its path. */
export async function writeReport(dir: string, data: ReportData): Promise<string> {
  const path = join(dir, "report.html");
  await writeFileAtomic(path, reportHtml(data));
  return path;
}
