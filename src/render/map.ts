/**
 * renderMap: one grid plus overlays into a print-sized PNG with everything a map needs to stand on
 * its own (title, legend with units, scale bar, north arrow, CRS, data note).
 *
 * Layout (pixels):  title / subtitle band
 *                   map frame (long side >= 1600)  |  legend panel
 *                   footer: CRS, grid size, the "illustrative landscape" note
 */
import { createCanvas, type Canvas } from "@napi-rs/canvas";
import { cellSize, isNorthUp, type Grid } from "../grid/grid.ts";
import { CrosswayError } from "../util/errors.ts";
import { crsLabel } from "./crs-label.ts";
import { font } from "./fonts.ts";
import { drawNorthArrow, drawScaleBar } from "./furniture.ts";
import { hillshade } from "./hillshade.ts";
import { LabelLayer, type Box } from "./labels.ts";
import { drawLegend, keyDrawers, type KeyEntry } from "./legend.ts";
import { drawLocator } from "./locator.ts";
import {
  drawChainageMarks,
  drawCores,
  drawCrossings,
  drawHighway,
  drawLines,
  drawPaths,
  drawVillages,
  isProposed,
  type Overlays,
  type Project,
} from "./overlays.ts";
import { rampLut, type RampName } from "./ramps.ts";
import { applyShade, colorize, rgbaCanvas, shadeOnGrid } from "./raster.ts";
import { makeStretch, type Stretch, type StretchKind, type StretchOptions } from "./stretch.ts";
import { STYLE } from "./style.ts";
import { CROSSING_TYPES } from "./symbols.ts";

export const ILLUSTRATIVE_NOTE = "Illustrative landscape - not survey data";

export interface MapSpec {
  grid: Grid;
  ramp: RampName;
  reverseRamp?: boolean;
  /** A stretch kind (computed from the grid) or a ready Stretch (e.g. shared by before/after maps). */
  stretch: StretchKind | Stretch;
  stretchOptions?: StretchOptions;
  title: string;
  subtitle?: string;
  legend: { label: string; units: string };
  overlays?: Overlays;
  /** Elevation grid for relief shading (any grid in the same CRS; resampled by nearest cell). */
  hillshade?: Grid;
  hillshadeStrength?: number;
  illustrative?: boolean;
  /** Footer CRS line; default derived from grid.crs, e.g. "EPSG:32652 - WGS 84 / UTM zone 52N". */
  crsLabel?: string;
  /** Long side of the map frame in pixels (default 1800, at least 1600). */
  longSide?: number;
  /** Nodata cells: light grey (default) or transparent in the PNG. */
  nodata?: "grey" | "transparent";
  /** The frame's corners in longitude / latitude: draws a locator inset under the legend. */
  locator?: [number, number][];
}

/** Height of the locator inset under the legend, pixels. */
const LOCATOR_H = 280;

export interface MapLayout {
  width: number;
  height: number;
  /** The map frame on the canvas. */
  map: Box;
  /** World (grid CRS) -> canvas pixel. */
  project: Project;
  stretch: Stretch;
  scaleBarKm: number;
}

const MARGIN = 48;
const HEADER = 128;
const PANEL = 400;
const GAP = 36;
const FOOTER = 96;

function hasNaN(data: ArrayLike<number>): boolean {
  for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i])) return true;
  return false;
}

function keyFor(o: Overlays): KeyEntry[] {
  const key: KeyEntry[] = [];
  if (o.highway?.features.length) key.push({ label: "Highway", draw: keyDrawers.line(STYLE.highwayCasing, 9, STYLE.highwayCore, 5) });
  if (o.crossings?.features.length) {
    const types = new Set(o.crossings.features.map((f) => String(f.properties?.type ?? "")));
    for (const t of [...CROSSING_TYPES, ...[...types].filter((t) => !(CROSSING_TYPES as readonly string[]).includes(t))]) {
      if (types.has(t)) key.push({ label: t ? t[0].toUpperCase() + t.slice(1) : "Crossing", draw: keyDrawers.crossing(t) });
    }
    if (o.crossings.features.some(isProposed)) key.push({ label: "Proposed structure", draw: keyDrawers.crossing("", true) });
  }
  if (o.cores?.features.length) key.push({ label: "Core habitat area", draw: keyDrawers.area(o.coreFill) });
  if (o.paths?.features.length) key.push({ label: "Least-cost path", draw: keyDrawers.line(STYLE.pathCasing, 6, STYLE.pathColor, 3) });
  if (o.villages?.features.length) key.push({ label: "Village", draw: keyDrawers.village() });
  for (const l of o.lines ?? [])
    key.push({ label: l.label, draw: keyDrawers.line("rgba(255,255,255,0.8)", (l.width ?? 2.5) + 2.5, l.color, l.width ?? 2.5, l.dash) });
  return key;
}

/** Draw the map onto a new canvas; renderMap encodes it. Exposed for tests and composite figures. */
export function drawMap(spec: MapSpec): { canvas: Canvas; layout: MapLayout } {
  const g = spec.grid;
  if (!isNorthUp(g)) throw new CrosswayError("only north-up grids can be mapped (the geotransform has rotation terms)", { field: "grid" });
  const longSide = Math.max(1600, spec.longSide ?? 1800);
  const scale = longSide / Math.max(g.width, g.height);
  const mapW = Math.round(g.width * scale);
  const mapH = Math.round(g.height * scale);
  const overlays = spec.overlays ?? {};
  const key = keyFor(overlays);
  const panelNeed = 260 + 420 + 60 + 34 * key.length + 80 + (spec.locator ? LOCATOR_H + 40 : 0);
  const bodyH = Math.max(mapH, panelNeed);
  const W = MARGIN + mapW + GAP + PANEL + MARGIN;
  const H = HEADER + bodyH + FOOTER;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext("2d");
  const map: Box = { x0: MARGIN, y0: HEADER, x1: MARGIN + mapW, y1: HEADER + mapH };

  ctx.fillStyle = STYLE.background;
  ctx.fillRect(0, 0, W, H);

  // Header.
  ctx.fillStyle = STYLE.ink;
  ctx.textBaseline = "alphabetic";
  ctx.font = font(40, "bold");
  ctx.fillText(spec.title, MARGIN, 66);
  if (spec.subtitle) {
    ctx.font = font(23);
    ctx.fillStyle = STYLE.muted;
    ctx.fillText(spec.subtitle, MARGIN, 104);
  }

  // Raster.
  const stretch = typeof spec.stretch === "string" ? makeStretch(spec.stretch, g.data, spec.stretchOptions) : spec.stretch;
  const lut = rampLut(spec.ramp, spec.reverseRamp);
  const rgba = colorize(g, stretch, lut);
  if (spec.hillshade) applyShade(rgba, shadeOnGrid(hillshade(spec.hillshade), spec.hillshade, g), spec.hillshadeStrength ?? 0.45, true);
  const transparent = spec.nodata === "transparent";
  if (transparent) ctx.clearRect(map.x0, map.y0, mapW, mapH);
  else {
    ctx.fillStyle = STYLE.nodataFill;
    ctx.fillRect(map.x0, map.y0, mapW, mapH);
  }
  // Coarse grids enlarged >= 2x keep crisp cells; otherwise let the resampler smooth.
  ctx.imageSmoothingEnabled = scale < 2;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(rgbaCanvas(rgba, g.width, g.height), map.x0, map.y0, mapW, mapH);
  ctx.imageSmoothingEnabled = true;

  // Overlays, clipped to the frame.
  const t = g.transform;
  const project: Project = (x, y) => [map.x0 + ((x - t[0]) / t[1]) * scale, map.y0 + ((y - t[3]) / t[5]) * scale];
  const labels = new LabelLayer({ x0: map.x0 + 4, y0: map.y0 + 4, x1: map.x1 - 4, y1: map.y1 - 4 });
  ctx.save();
  ctx.beginPath();
  ctx.rect(map.x0, map.y0, mapW, mapH);
  ctx.clip();
  if (overlays.cores) drawCores(ctx, overlays.cores, project, labels, 1, overlays.coreFill);
  for (const l of overlays.lines ?? []) if (!l.onTop) drawLines(ctx, l, project);
  if (overlays.paths) drawPaths(ctx, overlays.paths, project);
  if (overlays.highway) drawHighway(ctx, overlays.highway, project);
  // Lines along the road (fences) go over it, or the road's casing hides them.
  for (const l of overlays.lines ?? []) if (l.onTop) drawLines(ctx, l, project);
  if (overlays.villages) drawVillages(ctx, overlays.villages, project, labels);
  if (overlays.crossings) drawCrossings(ctx, overlays.crossings, project, labels);
  if (overlays.marks) drawChainageMarks(ctx, overlays.marks, project, labels);

  // Furniture inside the frame; reserved before labels are placed so labels avoid it.
  const pxPerKm = (1000 / cellSize(g)) * scale;
  const sb = drawScaleBar(ctx, map.x0 + 16, map.y1 - 16, pxPerKm, Math.min(mapW * 0.3, 420));
  labels.obstacle(sb.box);
  labels.obstacle(drawNorthArrow(ctx, map.x1 - 56, map.y0 + 66, 64));
  labels.draw(ctx);
  ctx.restore();

  ctx.strokeStyle = STYLE.frame;
  ctx.lineWidth = 2;
  ctx.strokeRect(map.x0, map.y0, mapW, mapH);

  // Legend panel.
  const px = map.x1 + GAP;
  drawLegend(ctx, px, HEADER, PANEL - 20, {
    label: spec.legend.label,
    units: spec.legend.units,
    stretch,
    lut,
    hasNodata: !transparent && hasNaN(g.data),
    nodataColor: STYLE.nodataFill,
    key,
    scaleNote: stretch.kind === "log" ? "logarithmic scale" : stretch.kind === "equalize" ? "histogram-equalised scale" : undefined,
  });

  if (spec.locator) {
    const y1 = HEADER + bodyH;
    drawLocator(ctx, { x0: px, y0: y1 - LOCATOR_H, x1: px + PANEL - 20, y1 }, spec.locator);
  }

  // Footer.
  const fy = HEADER + bodyH + 38;
  ctx.textBaseline = "alphabetic";
  ctx.fillStyle = STYLE.muted;
  ctx.font = font(19);
  const cs = cellSize(g);
  const crsLine = spec.crsLabel ?? crsLabel(g.crs);
  ctx.fillText(`${crsLine}   \u00b7   ${formatCell(cs)} cells, ${g.width} \u00d7 ${g.height}`, MARGIN, fy);
  if (spec.illustrative) {
    ctx.font = font(22, "bold");
    ctx.fillStyle = STYLE.note;
    const note = ILLUSTRATIVE_NOTE;
    const w = ctx.measureText(note).width;
    ctx.fillText(note, Math.max(MARGIN, W - MARGIN - w), fy + (w + ctx.measureText(crsLine).width + 500 > W ? 34 : 0));
  }
  return { canvas, layout: { width: W, height: H, map, project, stretch, scaleBarKm: sb.km } };
}

function formatCell(m: number): string {
  return m >= 1000 ? `${+(m / 1000).toPrecision(3)} km` : `${+m.toPrecision(3)} m`;
}

/** The map as PNG bytes. */
export async function renderMap(spec: MapSpec): Promise<Buffer> {
  const { canvas } = drawMap(spec);
  return canvas.encode("png");
}
