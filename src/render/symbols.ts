/**
 * Crossing-structure symbols: one shape per type so they read in greyscale too.
 *   overpass  square     (a deck over the road)
 *   underpass triangle pointing down (passage under the road)
 *   culvert   circle     (a pipe)
 *   bridge    diamond    (a span over a river)
 *   tunnel    triangle pointing up (the road goes through the hill; animals cross above)
 * Unknown types get a hexagon. A proposed structure gets a white ring around the symbol.
 */
import type { SKRSContext2D } from "@napi-rs/canvas";
import { STYLE } from "./style.ts";

export const CROSSING_TYPES = ["overpass", "underpass", "culvert", "bridge", "tunnel"] as const;

export function crossingColor(type: string): string {
  return STYLE.crossing[type] ?? "#555555";
}

function path(ctx: SKRSContext2D, type: string, x: number, y: number, r: number): void {
  ctx.beginPath();
  switch (type) {
    case "overpass":
      ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case "underpass":
      ctx.moveTo(x - r, y - r * 0.7);
      ctx.lineTo(x + r, y - r * 0.7);
      ctx.lineTo(x, y + r);
      ctx.closePath();
      break;
    case "culvert":
      ctx.arc(x, y, r * 0.85, 0, Math.PI * 2);
      break;
    case "bridge":
      ctx.moveTo(x, y - r * 1.1);
      ctx.lineTo(x + r * 1.1, y);
      ctx.lineTo(x, y + r * 1.1);
      ctx.lineTo(x - r * 1.1, y);
      ctx.closePath();
      break;
    case "tunnel":
      ctx.moveTo(x - r, y + r * 0.7);
      ctx.lineTo(x + r, y + r * 0.7);
      ctx.lineTo(x, y - r);
      ctx.closePath();
      break;
    default:
      for (let k = 0; k < 6; k++) {
        const a = (Math.PI / 3) * k;
        const px = x + r * Math.cos(a);
        const py = y + r * Math.sin(a);
        if (k === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.closePath();
  }
}

/** Draw a crossing symbol centred on (x, y) with "radius" r pixels. */
export function drawCrossingSymbol(ctx: SKRSContext2D, type: string, x: number, y: number, r: number, proposed = false): void {
  ctx.save();
  if (proposed) {
    ctx.beginPath();
    ctx.arc(x, y, r * 1.75, 0, Math.PI * 2);
    ctx.lineWidth = r * 0.35;
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
    ctx.lineWidth = r * 0.14;
    ctx.strokeStyle = STYLE.ink;
    ctx.stroke();
  }
  path(ctx, type, x, y, r);
  ctx.lineJoin = "round";
  ctx.lineWidth = r * 0.55;
  ctx.strokeStyle = "#ffffff";
  ctx.stroke();
  ctx.fillStyle = crossingColor(type);
  ctx.fill();
  ctx.lineWidth = r * 0.2;
  ctx.strokeStyle = STYLE.ink;
  ctx.stroke();
  ctx.restore();
}
