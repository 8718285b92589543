/** Small planar geometry helpers for the demo's vectors (map coordinates, metres). */
import type { Position } from "geojson";

/** Douglas-Peucker simplification: keeps the end points and every vertex needed to stay within tol. */
export function simplify(pts: Position[], tol: number): Position[] {
  if (pts.length <= 2) return pts.slice();
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack: [number, number][] = [[0, pts.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let worst = -1;
    let wd = tol;
    for (let i = a + 1; i < b; i++) {
      const d = pointSegmentDistance(pts[i], pts[a], pts[b]);
      if (d > wd) {
        wd = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return pts.filter((_, i) => keep[i]);
}

/** Chaikin corner cutting (end points kept): turns a cell-stepped route into a road-like curve. */
export function chaikin(pts: Position[], rounds: number): Position[] {
  let cur = pts;
  for (let r = 0; r < rounds; r++) {
    const next: Position[] = [cur[0]];
    for (let i = 0; i + 1 < cur.length; i++) {
      const [ax, ay] = cur[i];
      const [bx, by] = cur[i + 1];
      next.push([0.75 * ax + 0.25 * bx, 0.75 * ay + 0.25 * by], [0.25 * ax + 0.75 * bx, 0.25 * ay + 0.75 * by]);
    }
    next.push(cur[cur.length - 1]);
    cur = next;
  }
  return cur;
}

export function pointSegmentDistance(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Intersection of segments p1-p2 and q1-q2: the parameter t along p1-p2 and the point, or null. */
export function segmentIntersection(p1: Position, p2: Position, q1: Position, q2: Position): { t: number; u: number; at: Position } | null {
  const rx = p2[0] - p1[0];
  const ry = p2[1] - p1[1];
  const sx = q2[0] - q1[0];
  const sy = q2[1] - q1[1];
  const den = rx * sy - ry * sx;
  if (den === 0) return null;
  const qpx = q1[0] - p1[0];
  const qpy = q1[1] - p1[1];
  const t = (qpx * sy - qpy * sx) / den;
  const u = (qpx * ry - qpy * rx) / den;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return { t, u, at: [p1[0] + t * rx, p1[1] + t * ry] };
}

/** Length of a polyline. */
export function lineLength(line: Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < line.length; i++) s += Math.hypot(line[i + 1][0] - line[i][0], line[i + 1][1] - line[i][1]);
  return s;
}

/** Round coordinates to a fixed number of decimals (keeps the files small and the bytes stable). */
export function roundPos(p: Position, decimals = 2): Position {
  const f = 10 ** decimals;
  return [Math.round(p[0] * f) / f, Math.round(p[1] * f) / f];
}
