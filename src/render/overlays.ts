/**
 * Drawing GeoJSON overlays (already in the grid's CRS) onto the map: geometry walking, the world ->
 * pixel projection, and one function per overlay kind with its cartographic style.
 */
import type { SKRSContext2D } from "@napi-rs/canvas";
import type { Feature, FeatureCollection, Geometry, Position } from "geojson";
import { makePolyline, pointAt } from "../geometry/polyline.ts";
import { font } from "./fonts.ts";
import type { LabelLayer } from "./labels.ts";
import { STYLE } from "./style.ts";
import { drawCrossingSymbol } from "./symbols.ts";

export type Project = (x: number, y: number) => [number, number];

export interface LineOverlay {
  data: FeatureCollection;
  label: string;
  color: string;
  width?: number;
  dash?: number[];
  /** Drawn above the highway (a fence along it would otherwise be hidden under the road). */
  onTop?: boolean;
}

/** A chainage mark on the highway: a tick across the road at (x, y), the road running along (dx, dy). */
export interface ChainageMark {
  x: number;
  y: number;
  dx: number;
  dy: number;
  label: string;
}

export interface Overlays {
  highway?: FeatureCollection;
  /** Properties: type (overpass|underpass|culvert|bridge|tunnel), name or id, proposed?: boolean or status: "proposed". */
  crossings?: FeatureCollection;
  /** Polygons; properties: name or id. */
  cores?: FeatureCollection;
  /** Fill of core polygons (default a faint white veil); e.g. a solid tint when the core cells are masked out. */
  coreFill?: string;
  /** Least-cost paths (LineStrings). */
  paths?: FeatureCollection;
  /** Points or polygons; properties: name. */
  villages?: FeatureCollection;
  /** Any other lines (rivers, border, fences), each with its own legend entry. */
  lines?: LineOverlay[];
  /** Kilometre marks along the highway (map units), so the map can be read against chainages. */
  marks?: ChainageMark[];
}

/** Every line (LineString / ring) of a geometry as arrays of positions. */
export function linesOf(g: Geometry | null): Position[][] {
  if (!g) return [];
  switch (g.type) {
    case "LineString":
      return [g.coordinates];
    case "MultiLineString":
      return g.coordinates;
    case "Polygon":
      return g.coordinates;
    case "MultiPolygon":
      return g.coordinates.flat();
    case "GeometryCollection":
      return g.geometries.flatMap(linesOf);
    default:
      return [];
  }
}

/** Polygons of a geometry (each a list of rings). */
export function polygonsOf(g: Geometry | null): Position[][][] {
  if (!g) return [];
  if (g.type === "Polygon") return [g.coordinates];
  if (g.type === "MultiPolygon") return g.coordinates;
  if (g.type === "GeometryCollection") return g.geometries.flatMap(polygonsOf);
  return [];
}

function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return a / 2;
}

/** A representative point of a feature in map units: a point itself, the middle of a line by
 *  length, the area centroid of a polygon's largest outer ring. */
export function anchorOf(g: Geometry | null): Position | undefined {
  if (!g) return undefined;
  if (g.type === "Point") return g.coordinates;
  if (g.type === "MultiPoint") return g.coordinates[0];
  const polys = polygonsOf(g);
  if (polys.length) {
    let best = polys[0][0];
    for (const p of polys) if (Math.abs(ringArea(p[0])) > Math.abs(ringArea(best))) best = p[0];
    const A = ringArea(best);
    if (A === 0) return best[0];
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = best.length - 1; i < best.length; j = i++) {
      const f = best[j][0] * best[i][1] - best[i][0] * best[j][1];
      cx += (best[j][0] + best[i][0]) * f;
      cy += (best[j][1] + best[i][1]) * f;
    }
    return [cx / (6 * A), cy / (6 * A)];
  }
  const lines = linesOf(g);
  if (!lines.length || !lines[0].length) return undefined;
  const line = lines[0];
  if (line.length < 2) return line[0];
  const pl = makePolyline(line);
  const mid = pointAt(pl, pl.length / 2);
  return [mid.x, mid.y];
}

function pointsOf(g: Geometry | null): Position[] {
  if (!g) return [];
  if (g.type === "Point") return [g.coordinates];
  if (g.type === "MultiPoint") return g.coordinates;
  if (g.type === "GeometryCollection") return g.geometries.flatMap(pointsOf);
  return [];
}

function tracePath(ctx: SKRSContext2D, lines: Position[][], project: Project, close: boolean): void {
  ctx.beginPath();
  for (const line of lines) {
    line.forEach((p, i) => {
      const [x, y] = project(p[0], p[1]);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    if (close) ctx.closePath();
  }
}

/** A line drawn twice: a wide casing, then a narrower core (the road-map look). */
export function casedLine(
  ctx: SKRSContext2D,
  fc: FeatureCollection,
  project: Project,
  casing: string,
  casingW: number,
  core: string,
  coreW: number,
  dash?: number[],
): void {
  ctx.save();
  ctx.lineJoin = "round";
  ctx.lineCap = "round";
  for (const f of fc.features) {
    const lines = linesOf(f.geometry);
    tracePath(ctx, lines, project, false);
    ctx.setLineDash([]);
    strokeCased(ctx, casing, casingW, core, coreW, dash);
  }
  ctx.restore();
}

/** Strokes the current path as a casing, then its core (dashed if asked) on top; the map and its key share it. */
export function strokeCased(ctx: SKRSContext2D, casing: string, casingW: number, core: string, coreW: number, dash?: number[]): void {
  ctx.strokeStyle = casing;
  ctx.lineWidth = casingW;
  ctx.stroke();
  ctx.setLineDash(dash ?? []);
  ctx.strokeStyle = core;
  ctx.lineWidth = coreW;
  ctx.stroke();
}

export function drawHighway(ctx: SKRSContext2D, fc: FeatureCollection, project: Project, scale = 1): void {
  casedLine(ctx, fc, project, STYLE.highwayCasing, 9 * scale, STYLE.highwayCore, 5 * scale);
}

export function drawPaths(ctx: SKRSContext2D, fc: FeatureCollection, project: Project, scale = 1): void {
  casedLine(ctx, fc, project, STYLE.pathCasing, 6 * scale, STYLE.pathColor, 3 * scale);
}

export function drawLines(ctx: SKRSContext2D, o: LineOverlay, project: Project, scale = 1): void {
  const w = (o.width ?? 2.5) * scale;
  casedLine(ctx, o.data, project, "rgba(255,255,255,0.8)", w + 2.5 * scale, o.color, w, o.dash);
}

const labelOf = (f: Feature, fallback: string): string => {
  const p = f.properties ?? {};
  const v = p.name ?? p.label ?? p.id ?? f.id;
  return v === undefined || v === null || v === "" ? fallback : String(v);
};

export function drawCores(
  ctx: SKRSContext2D,
  fc: FeatureCollection,
  project: Project,
  labels: LabelLayer,
  scale = 1,
  fill = "rgba(255,255,255,0.10)",
): void {
  ctx.save();
  ctx.lineJoin = "round";
  fc.features.forEach((f, i) => {
    const rings = polygonsOf(f.geometry).flat();
    tracePath(ctx, rings, project, true);
    ctx.fillStyle = fill;
    ctx.fill("evenodd");
    ctx.setLineDash([]);
    ctx.strokeStyle = STYLE.coreCasing;
    ctx.lineWidth = 6 * scale;
    ctx.stroke();
    ctx.setLineDash([14 * scale, 7 * scale]);
    ctx.strokeStyle = STYLE.coreOutline;
    ctx.lineWidth = 3 * scale;
    ctx.stroke();
    const a = anchorOf(f.geometry);
    if (a) {
      const [x, y] = project(a[0], a[1]);
      labels.add({
        text: labelOf(f, `Core ${i + 1}`),
        x,
        y,
        gap: 0,
        font: font(22 * scale, "bold"),
        color: STYLE.coreCasing,
        centred: true,
        priority: 2,
      });
    }
  });
  ctx.restore();
}

export function drawVillages(ctx: SKRSContext2D, fc: FeatureCollection, project: Project, labels: LabelLayer, scale = 1): void {
  ctx.save();
  for (const f of fc.features) {
    const polys = polygonsOf(f.geometry);
    if (polys.length) {
      tracePath(ctx, polys.flat(), project, true);
      ctx.fillStyle = "rgba(255,255,255,0.55)";
      ctx.fill("evenodd");
      ctx.strokeStyle = STYLE.villageStroke;
      ctx.lineWidth = 1.5 * scale;
      ctx.stroke();
    }
    const pts = pointsOf(f.geometry);
    for (const p of pts) {
      const [x, y] = project(p[0], p[1]);
      const r = 6 * scale;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.fillStyle = STYLE.villageFill;
      ctx.fill();
      ctx.lineWidth = 2.5 * scale;
      ctx.strokeStyle = STYLE.villageStroke;
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(x, y, r * 0.35, 0, Math.PI * 2);
      ctx.fillStyle = STYLE.villageStroke;
      ctx.fill();
      labels.obstacle({ x0: x - r, y0: y - r, x1: x + r, y1: y + r });
    }
    const a = anchorOf(f.geometry);
    const name = labelOf(f, "");
    if (a && name) {
      const [x, y] = project(a[0], a[1]);
      labels.add({ text: name, x, y, gap: 7 * scale, font: font(18 * scale, "italic"), color: "#333333", priority: 1 });
    }
  }
  ctx.restore();
}

export function isProposed(f: Feature): boolean {
  const p = f.properties ?? {};
  return p.proposed === true || p.status === "proposed" || p.status === "new";
}

export function drawCrossings(ctx: SKRSContext2D, fc: FeatureCollection, project: Project, labels: LabelLayer, scale = 1): void {
  const r = 11 * scale;
  for (const f of fc.features) {
    const a = anchorOf(f.geometry);
    if (!a) continue;
    const [x, y] = project(a[0], a[1]);
    const type = String(f.properties?.type ?? "");
    const proposed = isProposed(f);
    drawCrossingSymbol(ctx, type, x, y, r, proposed);
    const rr = proposed ? r * 1.9 : r * 1.2;
    labels.obstacle({ x0: x - rr, y0: y - rr, x1: x + rr, y1: y + rr });
  }
  // Labels after all symbols are reserved, so no label covers another structure.
  for (const f of fc.features) {
    const a = anchorOf(f.geometry);
    if (!a) continue;
    const [x, y] = project(a[0], a[1]);
    const proposed = isProposed(f);
    labels.add({
      text: labelOf(f, String(f.properties?.type ?? "crossing")),
      x,
      y,
      gap: proposed ? r * 1.8 : r * 1.2,
      font: font(19 * scale, "bold"),
      priority: 3,
    });
  }
}

/** Ticks across the highway with "km N" labels beside them (labels placed after the crossings'). */
export function drawChainageMarks(
  ctx: SKRSContext2D,
  marks: readonly ChainageMark[],
  project: Project,
  labels: LabelLayer,
  scale = 1,
): void {
  ctx.save();
  ctx.lineCap = "butt";
  for (const m of marks) {
    const [x, y] = project(m.x, m.y);
    // Normal to the road on the canvas (y points down on the canvas, up in map units).
    const [x2, y2] = project(m.x + m.dx, m.y + m.dy);
    const l = Math.hypot(x2 - x, y2 - y) || 1;
    const nx = -(y2 - y) / l;
    const ny = (x2 - x) / l;
    const half = 12 * scale;
    ctx.beginPath();
    ctx.moveTo(x - nx * half, y - ny * half);
    ctx.lineTo(x + nx * half, y + ny * half);
    ctx.strokeStyle = STYLE.halo;
    ctx.lineWidth = 6 * scale;
    ctx.stroke();
    ctx.strokeStyle = STYLE.highwayCasing;
    ctx.lineWidth = 3 * scale;
    ctx.stroke();
    labels.add({ text: m.label, x, y, gap: half + 3 * scale, font: font(16 * scale, "bold"), color: STYLE.highwayCasing, priority: 2 });
  }
  ctx.restore();
}
