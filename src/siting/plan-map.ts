/**
 * The siting plan on a map (DIR/plan_map.png): the land's resistance (the scenario maps' resistance
 * style), the highway, the core areas, the existing structures and the plan's new ones labelled with
 * their step, and the plan's fences; and the cost-benefit curve (DIR/cost_benefit.png): the plan's
 * total gain against its cumulative cost, step by step.
 */
import { dirname, resolve } from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { crsLabel } from "../grid/crs.ts";
import { readGeoJson } from "../io/index.ts";
import { regionOutlines } from "../render/core-outlines.ts";
import { font } from "../render/fonts.ts";
import { mapKind } from "../render/kinds.ts";
import { renderMap } from "../render/map.ts";
import { formatNumber, niceTicks } from "../render/nice.ts";
import { fenceLines, structureFeatures } from "../render/scenario-report.ts";
import { STYLE } from "../render/style.ts";
import type { Study } from "../scenario/study.ts";
import type { FenceStep, PlanStep } from "./plan.ts";

export async function renderPlanMap(study: Study, plan: PlanStep[], fences: FenceStep[], title: string): Promise<Buffer> {
  const t = study.landscape.template;
  const land = Float32Array.from(study.landscape.land, (v, i) => (study.landscape.focal.data[i] > 0 ? NaN : v));
  const highway = await readGeoJson(resolve(dirname(study.file), study.config.landscape.highway), t.crs ?? undefined);
  const kind = mapKind("resistance");
  const sc = {
    structures: [
      ...study.existing.map((e) => ({ id: e.id, label: e.id, type: e.type, chainage_m: e.chainage_m, status: "existing" as const })),
      ...plan.map((p, k) => ({
        id: p.candidate.id,
        label: `${k + 1}. ${p.candidate.id}`,
        type: p.candidate.type,
        chainage_m: p.candidate.chainage_m,
        status: "new" as const,
      })),
    ],
    fences: fences.map((f) => f.fence),
  };
  const fenceFc = fenceLines(study.centreline, sc);
  return renderMap({
    grid: { ...t, data: land },
    ...kind,
    title,
    subtitle: `${study.config.name}: new structures numbered in the order the plan adds them`,
    overlays: {
      highway,
      cores: regionOutlines(study.landscape.focal),
      crossings: structureFeatures(study.centreline, sc),
      lines: fenceFc.features.length
        ? [{ data: fenceFc, label: "Fence (plan)", color: "#e63946", width: 5, dash: [12, 6], onTop: true }]
        : [],
    },
    crsLabel: crsLabel(t.crs),
  });
}

export async function renderCostBenefit(steps: { label: string; cost: number; gain: number }[], yLabel: string): Promise<Buffer> {
  const W = 1600;
  const H = 900;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = STYLE.background;
  ctx.fillRect(0, 0, W, H);
  const left = 130;
  const right = W - 60;
  const top = 140;
  const bottom = H - 120;
  const pts = [{ label: "now", cost: 0, gain: 0 }, ...steps];
  const cMax = Math.max(1, ...pts.map((p) => p.cost)) * 1.08;
  const gMax = Math.max(1, ...pts.map((p) => p.gain)) * 1.12;
  const X = (c: number) => left + (c / cMax) * (right - left);
  const Y = (g: number) => bottom - (g / gMax) * (bottom - top);
  ctx.fillStyle = STYLE.ink;
  ctx.font = font(36, "bold");
  ctx.fillText("What each step of the plan buys", 48, 62);
  ctx.font = font(20);
  ctx.fillStyle = STYLE.muted;
  ctx.fillText(yLabel, 48, 96);
  ctx.font = font(18);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of niceTicks(0, gMax, 6)) {
    ctx.strokeStyle = v === 0 ? STYLE.ink : "#e3e6ea";
    ctx.beginPath();
    ctx.moveTo(left, Y(v));
    ctx.lineTo(right, Y(v));
    ctx.stroke();
    ctx.fillStyle = STYLE.muted;
    ctx.fillText(formatNumber(v), left - 12, Y(v));
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const c of niceTicks(0, cMax, 8)) ctx.fillText(formatNumber(c), X(c), bottom + 12);
  ctx.fillStyle = STYLE.ink;
  ctx.font = font(19);
  ctx.fillText("Cumulative cost (millions)", (left + right) / 2, bottom + 46);
  ctx.save();
  ctx.translate(36, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText("Total gain (%)", 0, 0);
  ctx.restore();
  ctx.strokeStyle = "#1d4e89";
  ctx.lineWidth = 3;
  ctx.beginPath();
  pts.forEach((p, i) => (i ? ctx.lineTo(X(p.cost), Y(p.gain)) : ctx.moveTo(X(p.cost), Y(p.gain))));
  ctx.stroke();
  ctx.textBaseline = "bottom";
  ctx.font = font(17, "bold");
  for (const p of pts.slice(1)) {
    ctx.fillStyle = "#e63946";
    ctx.beginPath();
    ctx.arc(X(p.cost), Y(p.gain), 8, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = STYLE.ink;
    ctx.fillText(p.label, X(p.cost), Y(p.gain) - 12);
  }
  return canvas.encode("png");
}
