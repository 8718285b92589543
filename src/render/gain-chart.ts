/**
 * The siting gain profile: each candidate type's exact gain (percent of the objective) against its
 * position along the highway, one line per type, the plan's picks marked and numbered, the existing
 * structures marked on top. Plain arrays in, PNG out (the style of roadkill-chart.ts).
 */
import { CrosswayError } from "../util/errors.ts";
import { chartFrame } from "./chart-frame.ts";
import { font } from "./fonts.ts";
import { formatNumber, niceTicks } from "./nice.ts";
import { STYLE } from "./style.ts";
import { drawCrossingSymbol } from "./symbols.ts";

export interface GainChartSpec {
  title: string;
  subtitle?: string;
  yLabel: string;
  /** One series per candidate type: positions (km, ascending) and gains (percent). */
  series: { type: string; km: number[]; gain: number[] }[];
  plan: { km: number; gain: number; label: string }[];
  existing?: { km: number; name: string; type: string }[];
  width?: number;
  height?: number;
}

const COLOURS = ["#1d4e89", "#c8553d", "#2a9d8f", "#8d6cab", "#b08900"];

export async function renderGainChart(spec: GainChartSpec): Promise<Buffer> {
  const all = spec.series.flatMap((s) => s.km);
  if (all.length === 0) throw new CrosswayError("gain chart: no candidates to draw");
  for (const s of spec.series)
    if (s.km.length !== s.gain.length)
      throw new CrosswayError(`gain chart: series '${s.type}' has ${s.km.length} positions and ${s.gain.length} gains`);
  const W = spec.width ?? 2000;
  const H = spec.height ?? 900;
  const { canvas, ctx } = chartFrame(W, H, spec.title, spec.subtitle);
  const left = 130;
  const right = W - 50;
  const top = spec.subtitle ? 190 : 160;
  const bottom = H - 130;
  const kmMin = Math.min(...all, ...(spec.existing ?? []).map((e) => e.km));
  const kmMax = Math.max(...all, ...(spec.existing ?? []).map((e) => e.km));
  const finite = spec.series.flatMap((s) => s.gain).filter(Number.isFinite);
  let vMin = Math.min(0, ...finite);
  let vMax = Math.max(0, ...finite);
  if (vMax === vMin) vMax = vMin + 1;
  const pad = 0.06 * (vMax - vMin);
  vMax += pad;
  vMin -= vMin < 0 ? pad : 0;
  const X = (km: number) => left + ((km - kmMin) / (kmMax - kmMin || 1)) * (right - left);
  const Y = (v: number) => bottom - ((v - vMin) / (vMax - vMin)) * (bottom - top);

  ctx.font = font(18);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of niceTicks(vMin, vMax, 6)) {
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
  ctx.fillText(spec.yLabel, 0, 0);
  ctx.restore();

  spec.series.forEach((s, k) => {
    ctx.strokeStyle = COLOURS[k % COLOURS.length];
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    let pen = false;
    // no line across a gap in the candidates (an existing structure, an excluded zone)
    let step = Infinity;
    for (let i = 1; i < s.km.length; i++) step = Math.min(step, s.km[i] - s.km[i - 1]);
    for (let i = 0; i < s.km.length; i++) {
      if (!Number.isFinite(s.gain[i]) || (i > 0 && s.km[i] - s.km[i - 1] > 1.5 * step)) pen = false;
      if (!Number.isFinite(s.gain[i])) continue;
      if (pen) ctx.lineTo(X(s.km[i]), Y(s.gain[i]));
      else ctx.moveTo(X(s.km[i]), Y(s.gain[i]));
      pen = true;
    }
    ctx.stroke();
  });

  for (const e of spec.existing ?? []) {
    const x = X(e.km);
    drawCrossingSymbol(ctx, e.type, x, top - 22, 10, false);
    ctx.font = font(15);
    ctx.fillStyle = STYLE.muted;
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText(e.name, x, top - 38);
  }
  spec.plan.forEach((p, k) => {
    const x = X(p.km);
    const y = Y(p.gain);
    ctx.fillStyle = "#e63946";
    ctx.beginPath();
    ctx.arc(x, y, 13, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = "#ffffff";
    ctx.font = font(16, "bold");
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(String(k + 1), x, y + 1);
    ctx.fillStyle = STYLE.ink;
    ctx.textBaseline = "bottom";
    ctx.fillText(p.label, x, y - 18);
  });

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
  ctx.fillText("Position along the highway (km)", (left + right) / 2, bottom + 44);

  const ky = H - 34;
  let kx = 48;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.font = font(17);
  spec.series.forEach((s, k) => {
    ctx.strokeStyle = COLOURS[k % COLOURS.length];
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(kx, ky);
    ctx.lineTo(kx + 26, ky);
    ctx.stroke();
    ctx.fillStyle = STYLE.ink;
    ctx.fillText(`${s.type} here alone`, kx + 34, ky);
    kx += 34 + ctx.measureText(`${s.type} here alone`).width + 36;
  });
  ctx.fillStyle = "#e63946";
  ctx.beginPath();
  ctx.arc(kx + 10, ky, 10, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = STYLE.ink;
  ctx.fillText("the plan's picks, in order (total gain after each)", kx + 30, ky);
  return canvas.encode("png");
}
