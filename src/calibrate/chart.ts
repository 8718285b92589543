/**
 * calibration.png: one panel per fitted parameter with its profile log-likelihood (the points the
 * profile walk evaluated, the fitted value marked, the interval's cut drawn as a dashed line), and
 * below them the fit along the road: observed counts per segment as bars, the fitted expectation as
 * a line, crossings above road kills.
 */
import type { SKRSContext2D } from "@napi-rs/canvas";
import { chartFrame } from "../render/chart-frame.ts";
import { font } from "../render/fonts.ts";
import { formatNumber, niceTicks } from "../render/nice.ts";
import { STYLE } from "../render/style.ts";
import type { FittedParameter } from "./run.ts";

export interface CalibrationChart {
  name: string;
  params: FittedParameter[];
  profiles: { value: number; logLik: number }[][];
  logLikMax: number;
  drop: number;
  segLen: number;
  /** Per group (crossings, road kills or null). */
  observed: (number[] | null)[];
  expected: number[][];
}

const W = 2000;

function axes(ctx: SKRSContext2D, x0: number, y0: number, w: number, h: number): void {
  ctx.strokeStyle = STYLE.ink;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x0, y0 + h);
  ctx.lineTo(x0 + w, y0 + h);
  ctx.stroke();
}

function profilePanel(ctx: SKRSContext2D, c: CalibrationChart, j: number, x0: number, y0: number, w: number, h: number): void {
  const p = c.params[j];
  const pts = [...c.profiles[j]].sort((a, b) => a.value - b.value);
  ctx.fillStyle = STYLE.ink;
  ctx.font = font(22, "bold");
  ctx.textAlign = "left";
  ctx.fillText(p.name, x0, y0 - 14);
  axes(ctx, x0, y0, w, h);
  if (pts.length === 0) return;
  const tx = (v: number) => (p.scale === "log" ? Math.log(v) : v);
  const lo = tx(Math.min(...pts.map((q) => q.value)));
  const hi = tx(Math.max(...pts.map((q) => q.value)));
  const span = hi - lo || 1;
  const yLo = c.logLikMax - Math.max(3 * c.drop, ...pts.map((q) => c.logLikMax - q.logLik).filter((d) => d < 10 * c.drop));
  const X = (v: number) => x0 + 10 + ((tx(v) - lo) / span) * (w - 20);
  const Y = (ll: number) => y0 + h - ((Math.max(yLo, ll) - yLo) / (c.logLikMax - yLo || 1)) * (h - 10);
  // the cut
  ctx.setLineDash([10, 8]);
  ctx.strokeStyle = "#b5485a";
  ctx.beginPath();
  ctx.moveTo(x0, Y(c.logLikMax - c.drop));
  ctx.lineTo(x0 + w, Y(c.logLikMax - c.drop));
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.strokeStyle = "#1d4e89";
  ctx.lineWidth = 3;
  ctx.beginPath();
  pts.forEach((q, i) => (i === 0 ? ctx.moveTo(X(q.value), Y(q.logLik)) : ctx.lineTo(X(q.value), Y(q.logLik))));
  ctx.stroke();
  ctx.fillStyle = "#1d4e89";
  for (const q of pts) {
    ctx.beginPath();
    ctx.arc(X(q.value), Y(q.logLik), 6, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.fillStyle = "#b5485a";
  ctx.beginPath();
  ctx.arc(X(p.best), Y(c.logLikMax), 9, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = STYLE.muted;
  ctx.font = font(17);
  ctx.textAlign = "center";
  ctx.fillText(formatNumber(pts[0].value), X(pts[0].value), y0 + h + 24);
  ctx.fillText(formatNumber(pts[pts.length - 1].value), X(pts[pts.length - 1].value), y0 + h + 24);
  ctx.fillStyle = STYLE.ink;
  ctx.fillText(`fitted ${formatNumber(p.best)}`, X(p.best), y0 + h + 48);
}

function fitPanel(ctx: SKRSContext2D, c: CalibrationChart, g: number, label: string, x0: number, y0: number, w: number, h: number): void {
  const obs = c.observed[g];
  const exp = c.expected[g];
  if (!obs || !exp) return;
  axes(ctx, x0, y0, w, h);
  const n = obs.length;
  const yMax = Math.max(1, ...obs, ...exp);
  const X = (s: number) => x0 + (s / n) * w;
  const Y = (v: number) => y0 + h - (v / yMax) * h;
  ctx.fillStyle = g === 0 ? "rgba(29,78,137,0.45)" : "rgba(181,72,90,0.45)";
  obs.forEach((v, s) => ctx.fillRect(X(s), Y(v), Math.max(1, w / n - 1), y0 + h - Y(v)));
  ctx.strokeStyle = STYLE.ink;
  ctx.lineWidth = 2.5;
  ctx.beginPath();
  exp.forEach((v, s) => {
    if (s === 0) ctx.moveTo(X(s), Y(v));
    else ctx.lineTo(X(s), Y(v));
    ctx.lineTo(X(s + 1), Y(v));
  });
  ctx.stroke();
  ctx.fillStyle = STYLE.ink;
  ctx.font = font(20, "bold");
  ctx.textAlign = "left";
  ctx.fillText(`${label}: observed per ${formatNumber(c.segLen)} m segment (bars), expected at the fit (line)`, x0, y0 - 12);
  ctx.font = font(16);
  ctx.fillStyle = STYLE.muted;
  ctx.textAlign = "center";
  const km = (n * c.segLen) / 1000;
  for (const t of niceTicks(0, km, 10)) ctx.fillText(formatNumber(t), x0 + (t / km) * w, y0 + h + 22);
}

export async function renderCalibrationChart(c: CalibrationChart): Promise<Buffer> {
  const d = c.params.length;
  const perRow = Math.min(3, Math.max(1, d));
  const rows = Math.ceil(d / perRow);
  const fits = c.observed.filter((o) => o).length;
  const H = 150 + rows * 420 + fits * 330 + 60;
  const { canvas, ctx } = chartFrame(
    W,
    H,
    `${c.name}: parameters fitted to the observations`,
    "Profile log-likelihood per parameter (others re-fitted); the dashed line is the interval's cut",
  );
  const pw = (W - 100) / perRow - 60;
  for (let j = 0; j < d; j++) {
    const col = j % perRow;
    const row = Math.floor(j / perRow);
    profilePanel(ctx, c, j, 60 + col * (pw + 60), 170 + row * 420, pw, 300);
  }
  let y = 170 + rows * 420 + 20;
  for (const [g, label] of [
    [0, "Crossings"],
    [1, "Road kills"],
  ] as const) {
    if (!c.observed[g]) continue;
    fitPanel(ctx, c, g, label, 60, y, W - 120, 240);
    y += 330;
  }
  return canvas.encode("png");
}
