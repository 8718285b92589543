/**
 * How sure is the ranking? One row per scenario (most often first at the top): on the left a bar of
 * the probability that it ranks first over the parameter draws, on the right its rank's 5-95 % range
 * as a line with the median as a dot (rank 1 at the left). PNG for the report.
 */
import type { RankSummary } from "../uncertainty/run.ts";
import { chartFrame } from "./chart-frame.ts";
import { font } from "./fonts.ts";
import { STYLE } from "./style.ts";

export async function renderRankChart(summary: readonly RankSummary[], draws: number, varied: string): Promise<Buffer> {
  const rows = [...summary].sort((a, b) => b.p_first - a.p_first || a.mean_rank - b.mean_rank);
  const W = 2000;
  const rowH = 54;
  const top = 190;
  const H = top + rows.length * rowH + 90;
  const { canvas, ctx } = chartFrame(
    W,
    H,
    "How sure is the ranking?",
    `${draws} parameter draws (${varied}); each scenario ranked against each draw's baseline`,
  );
  const nameX = 48;
  const barX = 560;
  const barW = 560;
  const rankX = 1260;
  const rankW = 660;
  const n = Math.max(rows.length, ...rows.map((r) => r.rank_p95));
  const R = (rank: number) => rankX + ((rank - 1) / Math.max(1, n - 1)) * rankW;
  ctx.font = font(20, "bold");
  ctx.fillStyle = STYLE.ink;
  ctx.fillText("Probability of ranking first", barX, top - 40);
  ctx.fillText("Rank: 5-95 % of draws, median", rankX, top - 40);
  ctx.font = font(17);
  ctx.fillStyle = STYLE.muted;
  ctx.textAlign = "center";
  for (const p of [0, 0.5, 1]) ctx.fillText(`${Math.round(p * 100)} %`, barX + p * barW, top - 12);
  for (const k of [1, Math.ceil(n / 2), n]) ctx.fillText(String(k), R(k), top - 12);
  ctx.textAlign = "left";
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    if (i % 2 === 0) {
      ctx.fillStyle = "rgba(0,0,0,0.035)";
      ctx.fillRect(nameX - 10, y, W - 2 * nameX + 20, rowH);
    }
    const mid = y + rowH / 2;
    ctx.fillStyle = STYLE.ink;
    ctx.font = font(20);
    ctx.textBaseline = "middle";
    let label = r.scenario;
    while (ctx.measureText(label).width > barX - nameX - 30 && label.length > 4) label = `${label.slice(0, -2)}…`;
    ctx.fillText(label, nameX, mid);
    ctx.fillStyle = "#2a9d8f";
    ctx.fillRect(barX, y + 12, Math.max(r.p_first > 0 ? 2 : 0, r.p_first * barW), rowH - 24);
    ctx.fillStyle = STYLE.ink;
    ctx.font = font(17);
    ctx.fillText(`${Math.round(r.p_first * 100)} %`, barX + r.p_first * barW + 10, mid);
    ctx.strokeStyle = "#1d4e89";
    ctx.lineWidth = 5;
    ctx.beginPath();
    ctx.moveTo(R(r.rank_p05), mid);
    ctx.lineTo(R(r.rank_p95) + (r.rank_p95 === r.rank_p05 ? 1 : 0), mid);
    ctx.stroke();
    ctx.fillStyle = "#1d4e89";
    ctx.beginPath();
    ctx.arc(R(r.rank_median), mid, 10, 0, 2 * Math.PI);
    ctx.fill();
  });
  ctx.textBaseline = "alphabetic";
  ctx.strokeStyle = STYLE.ink;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(barX, top);
  ctx.lineTo(barX, top + rows.length * rowH);
  ctx.moveTo(rankX, top + rows.length * rowH);
  ctx.lineTo(rankX + rankW, top + rows.length * rowH);
  ctx.stroke();
  return canvas.encode("png");
}
