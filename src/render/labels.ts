/**
 * Label placement: each label tries the positions around its anchor (right, left, above, below and
 * the diagonals) and takes the first that overlaps no placed label or symbol and stays inside the
 * map; if none is free it takes the least crowded. Text gets a white halo so it reads on any colour.
 * Greedy, in the order labels are added: put the important ones (crossings) first.
 */
import type { SKRSContext2D } from "@napi-rs/canvas";
import { STYLE } from "./style.ts";

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface LabelRequest {
  text: string;
  x: number;
  y: number;
  /** Gap between the anchor and the text (e.g. the symbol radius). */
  gap: number;
  font: string;
  color?: string;
  /** Place centred on the anchor (area labels) before trying the sides. */
  centred?: boolean;
  /** Higher is placed first (gets the free spots). */
  priority?: number;
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

export class LabelLayer {
  private placed: Box[] = [];
  private requests: LabelRequest[] = [];
  constructor(private readonly bounds: Box) {}

  /** Reserve an area (a symbol, the legend inset) that labels must avoid. */
  obstacle(b: Box): void {
    this.placed.push(b);
  }

  add(req: LabelRequest): void {
    this.requests.push(req);
  }

  /** Place and draw all labels. Returns the boxes used (for tests). */
  draw(ctx: SKRSContext2D): Box[] {
    const used: Box[] = [];
    const order = this.requests.map((r, i) => ({ r, i })).sort((a, b) => (b.r.priority ?? 0) - (a.r.priority ?? 0) || a.i - b.i);
    for (const { r } of order) {
      ctx.font = r.font;
      const m = ctx.measureText(r.text);
      const w = m.width;
      const h = (m.actualBoundingBoxAscent || 12) + (m.actualBoundingBoxDescent || 3);
      const g = r.gap + 3;
      const cands: [number, number][] = [];
      if (r.centred) cands.push([r.x - w / 2, r.y - h / 2]);
      cands.push(
        [r.x + g, r.y - h / 2],
        [r.x - g - w, r.y - h / 2],
        [r.x - w / 2, r.y - g - h],
        [r.x - w / 2, r.y + g],
        [r.x + g * 0.7, r.y - g * 0.7 - h],
        [r.x - g * 0.7 - w, r.y - g * 0.7 - h],
        [r.x + g * 0.7, r.y + g * 0.7],
        [r.x - g * 0.7 - w, r.y + g * 0.7],
      );
      let best: Box | undefined;
      let bestScore = Infinity;
      for (const [x, y] of cands) {
        const box = { x0: x - 2, y0: y - 2, x1: x + w + 2, y1: y + h + 2 };
        const b = this.bounds;
        const outside = box.x0 < b.x0 || box.y0 < b.y0 || box.x1 > b.x1 || box.y1 > b.y1;
        let score = outside ? 1e9 : 0;
        for (const p of this.placed) score += overlap(box, p);
        if (score < bestScore) {
          bestScore = score;
          best = box;
          if (score === 0) break;
        }
      }
      const box = best!;
      this.placed.push(box);
      used.push(box);
      const tx = box.x0 + 2;
      const ty = box.y0 + 2 + (m.actualBoundingBoxAscent || 12);
      ctx.save();
      ctx.textBaseline = "alphabetic";
      ctx.textAlign = "left";
      ctx.lineJoin = "round";
      ctx.lineWidth = 4;
      ctx.strokeStyle = STYLE.halo;
      ctx.strokeText(r.text, tx, ty);
      ctx.fillStyle = r.color ?? STYLE.ink;
      ctx.fillText(r.text, tx, ty);
      ctx.restore();
    }
    return used;
  }
}
