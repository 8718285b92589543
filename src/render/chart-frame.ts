/**
 * The frame every chart of the report shares: a W x H canvas on the page colour, the title (bold, top
 * left) and an optional subtitle under it, in one place so the charts keep one style.
 */
import { type Canvas, createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { font } from "./fonts.ts";
import { STYLE } from "./style.ts";

export function chartFrame(W: number, H: number, title: string, subtitle?: string): { canvas: Canvas; ctx: SKRSContext2D } {
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = STYLE.background;
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = STYLE.ink;
  ctx.font = font(38, "bold");
  ctx.textBaseline = "alphabetic";
  ctx.fillText(title, 48, 62);
  if (subtitle) {
    ctx.font = font(22);
    ctx.fillStyle = STYLE.muted;
    ctx.fillText(subtitle, 48, 98);
  }
  return { canvas, ctx };
}
