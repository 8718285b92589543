/**
 * The legend panel: a vertical colour bar with ticks and units, a "no data" swatch, and a key to
 * the overlay symbols that the map actually shows.
 */
import type { SKRSContext2D } from "@napi-rs/canvas";
import { font } from "./fonts.ts";
import { strokeCased } from "./overlays.ts";
import { lutCss } from "./ramps.ts";
import type { Stretch } from "./stretch.ts";
import { STYLE } from "./style.ts";
import { drawCrossingSymbol } from "./symbols.ts";

export interface KeyEntry {
  label: string;
  draw: (ctx: SKRSContext2D, x: number, y: number) => void;
}

/** Split text into lines that fit `width` at the current font. */
export function wrapText(ctx: SKRSContext2D, text: string, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (line && ctx.measureText(next).width > width) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

export interface LegendInput {
  label: string;
  units: string;
  stretch: Stretch;
  lut: Uint8Array;
  hasNodata: boolean;
  nodataColor: string;
  key: KeyEntry[];
  /** Note under the colour bar, e.g. "log scale". */
  scaleNote?: string;
}

/** Draw the legend in a column at (x, y) of the given width; returns the height used. */
export function drawLegend(ctx: SKRSContext2D, x: number, y: number, width: number, L: LegendInput, barHeight = 420): number {
  let cy = y;
  ctx.save();
  ctx.fillStyle = STYLE.ink;
  ctx.textBaseline = "top";
  ctx.textAlign = "left";
  ctx.font = font(22, "bold");
  for (const line of wrapText(ctx, L.label, width)) {
    ctx.fillText(line, x, cy);
    cy += 28;
  }
  ctx.font = font(18);
  ctx.fillStyle = STYLE.muted;
  for (const line of wrapText(ctx, L.units, width)) {
    ctx.fillText(line, x, cy);
    cy += 24;
  }
  cy += 14;

  // Colour bar: top = high values, as on a thermometer.
  const barW = 34;
  const barTop = cy;
  for (let i = 0; i < barHeight; i++) {
    const t = 1 - i / (barHeight - 1);
    ctx.fillStyle = lutCss(L.lut, t * 255);
    ctx.fillRect(x, barTop + i, barW, 1.5);
  }
  ctx.strokeStyle = STYLE.frame;
  ctx.lineWidth = 1.2;
  ctx.strokeRect(x, barTop, barW, barHeight);
  ctx.font = font(17);
  ctx.fillStyle = STYLE.ink;
  ctx.textBaseline = "middle";
  let lastY = -Infinity;
  const ticks = L.stretch.ticks().sort((a, b) => b.t - a.t);
  for (const tk of ticks) {
    const ty = barTop + (1 - tk.t) * barHeight;
    if (Math.abs(ty - lastY) < 20) continue; // never let two labels collide
    lastY = ty;
    ctx.beginPath();
    ctx.moveTo(x + barW, ty);
    ctx.lineTo(x + barW + 8, ty);
    ctx.stroke();
    ctx.fillText(tk.label, x + barW + 13, ty);
  }
  cy = barTop + barHeight + 10;
  if (L.scaleNote) {
    ctx.font = font(16, "italic");
    ctx.fillStyle = STYLE.muted;
    ctx.textBaseline = "top";
    ctx.fillText(L.scaleNote, x, cy);
    cy += 24;
  }
  if (L.hasNodata) {
    cy += 6;
    ctx.fillStyle = L.nodataColor;
    ctx.fillRect(x, cy, barW, 22);
    ctx.strokeStyle = STYLE.frame;
    ctx.strokeRect(x, cy, barW, 22);
    ctx.fillStyle = STYLE.ink;
    ctx.font = font(17);
    ctx.textBaseline = "middle";
    ctx.fillText("No data", x + barW + 13, cy + 11);
    cy += 32;
  }

  if (L.key.length) {
    cy += 18;
    ctx.fillStyle = STYLE.ink;
    ctx.font = font(20, "bold");
    ctx.textBaseline = "top";
    ctx.fillText("Map features", x, cy);
    cy += 34;
    for (const e of L.key) {
      e.draw(ctx, x + barW / 2, cy + 12);
      ctx.fillStyle = STYLE.ink;
      ctx.font = font(17);
      ctx.textBaseline = "middle";
      ctx.fillText(e.label, x + barW + 16, cy + 12);
      cy += 34;
    }
  }
  ctx.restore();
  return cy - y;
}

/** Key entry drawers for the standard overlays. */
export const keyDrawers = {
  line(casing: string, casingW: number, core: string, coreW: number, dash?: number[]) {
    return (ctx: SKRSContext2D, x: number, y: number) => {
      ctx.save();
      ctx.lineCap = "round";
      ctx.beginPath();
      ctx.moveTo(x - 17, y);
      ctx.lineTo(x + 17, y);
      strokeCased(ctx, casing, casingW, core, coreW, dash);
      ctx.restore();
    };
  },
  area(fill = "rgba(11,61,46,0.15)") {
    return (ctx: SKRSContext2D, x: number, y: number) => {
      ctx.save();
      ctx.fillStyle = fill;
      ctx.fillRect(x - 17, y - 10, 34, 20);
      ctx.strokeStyle = STYLE.coreCasing;
      ctx.lineWidth = 5;
      ctx.strokeRect(x - 17, y - 10, 34, 20);
      ctx.setLineDash([7, 4]);
      ctx.strokeStyle = STYLE.coreOutline;
      ctx.lineWidth = 2.5;
      ctx.strokeRect(x - 17, y - 10, 34, 20);
      ctx.restore();
    };
  },
  crossing(type: string, proposed = false) {
    return (ctx: SKRSContext2D, x: number, y: number) => drawCrossingSymbol(ctx, type, x, y, proposed ? 7 : 10, proposed);
  },
  village() {
    return (ctx: SKRSContext2D, x: number, y: number) => {
      ctx.save();
      ctx.beginPath();
      ctx.arc(x, y, 6, 0, Math.PI * 2);
      ctx.fillStyle = STYLE.villageFill;
      ctx.fill();
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = STYLE.villageStroke;
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(x, y, 2, 0, Math.PI * 2);
      ctx.fillStyle = STYLE.villageStroke;
      ctx.fill();
      ctx.restore();
    };
  },
};
