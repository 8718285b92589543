/**
 * Observations over the model's profiles along the road: the crossing-current profile (bars), the
 * road-kill profile (line, with a mortality block), the least-cost paths' crossings (diamonds), each
 * scaled to its own maximum, and every observation as a tick under the axis (crossings above the
 * kills). PNG, the style of src/render/roadkill-chart.ts.
 */
import { chartFrame } from "../render/chart-frame.ts";
import { font } from "../render/fonts.ts";
import { formatNumber, niceTicks } from "../render/nice.ts";
import { STYLE } from "../render/style.ts";
import type { Observation } from "./observations.ts";

export async function renderValidationChart(
  segments: { from_m: number; to_m: number; current: number; road_deaths?: number; least_cost: number }[],
  obs: Observation[],
  name: string,
): Promise<Buffer> {
  const W = 2000;
  const H = 900;
  const { canvas, ctx } = chartFrame(
    W,
    H,
    "Where the model says animals cross and die, and where they were seen",
    `${name}: each profile scaled to its own maximum`,
  );
  const left = 100;
  const right = W - 50;
  const top = 150;
  const bottom = H - 230;
  const kmMax = segments.length ? segments[segments.length - 1].to_m / 1000 : 1;
  const X = (km: number) => left + (km / (kmMax || 1)) * (right - left);
  const Y = (f: number) => bottom - f * (bottom - top);
  const maxOf = (v: number[]) => Math.max(1e-300, ...v.filter(Number.isFinite));
  const cur = segments.map((s) => Math.abs(s.current));
  const cMax = maxOf(cur);
  ctx.fillStyle = "rgba(29,78,137,0.55)";
  segments.forEach((s, i) =>
    ctx.fillRect(X(s.from_m / 1000), Y(cur[i] / cMax), Math.max(1, X(s.to_m / 1000) - X(s.from_m / 1000) - 1), Y(0) - Y(cur[i] / cMax)),
  );
  if (segments.some((s) => s.road_deaths !== undefined)) {
    const d = segments.map((s) => s.road_deaths ?? 0);
    const dMax = maxOf(d);
    ctx.strokeStyle = "#b5485a";
    ctx.lineWidth = 3;
    ctx.beginPath();
    segments.forEach((s, i) => {
      const y = Y(d[i] / dMax);
      if (i === 0) ctx.moveTo(X(s.from_m / 1000), y);
      else ctx.lineTo(X(s.from_m / 1000), y);
      ctx.lineTo(X(s.to_m / 1000), y);
    });
    ctx.stroke();
  }
  const lMax = maxOf(segments.map((s) => s.least_cost));
  ctx.fillStyle = "#2a9d8f";
  for (const s of segments) {
    if (!(s.least_cost > 0)) continue;
    const x = X((s.from_m + s.to_m) / 2000);
    const y = Y(s.least_cost / lMax);
    ctx.beginPath();
    ctx.moveTo(x, y - 10);
    ctx.lineTo(x + 10, y);
    ctx.lineTo(x, y + 10);
    ctx.lineTo(x - 10, y);
    ctx.fill();
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
  for (const km of niceTicks(0, kmMax, 12)) ctx.fillText(formatNumber(km), X(km), bottom + 8);
  // observation ticks: crossings (and camera records), then road kills
  const rows: [string, string, (o: Observation) => boolean, number][] = [
    ["observed crossings", "#1d4e89", (o) => o.kind !== "road_kill", bottom + 60],
    ["observed road kills", "#b5485a", (o) => o.kind === "road_kill", bottom + 110],
  ];
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  for (const [label, colour, which, y] of rows) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    for (const o of obs.filter(which)) {
      ctx.beginPath();
      ctx.moveTo(X(o.chainage_m / 1000), y - 14);
      ctx.lineTo(X(o.chainage_m / 1000), y + 14);
      ctx.stroke();
    }
    ctx.fillStyle = STYLE.ink;
    ctx.font = font(17);
    ctx.fillText(label, 10, y - 26);
  }
  ctx.fillStyle = STYLE.ink;
  ctx.font = font(19);
  ctx.textAlign = "center";
  ctx.fillText("Distance along the highway (km)", (left + right) / 2, H - 40);
  ctx.textAlign = "left";
  ctx.font = font(17);
  const key: [string, string][] = [
    ["rgba(29,78,137,0.55)", "crossing current (circuit)"],
    ["#b5485a", "road deaths (circuit, with mortality)"],
    ["#2a9d8f", "least-cost paths crossing"],
  ];
  let kx = 48;
  for (const [c, l] of key) {
    ctx.fillStyle = c;
    ctx.fillRect(kx, 118, 24, 16);
    ctx.fillStyle = STYLE.ink;
    ctx.fillText(l, kx + 32, 126);
    kx += 32 + ctx.measureText(l).width + 40;
  }
  return canvas.encode("png");
}
