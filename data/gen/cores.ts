/**
 * Core habitat areas: star-shaped blobs around chosen centres, pulled in wherever they would reach
 * the sea, cross the border or come near the highway, so that each lies wholly on its side of the road.
 */
import type { Position } from "geojson";
import { fbm } from "./noise.ts";

export interface CoreDesign {
  name: string;
  side: "west" | "east";
  /** Centre (m) and mean radius (m). */
  x: number;
  y: number;
  radius: number;
}

export interface Core extends CoreDesign {
  id: number;
  ring: Position[];
}

/**
 * @param allowed whether a map point may lie in a core declared on `side` (on land, in Russia, on that
 *   side of the highway and clear of it)
 */
export function makeCores(designs: CoreDesign[], allowed: (p: Position, side: "west" | "east") => boolean, seed: number): Core[] {
  const nv = 64;
  return designs.map((d, i) => {
    const ok = (p: Position) => allowed(p, d.side);
    if (!ok([d.x, d.y])) throw new Error(`demo core ${d.name}: its centre is not a valid place`);
    const radii: number[] = [];
    for (let v = 0; v < nv; v++) {
      const a = (2 * Math.PI * v) / nv;
      // Wobbly outline: noise sampled on a circle, so the shape closes smoothly.
      const wob = fbm(1000 * Math.cos(a), 1000 * Math.sin(a), 900, 3, seed + 101 * i);
      const target = d.radius * (1 + 0.35 * wob);
      // Walk out along the ray; stop before the first invalid point (a 50 m step).
      let r = 0;
      for (let s = 50; s <= target; s += 50) {
        if (!ok([d.x + s * Math.cos(a), d.y + s * Math.sin(a)])) break;
        r = s;
      }
      radii.push(Math.max(r, 50));
    }
    const pointAt = (v: number): Position => {
      const a = (2 * Math.PI * v) / nv;
      return [Math.round((d.x + radii[v] * Math.cos(a)) * 100) / 100, Math.round((d.y + radii[v] * Math.sin(a)) * 100) / 100];
    };
    // Edges between two good vertices can still cut a corner of sea or road: shrink both ends until
    // the edge is clean.
    for (let pass = 0; pass < 50; pass++) {
      let bad = false;
      for (let v = 0; v < nv; v++) {
        const w = (v + 1) % nv;
        const a = pointAt(v);
        const b = pointAt(w);
        const steps = Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 25);
        for (let s = 1; s < steps; s++) {
          if (!ok([a[0] + ((b[0] - a[0]) * s) / steps, a[1] + ((b[1] - a[1]) * s) / steps])) {
            radii[v] *= 0.9;
            radii[w] *= 0.9;
            bad = true;
            break;
          }
        }
      }
      if (!bad) break;
    }
    const ring: Position[] = [];
    for (let v = 0; v < nv; v++) ring.push(pointAt(v));
    ring.push(ring[0]);
    return { ...d, id: i + 1, ring };
  });
}

/** Polygon area (m2), shoelace. */
export function ringArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return Math.abs(s) / 2;
}
