/**
 * The road profile chart: net crossing current per highway segment along the road's chainage, with
 * the crossing structures marked and the worst open-road segments (pinch points: where animals try
 * to cross and there is no structure) highlighted. Plain arrays in, PNG out.
 */
import { CrosswayError } from "../util/errors.ts";
import { chartFrame } from "./chart-frame.ts";
import { font } from "./fonts.ts";
import { formatNumber, niceTicks } from "./nice.ts";
import { STYLE } from "./style.ts";
import { drawCrossingSymbol } from "./symbols.ts";
import { ILLUSTRATIVE_NOTE } from "./map.ts";

export interface ProfileChartSpec {
  title: string;
  subtitle?: string;
  /** Segment start and end chainage in km (same length as current). */
  fromKm: ArrayLike<number>;
  toKm: ArrayLike<number>;
  /** Net crossing current per segment (A summed over the cross-road solves). */
  current: ArrayLike<number>;
  /** Part of each segment's current that passes through structures (optional; drawn darker). */
  throughStructures?: ArrayLike<number>;
  /** Structure positions along the road. */
  structures?: { km: number; name: string; type: string; proposed?: boolean }[];
  /** Segment indices to highlight as pinch points; default: the `pinchCount` largest open-road values. */
  pinch?: number[];
  pinchCount?: number;
  units?: string;
  illustrative?: boolean;
  width?: number;
  height?: number;
}

/** Top-n segments by open-road current (current minus the part through structures). */
export function pinchPoints(current: ArrayLike<number>, through: ArrayLike<number> | undefined, n: number): number[] {
  const idx: number[] = [];
  for (let i = 0; i < current.length; i++) idx.push(i);
  const open = (i: number) => current[i] - (through ? through[i] : 0);
  return idx
    .filter((i) => Number.isFinite(open(i)) && open(i) > 0)
    .sort((a, b) => open(b) - open(a) || a - b)
    .slice(0, n);
}

export async function renderProfileChart(spec: ProfileChartSpec): Promise<Buffer> {
  const n = spec.current.length;
  if (spec.fromKm.length !== n || spec.toKm.length !== n) {
    throw new CrosswayError(
      `profile chart: fromKm (${spec.fromKm.length}), toKm (${spec.toKm.length}) and current (${n}) must have the same length`,
    );
  }
  if (n === 0) throw new CrosswayError("profile chart: no road segments to draw");
  const W = spec.width ?? 2000;
  const H = spec.height ?? 900;
  const { canvas, ctx } = chartFrame(W, H, spec.title, spec.subtitle);

  const left = 130;
  const right = W - 50;
  const top = spec.subtitle ? 190 : 160;
  const bottom = H - 130;
  const pinch = new Set(spec.pinch ?? pinchPoints(spec.current, spec.throughStructures, spec.pinchCount ?? 5));

  let kmMin = Infinity;
  let kmMax = -Infinity;
  let vMin = 0;
  let vMax = 0;
  for (let i = 0; i < n; i++) {
    kmMin = Math.min(kmMin, spec.fromKm[i]);
    kmMax = Math.max(kmMax, spec.toKm[i]);
    if (Number.isFinite(spec.current[i])) {
      vMin = Math.min(vMin, spec.current[i]);
      vMax = Math.max(vMax, spec.current[i]);
    }
  }
  if (vMax === vMin) vMax = vMin + 1;
  const pad = (vMax - vMin) * 0.08;
  vMax += pad;
  if (vMin < 0) vMin -= pad;
  const X = (km: number) => left + ((km - kmMin) / (kmMax - kmMin || 1)) * (right - left);
  const Y = (v: number) => bottom - ((v - vMin) / (vMax - vMin)) * (bottom - top);

  // Title.

  // Grid lines and y axis.
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
  ctx.fillText(spec.units ?? "Net crossing current (A)", 0, 0);
  ctx.restore();

  // Bars: open-road part light grey (red for pinch points), part through structures green.
  for (let i = 0; i < n; i++) {
    const v = spec.current[i];
    if (!Number.isFinite(v)) continue;
    const x0 = X(spec.fromKm[i]);
    const x1 = X(spec.toKm[i]);
    const w = Math.max(1, x1 - x0 - (x1 - x0 > 4 ? 1 : 0));
    const through = spec.throughStructures ? spec.throughStructures[i] : 0;
    ctx.fillStyle = pinch.has(i) ? STYLE.pinch : STYLE.bar;
    ctx.fillRect(x0, Math.min(Y(v), Y(0)), w, Math.abs(Y(v) - Y(0)));
    if (through && Number.isFinite(through)) {
      ctx.fillStyle = STYLE.barStructure;
      ctx.fillRect(x0, Math.min(Y(through), Y(0)), w, Math.abs(Y(through) - Y(0)));
    }
  }

  // Pinch labels: rank numbers above the red bars.
  const openOf = (i: number) => spec.current[i] - (spec.throughStructures ? spec.throughStructures[i] : 0);
  const ranked = [...pinch].sort((a, b) => openOf(b) - openOf(a) || a - b);
  ctx.font = font(18, "bold");
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  // Neighbouring pinch bars are common (one hot stretch of road): lift a label above any earlier
  // one it would touch.
  const placed: { x0: number; x1: number; y: number }[] = [];
  ranked.forEach((i, k) => {
    const text = `P${k + 1}`;
    const xm = (X(spec.fromKm[i]) + X(spec.toKm[i])) / 2;
    const half = ctx.measureText(text).width / 2 + 2;
    let y = Math.min(Y(spec.current[i]), Y(0)) - 4;
    for (let moved = true; moved;) {
      moved = false;
      for (const p of placed) {
        if (p.x0 < xm + half && p.x1 > xm - half && Math.abs(p.y - y) < 20) {
          y = p.y - 20;
          moved = true;
        }
      }
    }
    placed.push({ x0: xm - half, x1: xm + half, y });
    ctx.fillStyle = STYLE.pinch;
    ctx.fillText(text, xm, y);
  });

  // Structures: a dashed line down the chart, the symbol above the plot, the name staggered.
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

  // X axis.
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

  // Key and note.
  const ky = H - 34;
  let kx = 48;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.font = font(17);
  for (const [color, label] of [
    [STYLE.bar, "open road"],
    [STYLE.barStructure, "through crossing structures"],
    [STYLE.pinch, "pinch point (top open-road segments, P1 = worst)"],
  ] as const) {
    if (color === STYLE.barStructure && !spec.throughStructures) continue;
    ctx.fillStyle = color;
    ctx.fillRect(kx, ky - 9, 26, 18);
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
