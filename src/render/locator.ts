/**
 * The locator inset: where the map's frame lies in the world. Natural Earth land at 1:110m (the
 * world-atlas package) in a plain longitude / latitude projection over a window 24 degrees wide
 * around the frame, with the frame drawn as a red box (a dot when it is too small to see).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { SKRSContext2D } from "@napi-rs/canvas";
import type { MultiPolygon, Polygon } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import type { Box } from "./labels.ts";
import { STYLE } from "./style.ts";

let land: Polygon["coordinates"][] | null = null;

/** Land polygons, read once per process. */
function landPolygons(): Polygon["coordinates"][] {
  if (land) return land;
  const require = createRequire(import.meta.url);
  const topo = JSON.parse(readFileSync(require.resolve("world-atlas/land-110m.json"), "utf8")) as Topology;
  const fc = feature(topo, topo.objects.land as GeometryCollection);
  const polys: Polygon["coordinates"][] = [];
  for (const f of "features" in fc ? fc.features : [fc]) {
    const g = f.geometry as Polygon | MultiPolygon;
    if (g.type === "Polygon") polys.push(g.coordinates);
    else if (g.type === "MultiPolygon") polys.push(...g.coordinates);
  }
  return (land = polys);
}

/** Window half-width in degrees of longitude; latitude span follows the box's aspect. */
const HALF_SPAN = 12;

/** Draw the inset in `box`; `frame` is the map frame's corners in longitude / latitude. */
export function drawLocator(ctx: SKRSContext2D, box: Box, frame: readonly [number, number][]): void {
  const lons = frame.map((p) => p[0]);
  const lats = frame.map((p) => p[1]);
  const cx = (Math.min(...lons) + Math.max(...lons)) / 2;
  const cy = (Math.min(...lats) + Math.max(...lats)) / 2;
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  // Degrees of longitude shrink with cos(latitude): scale x so that the inset is not stretched.
  const k = Math.cos((cy * Math.PI) / 180);
  const pxPerDeg = w / (2 * HALF_SPAN * k);
  const px = (lon: number, lat: number): [number, number] => [
    box.x0 + w / 2 + (lon - cx) * k * pxPerDeg,
    box.y0 + h / 2 - (lat - cy) * pxPerDeg,
  ];
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x0, box.y0, w, h);
  ctx.fillStyle = "#dbe9f4";
  ctx.fill();
  ctx.clip();
  ctx.beginPath();
  for (const poly of landPolygons()) {
    for (const ring of poly) {
      // Skip rings far outside the window (cheap, and avoids wrapping artefacts at the date line).
      if (!ring.some(([lon, lat]) => Math.abs(lon - cx) < 3 * HALF_SPAN && Math.abs(lat - cy) < 3 * HALF_SPAN)) continue;
      ring.forEach(([lon, lat], i) => {
        const [x, y] = px(lon, lat);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.closePath();
    }
  }
  ctx.fillStyle = "#f4f1e8";
  ctx.fill("evenodd");
  ctx.strokeStyle = "#8a8f96";
  ctx.lineWidth = 1;
  ctx.stroke();
  // The frame: a box, or a dot with a ring when it would be under 6 px.
  const corners = frame.map(([lon, lat]) => px(lon, lat));
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  const bw = Math.max(...xs) - Math.min(...xs);
  const bh = Math.max(...ys) - Math.min(...ys);
  ctx.strokeStyle = STYLE.note;
  ctx.lineWidth = 3;
  if (bw < 6 || bh < 6) {
    const [mx, my] = px(cx, cy);
    ctx.beginPath();
    ctx.arc(mx, my, 7, 0, Math.PI * 2);
    ctx.stroke();
  } else {
    ctx.beginPath();
    corners.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
    ctx.closePath();
    ctx.stroke();
  }
  ctx.restore();
  ctx.strokeStyle = STYLE.frame;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(box.x0, box.y0, w, h);
}
