/** Map furniture: the scale bar and the north arrow, each on a light backing box. */
import type { SKRSContext2D } from "@napi-rs/canvas";
import { font } from "./fonts.ts";
import { formatNumber, scaleBarKm } from "./nice.ts";
import { STYLE } from "./style.ts";
import type { Box } from "./labels.ts";

function backing(ctx: SKRSContext2D, b: Box): void {
  ctx.save();
  ctx.fillStyle = "rgba(255,255,255,0.85)";
  ctx.strokeStyle = "rgba(0,0,0,0.25)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.roundRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0, 6);
  ctx.fill();
  ctx.stroke();
  ctx.restore();
}

/**
 * A segmented scale bar with its lower-left corner region at (x, y) (y = bottom of the box).
 * `pxPerKm`: pixels per kilometre on the map; `maxPx`: the most room the bar may take.
 * Returns the box it used, and the bar length in km (for tests).
 */
export function drawScaleBar(ctx: SKRSContext2D, x: number, yBottom: number, pxPerKm: number, maxPx: number): { box: Box; km: number } {
  const km = scaleBarKm(maxPx / pxPerKm);
  const len = km * pxPerKm;
  const seg = 4;
  const pad = 14;
  const barH = 10;
  const box = { x0: x, y0: yBottom - 70, x1: x + len + 2 * pad + 40, y1: yBottom };
  backing(ctx, box);
  const bx = x + pad;
  const by = yBottom - 30;
  ctx.save();
  for (let i = 0; i < seg; i++) {
    ctx.fillStyle = i % 2 === 0 ? STYLE.ink : "#ffffff";
    ctx.fillRect(bx + (i * len) / seg, by, len / seg, barH);
  }
  ctx.strokeStyle = STYLE.ink;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(bx, by, len, barH);
  ctx.fillStyle = STYLE.ink;
  ctx.font = font(17);
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  const unit = km >= 1 ? "km" : "m";
  const f = km >= 1 ? 1 : 1000;
  ctx.fillText("0", bx, by - 5);
  ctx.fillText(formatNumber((km * f) / 2), bx + len / 2, by - 5);
  ctx.textAlign = "left";
  ctx.fillText(`${formatNumber(km * f)} ${unit}`, bx + len - ctx.measureText(formatNumber(km * f)).width / 2, by - 5);
  ctx.restore();
  return { box, km };
}

/** A north arrow (grid north; the maps are north-up) centred at (cx, cy). */
export function drawNorthArrow(ctx: SKRSContext2D, cx: number, cy: number, size = 60): Box {
  const box = { x0: cx - size * 0.55, y0: cy - size * 0.8, x1: cx + size * 0.55, y1: cy + size * 0.75 };
  backing(ctx, box);
  const top = cy - size * 0.42;
  const bottom = cy + size * 0.5;
  const mid = cy + size * 0.22;
  const half = size * 0.26;
  ctx.save();
  ctx.lineJoin = "round";
  ctx.beginPath();
  ctx.moveTo(cx, top);
  ctx.lineTo(cx - half, bottom);
  ctx.lineTo(cx, mid);
  ctx.closePath();
  ctx.fillStyle = STYLE.ink;
  ctx.fill();
  ctx.beginPath();
  ctx.moveTo(cx, top);
  ctx.lineTo(cx + half, bottom);
  ctx.lineTo(cx, mid);
  ctx.closePath();
  ctx.fillStyle = "#ffffff";
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = STYLE.ink;
  ctx.beginPath();
  ctx.moveTo(cx, top);
  ctx.lineTo(cx - half, bottom);
  ctx.lineTo(cx, mid);
  ctx.lineTo(cx + half, bottom);
  ctx.closePath();
  ctx.stroke();
  ctx.font = font(size * 0.3, "bold");
  ctx.fillStyle = STYLE.ink;
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText("N", cx, top - 2);
  ctx.restore();
  return box;
}
