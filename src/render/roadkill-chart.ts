/**
 * The road-kill profile chart: expected road deaths per highway segment along the road's chainage
 * (scenarios/METRICS.md, "Mortality"), the baseline as bars and one scenario as a step line over them,
 * with its fences shaded and the structures marked, so a planner sees where a fence or a structure moves
 * the deaths. Plain arrays in, PNG out; drawn beside the crossing-current profile (chart.ts).
 */
import { CrosswayError } from "../util/errors.ts";
import { chartFrame } from "./chart-frame.ts";
import { font } from "./fonts.ts";
import { formatNumber, niceTicks } from "./nice.ts";
import { STYLE } from "./style.ts";
import { drawCrossingSymbol } from "./symbols.ts";
import { ILLUSTRATIVE_NOTE } from "./map.ts";

export interface RoadKillChartSpec {
  title: string;
  subtitle?: string;
  fromKm: ArrayLike<number>;
  toKm: ArrayLike<number>;
  /** The baseline's expected road deaths per segment (bars). */
  baseline: ArrayLike<number>;
  baselineLabel?: string;
  /** A scenario's deaths per segment (a step line), with its name for the key. */
  scenario?: { name: string; deaths: ArrayLike<number> };
  /** Fenced stretches of the scenario (shaded). */
  fences?: { fromKm: number; toKm: number }[];
  structures?: { km: number; name: string; type: string; proposed?: boolean }[];
  illustrative?: boolean;
  width?: number;
  height?: number;
}

const BAR = "#b5485a";
const LINE = "#1d4e89";
const FENCE_SHADE = "rgba(230,57,70,0.13)";

export async function renderRoadKillChart(spec: RoadKillChartSpec): Promise<Buffer> {
  const n = spec.baseline.length;
  if (spec.fromKm.length !== n || spec.toKm.length !== n || (spec.scenario && spec.scenario.deaths.length !== n)) {
    throw new CrosswayError(
      `road-kill chart: fromKm (${spec.fromKm.length}), toKm (${spec.toKm.length}), baseline (${n})${spec.scenario ? ` and scenario (${spec.scenario.deaths.length})` : ""} must have the same length`,
    );
  }
  if (n === 0) throw new CrosswayError("road-kill chart: no road segments to draw");
  const W = spec.width ?? 2000;
  const H = spec.height ?? 900;
  const { canvas, ctx } = chartFrame(W, H, spec.title, spec.subtitle);

  const left = 130;
  const right = W - 50;
  const top = spec.subtitle ? 190 : 160;
  const bottom = H - 130;
  let kmMin = Infinity;
  let kmMax = -Infinity;
  let vMax = 0;
  for (let i = 0; i < n; i++) {
    kmMin = Math.min(kmMin, spec.fromKm[i]);
    kmMax = Math.max(kmMax, spec.toKm[i]);
    if (Number.isFinite(spec.baseline[i])) vMax = Math.max(vMax, spec.baseline[i]);
    const s = spec.scenario?.deaths[i];
    if (s !== undefined && Number.isFinite(s)) vMax = Math.max(vMax, s);
  }
  if (vMax === 0) vMax = 1;
  vMax *= 1.08;
  const X = (km: number) => left + ((km - kmMin) / (kmMax - kmMin || 1)) * (right - left);
  const Y = (v: number) => bottom - (v / vMax) * (bottom - top);

  // Fenced stretches first, under everything.
  ctx.fillStyle = FENCE_SHADE;
  for (const f of spec.fences ?? []) ctx.fillRect(X(f.fromKm), top, Math.max(1, X(f.toKm) - X(f.fromKm)), bottom - top);

  ctx.font = font(18);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of niceTicks(0, vMax, 6)) {
    const y = Y(v);
    ctx.strokeStyle = v === 0 ? STYLE.ink : "#e3e6ea";
    ctx.lineWidth = v === 0 ? 1.5 : 1;
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    ctx.fillStyle = STYLE.muted;
    ctx.fillText(formatNumber(v), left - 12, y);
  }
  ctx.save();
  ctx.translate(36, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = "center";
  ctx.fillStyle = STYLE.ink;
  ctx.font = font(19);
  ctx.fillText("Expected road deaths per animal", 0, 0);
  ctx.restore();

  for (let i = 0; i < n; i++) {
    const v = spec.baseline[i];
    if (!Number.isFinite(v) || v <= 0) continue;
    const x0 = X(spec.fromKm[i]);
    const x1 = X(spec.toKm[i]);
    ctx.fillStyle = BAR;
    ctx.fillRect(x0, Y(v), Math.max(1, x1 - x0 - (x1 - x0 > 4 ? 1 : 0)), Y(0) - Y(v));
  }
  if (spec.scenario) {
    ctx.strokeStyle = LINE;
    ctx.lineWidth = 3;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const v = Number.isFinite(spec.scenario.deaths[i]) ? spec.scenario.deaths[i] : 0;
      if (i === 0) ctx.moveTo(X(spec.fromKm[i]), Y(v));
      else ctx.lineTo(X(spec.fromKm[i]), Y(v));
      ctx.lineTo(X(spec.toKm[i]), Y(v));
    }
    ctx.stroke();
  }

  const structs = [...(spec.structures ?? [])].sort((a, b) => a.km - b.km);
  let lastX = -Infinity;
  let row = 0;
  for (const s of structs) {
    const x = X(s.km);
    ctx.save();
    ctx.setLineDash([6, 5]);
    ctx.strokeStyle = "rgba(27,31,36,0.45)";
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    ctx.moveTo(x, top - 10);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.restore();
    drawCrossingSymbol(ctx, s.type, x, top - 22, 10, s.proposed);
    row = x - lastX < 190 ? (row + 1) % 2 : 0;
    lastX = x;
    ctx.font = font(16, "bold");
    ctx.fillStyle = STYLE.ink;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText(s.name, x, top - 40 - row * 20);
  }

  ctx.strokeStyle = STYLE.ink;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(left, bottom);
  ctx.lineTo(right, bottom);
  ctx.stroke();
  ctx.font = font(18);
  ctx.fillStyle = STYLE.muted;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const km of niceTicks(kmMin, kmMax, 12)) {
    const x = X(km);
    ctx.beginPath();
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + 7);
    ctx.stroke();
    ctx.fillText(formatNumber(km), x, bottom + 12);
  }
  ctx.fillStyle = STYLE.ink;
  ctx.font = font(19);
  ctx.fillText("Distance along the highway (km)", (left + right) / 2, bottom + 44);

  const ky = H - 34;
  let kx = 48;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.font = font(17);
  const key: [string, string, "bar" | "line"][] = [[BAR, spec.baselineLabel ?? "baseline", "bar"]];
  if (spec.scenario) key.push([LINE, spec.scenario.name, "line"]);
  if (spec.fences?.length) key.push([FENCE_SHADE, "fenced stretch", "bar"]);
  for (const [color, label, kind] of key) {
    if (kind === "bar") {
      ctx.fillStyle = color;
      ctx.fillRect(kx, ky - 9, 26, 18);
    } else {
      ctx.strokeStyle = color;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(kx, ky);
      ctx.lineTo(kx + 26, ky);
      ctx.stroke();
    }
    ctx.fillStyle = STYLE.ink;
    ctx.fillText(label, kx + 34, ky);
    kx += 34 + ctx.measureText(label).width + 36;
  }
  if (spec.illustrative) {
    ctx.font = font(19, "bold");
    ctx.fillStyle = STYLE.note;
    ctx.textAlign = "right";
    ctx.fillText(ILLUSTRATIVE_NOTE, W - 48, ky);
  }
  return canvas.encode("png");
}
