/**
 * Real geographic context for the illustrative demo: the Natural Earth coastline (sea becomes nodata)
 * and the Russia-China border, from the world-atlas package (public domain Natural Earth 1:10m data).
 * Everything else in the demo is invented.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Feature, MultiPolygon, Polygon, Position } from "geojson";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import type { Frame } from "./frame.ts";
import type { Projector } from "./project.ts";

const require = createRequire(import.meta.url);

function loadTopology(name: string): Topology {
  return JSON.parse(readFileSync(require.resolve(`world-atlas/${name}`), "utf8")) as Topology;
}

/** Every ring (outer and holes) of a (Multi)Polygon feature list, in lon/lat. */
function ringsOf(features: Feature<Polygon | MultiPolygon>[]): Position[][] {
  const rings: Position[][] = [];
  for (const f of features) {
    const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of polys) for (const ring of poly) rings.push(ring);
  }
  return rings;
}

/**
 * Which grid cells lie inside the polygons (even-odd rule), decided in lon/lat: the rings are filled
 * scanline by scanline on a fine lon/lat lattice around the frame, and each cell centre, projected back
 * to lon/lat, reads the lattice. Working in lon/lat keeps the continent-sized Natural Earth rings intact
 * (projecting all of Eurasia to UTM 52N would not be meaningful).
 */
function insideMask(rings: Position[][], frame: Frame, cells: CellLonLat): Uint8Array {
  const { width, height } = frame;
  const { lon, lat } = cells;
  let lon0 = Infinity, lon1 = -Infinity, lat0 = Infinity, lat1 = -Infinity;
  for (let k = 0; k < lon.length; k++) {
    if (lon[k] < lon0) lon0 = lon[k];
    if (lon[k] > lon1) lon1 = lon[k];
    if (lat[k] < lat0) lat0 = lat[k];
    if (lat[k] > lat1) lat1 = lat[k];
  }
  const margin = 0.01;
  lon0 -= margin; lon1 += margin; lat0 -= margin; lat1 += margin;
  // Lattice step ~ 1/3 of a cell, so nearest lookup errs by well under a cell.
  const step = frame.cell / 3 / 111_000;
  const nLon = Math.ceil((lon1 - lon0) / step) + 1;
  const nLat = Math.ceil((lat1 - lat0) / step) + 1;
  // Segments that reach the latitude band (from anywhere on the globe: a crossing west of the window
  // still flips the parity of the cells east of it).
  const segs: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[i + 1];
      if (Math.max(ay, by) < lat0 || Math.min(ay, by) > lat1) continue;
      segs.push(ax, ay, bx, by);
    }
  }
  const lattice = new Uint8Array(nLon * nLat);
  const xs: number[] = [];
  for (let j = 0; j < nLat; j++) {
    const phi = lat0 + j * step;
    xs.length = 0;
    for (let s = 0; s < segs.length; s += 4) {
      const ay = segs[s + 1];
      const by = segs[s + 3];
      if (ay <= phi === by <= phi) continue;
      const ax = segs[s];
      const bx = segs[s + 2];
      xs.push(ax + ((phi - ay) * (bx - ax)) / (by - ay));
    }
    xs.sort((a, b) => a - b);
    for (let p = 0; p + 1 < xs.length; p += 2) {
      const i0 = Math.max(0, Math.ceil((xs[p] - lon0) / step));
      const i1 = Math.min(nLon - 1, Math.floor((xs[p + 1] - lon0) / step));
      for (let i = i0; i <= i1; i++) lattice[j * nLon + i] = 1;
    }
  }
  const mask = new Uint8Array(width * height);
  for (let k = 0; k < mask.length; k++) {
    const i = Math.round((lon[k] - lon0) / step);
    const j = Math.round((lat[k] - lat0) / step);
    mask[k] = lattice[j * nLon + i];
  }
  return mask;
}

/** Longitude and latitude of every cell centre. */
export interface CellLonLat {
  lon: Float64Array;
  lat: Float64Array;
}

export function cellLonLat(frame: Frame, proj: Projector): CellLonLat {
  const { width, height } = frame;
  const lon = new Float64Array(width * height);
  const lat = new Float64Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const [lo, la] = proj.toLonLat(frame.x0 + (c + 0.5) * frame.cell, frame.yTop - (r + 0.5) * frame.cell);
      lon[r * width + c] = lo;
      lat[r * width + c] = la;
    }
  }
  return { lon, lat };
}

/** 1 where the cell centre is on land (Natural Earth 1:10m land), 0 at sea. */
export function landMask(frame: Frame, cells: CellLonLat): Uint8Array {
  const topo = loadTopology("land-10m.json");
  const land = feature(topo, topo.objects.land as GeometryCollection);
  return insideMask(ringsOf(land.features as Feature<Polygon | MultiPolygon>[]), frame, cells);
}

/** 1 where the cell centre lies in Russia (Natural Earth admin-0), used to keep the invented villages,
 *  cores and highway on the Russian side of the border. */
export function russiaMask(frame: Frame, cells: CellLonLat): Uint8Array {
  const topo = loadTopology("countries-10m.json");
  const fc = feature(topo, topo.objects.countries as GeometryCollection);
  const russia = (fc.features as Feature<Polygon | MultiPolygon>[]).filter((f) => f.properties?.name === "Russia");
  return insideMask(ringsOf(russia), frame, cells);
}

/** Liang-Barsky: the part of segment a-b inside the rectangle, or null. */
function clipSegment(a: Position, b: Position, [minX, minY, maxX, maxY]: number[]): [Position, Position] | null {
  let t0 = 0;
  let t1 = 1;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const p = [-dx, dx, -dy, dy];
  const q = [a[0] - minX, maxX - a[0], a[1] - minY, maxY - a[1]];
  for (let i = 0; i < 4; i++) {
    if (p[i] === 0) {
      if (q[i] < 0) return null;
    } else {
      const t = q[i] / p[i];
      if (p[i] < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  if (t0 > t1) return null;
  return [
    [a[0] + t0 * dx, a[1] + t0 * dy],
    [a[0] + t1 * dx, a[1] + t1 * dy],
  ];
}

/** The Russia-China border as lines in map coordinates, clipped to the frame. */
export function borderLines(frame: Frame, proj: Projector): Position[][] {
  const topo = loadTopology("countries-10m.json");
  const name = (g: unknown) => (g as { properties?: { name?: string } }).properties?.name;
  const m = mesh(topo, topo.objects.countries as GeometryCollection, (a, b) => {
    const pair = [name(a), name(b)].sort().join("|");
    return pair === "China|Russia";
  });
  const box = frame.extent();
  const out: Position[][] = [];
  for (const line of m.coordinates) {
    const pts = line.map(([lo, la]) => proj.toMap(lo, la) as Position);
    let cur: Position[] = [];
    for (let i = 0; i + 1 < pts.length; i++) {
      const seg = clipSegment(pts[i], pts[i + 1], box);
      if (!seg) {
        if (cur.length > 1) out.push(cur);
        cur = [];
        continue;
      }
      if (cur.length === 0) cur.push(seg[0]);
      cur.push(seg[1]);
      // Left the box inside this segment: the piece ends here.
      if (seg[1][0] !== pts[i + 1][0] || seg[1][1] !== pts[i + 1][1]) {
        if (cur.length > 1) out.push(cur);
        cur = [];
      }
    }
    if (cur.length > 1) out.push(cur);
  }
  return out;
}
