/**
 * Polylines in map units: chainage (distance along the line from its first vertex), the point and
 * unit tangent at a chainage, the nearest point of the line to a point or to another line, which
 * side of the line a point lies on, and whether a short step (the edge between two cell centres)
 * crosses the line.
 *
 * The scenario engine's highway centreline, the structures burnt into roads
 * (src/resistance/crossings.ts), the road rasterizer's step test (src/resistance/roads.ts) and the
 * maps all use these functions, so "chainage 15 750 m" and "this step crosses the road" mean the
 * same thing everywhere.
 *
 * A Polyline keeps its vertices interleaved in one Float64Array and the chainage of each vertex in
 * another. Queries are linear in the number of segments and allocate only the record they return:
 * fine for the points the scenario engine places (cores, structures, lanes, road-band cells), and
 * `crossing` takes a list of candidate segments for callers that test many steps.
 *
 * Zero-length segments (repeated vertices) have no direction: `nearest`, `nearestApproach` and
 * `pointAt` pass over them, so a tangent or a side is always that of a segment with a length.
 */

export interface Polyline {
  /** Vertex coordinates, interleaved x0,y0,x1,y1,... */
  xy: Float64Array;
  /** Chainage (cumulative length, map units) at each vertex. */
  chain: Float64Array;
  /** Total length (the chainage of the last vertex). */
  length: number;
}

export function makePolyline(coords: ReadonlyArray<readonly [number, number] | readonly number[]>): Polyline {
  if (coords.length < 2) throw new RangeError("a polyline needs at least two vertices");
  const n = coords.length;
  const xy = new Float64Array(2 * n);
  const chain = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = coords[i][0];
    xy[2 * i + 1] = coords[i][1];
    if (i > 0) chain[i] = chain[i - 1] + Math.hypot(xy[2 * i] - xy[2 * i - 2], xy[2 * i + 1] - xy[2 * i - 1]);
  }
  return { xy, chain, length: chain[n - 1] };
}

export interface Projection {
  /** Distance from the point to the line. */
  dist: number;
  /** Chainage of the nearest point on the line. */
  chainage: number;
  /** Index of the nearest segment (the first one, on a tie). */
  seg: number;
  /** +1 left of the line's direction, -1 right, 0 on it. */
  side: number;
  /** The nearest point. */
  x: number;
  y: number;
}

/** Nearest point of the line to (x, y). On a tie the earlier segment wins. */
export function nearest(line: Polyline, x: number, y: number): Projection {
  const { xy, chain } = line;
  const nSeg = chain.length - 1;
  let best: Projection | null = null;
  for (let s = 0; s < nSeg; s++) {
    const ax = xy[2 * s];
    const ay = xy[2 * s + 1];
    const dx = xy[2 * s + 2] - ax;
    const dy = xy[2 * s + 3] - ay;
    const len2 = dx * dx + dy * dy;
    if (len2 === 0) continue;
    let t = ((x - ax) * dx + (y - ay) * dy) / len2;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const px = ax + t * dx;
    const py = ay + t * dy;
    const dist = Math.hypot(x - px, y - py);
    if (best === null || dist < best.dist) {
      const cross = dx * (y - ay) - dy * (x - ax);
      best = { dist, chainage: chain[s] + t * Math.sqrt(len2), seg: s, side: Math.sign(cross), x: px, y: py };
    }
  }
  // Every segment has zero length: the line is one point.
  return best ?? { dist: Math.hypot(x - xy[0], y - xy[1]), chainage: 0, seg: 0, side: 0, x: xy[0], y: xy[1] };
}

export interface Approach {
  /** Distance between the two lines at their nearest approach (0 where they cross). */
  dist: number;
  /** Chainage along `line` of the nearest point. */
  chainage: number;
  /** Segment of `line` and segment of `other` where the approach is. */
  seg: number;
  otherSeg: number;
  /** The nearest point on `line`. */
  x: number;
  y: number;
}

/**
 * Nearest approach of `other` to `line`: where they cross, the crossing point (the first crossing,
 * in `line`'s order); otherwise the point of `line` nearest to `other`. null when either has no
 * segment with a length.
 */
export function nearestApproach(line: Polyline, other: Polyline): Approach | null {
  const { xy, chain } = line;
  const o = other.xy;
  // One scratch record per call (reused across segment pairs; no module-level state).
  const hit = { x: 0, y: 0, d: 0 };
  let best: Approach | null = null;
  for (let s = 0; s + 1 < chain.length; s++) {
    const ax = xy[2 * s];
    const ay = xy[2 * s + 1];
    const bx = xy[2 * s + 2];
    const by = xy[2 * s + 3];
    if (Math.hypot(bx - ax, by - ay) === 0) continue;
    for (let k = 0; k + 1 < other.chain.length; k++) {
      const cx = o[2 * k];
      const cy = o[2 * k + 1];
      const dx = o[2 * k + 2];
      const dy = o[2 * k + 3];
      if (Math.hypot(dx - cx, dy - cy) === 0) continue;
      segmentApproach(ax, ay, bx, by, cx, cy, dx, dy, hit);
      if (best === null || hit.d < best.dist) {
        best = { dist: hit.d, chainage: chain[s] + Math.hypot(hit.x - ax, hit.y - ay), seg: s, otherSeg: k, x: hit.x, y: hit.y };
      }
    }
  }
  return best;
}

/** Nearest approach of segments AB and CD into `out`: (x, y) on AB and the distance d. */
function segmentApproach(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
  out: { x: number; y: number; d: number },
): void {
  // A proper intersection first.
  const rx = bx - ax;
  const ry = by - ay;
  const sx = dx - cx;
  const sy = dy - cy;
  const den = rx * sy - ry * sx;
  if (den !== 0) {
    const t = ((cx - ax) * sy - (cy - ay) * sx) / den;
    const u = ((cx - ax) * ry - (cy - ay) * rx) / den;
    if (t >= 0 && t <= 1 && u >= 0 && u <= 1) {
      out.x = ax + t * rx;
      out.y = ay + t * ry;
      out.d = 0;
      return;
    }
  }
  // Otherwise the nearest approach involves an endpoint of one of the segments: C or D onto AB,
  // then A or B onto CD (the point on AB is then A or B itself).
  out.d = Infinity;
  for (let e = 0; e < 2; e++) {
    const px = e === 0 ? cx : dx;
    const py = e === 0 ? cy : dy;
    const t = clampedParameter(px, py, ax, ay, bx, by);
    const qx = ax + t * rx;
    const qy = ay + t * ry;
    const d = Math.hypot(qx - px, qy - py);
    if (d < out.d) {
      out.x = qx;
      out.y = qy;
      out.d = d;
    }
  }
  for (let e = 0; e < 2; e++) {
    const px = e === 0 ? ax : bx;
    const py = e === 0 ? ay : by;
    const t = clampedParameter(px, py, cx, cy, dx, dy);
    const ex = cx + t * sx - px;
    const ey = cy + t * sy - py;
    const d = Math.sqrt(ex * ex + ey * ey);
    if (d < out.d) {
      out.x = px;
      out.y = py;
      out.d = d;
    }
  }
}

/** The parameter in [0, 1] of the point of segment AB nearest to P (0 when AB has no length). */
function clampedParameter(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax;
  const vy = by - ay;
  const l2 = vx * vx + vy * vy;
  const t = l2 > 0 ? ((px - ax) * vx + (py - ay) * vy) / l2 : 0;
  return t < 0 ? 0 : t > 1 ? 1 : t;
}

export interface PointAt {
  x: number;
  y: number;
  /** Unit direction of the line there. */
  dx: number;
  dy: number;
}

/**
 * The point at a chainage along the line (clamped to 0..length), and the unit direction of the
 * line there. At a vertex, the segment that ends there.
 */
export function pointAt(line: Polyline, chainage: number): PointAt {
  const { xy, chain } = line;
  const c = Math.min(Math.max(chainage, 0), line.length);
  const last = chain.length - 2;
  let s = 0;
  while (s < last && (chain[s + 1] < c || chain[s + 1] === chain[s])) s++;
  // Trailing zero-length segments: the last segment with a length.
  while (s > 0 && chain[s + 1] === chain[s]) s--;
  const segLen = chain[s + 1] - chain[s];
  const t = segLen > 0 ? (c - chain[s]) / segLen : 0;
  const dx = xy[2 * s + 2] - xy[2 * s];
  const dy = xy[2 * s + 3] - xy[2 * s + 1];
  const l = Math.hypot(dx, dy) || 1;
  return { x: xy[2 * s] + t * dx, y: xy[2 * s + 1] + t * dy, dx: dx / l, dy: dy / l };
}

/** The piece of the line between two chainages, as coordinates (for road-profile segments). */
export function slice(line: Polyline, from: number, to: number): number[][] {
  const a = pointAt(line, from);
  const out: number[][] = [[a.x, a.y]];
  for (let i = 1; i < line.chain.length - 1; i++) {
    if (line.chain[i] > from && line.chain[i] < to) out.push([line.xy[2 * i], line.xy[2 * i + 1]]);
  }
  const b = pointAt(line, to);
  out.push([b.x, b.y]);
  return out;
}

/**
 * Where the step p -> q crosses the segment a -> b: the fraction t in [0, 1] along a -> b, or NaN
 * when it does not cross. Half-open rule: a point exactly on the segment's line counts as its
 * right side, so a step that touches a polyline at a vertex crosses one of the two segments there,
 * not both (and a step that ends on the line crosses it only if it came from the left).
 */
export function stepCrossing(px: number, py: number, qx: number, qy: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const sp = dx * (py - ay) - dy * (px - ax) > 0;
  const sq = dx * (qy - ay) - dy * (qx - ax) > 0;
  if (sp === sq) return NaN;
  const ex = qx - px;
  const ey = qy - py;
  const ca = ex * (ay - py) - ey * (ax - px);
  const cb = ex * (by - py) - ey * (bx - px);
  if (ca > 0 === cb > 0) return NaN;
  // ca and cb lie on opposite sides of 0 (one > 0, the other <= 0), so ca - cb != 0 and t in [0, 1].
  return ca / (ca - cb);
}

/**
 * Does the step p -> q cross the line? Returns the chainage of the crossing and the direction: +1
 * when p is on the line's left and q on its right, -1 the other way, 0 when it does not cross (or
 * crosses an even number of times, which for cell-to-cell steps only happens where the line folds
 * back on itself within a cell and carries no net flow).
 * `segs` limits the test to candidate segments (from a spatial index); all when omitted.
 */
export function crossing(
  line: Polyline,
  px: number,
  py: number,
  qx: number,
  qy: number,
  segs?: ArrayLike<number>,
): { dir: number; chainage: number } {
  const { xy, chain } = line;
  let dir = 0;
  let chainage = 0;
  const n = segs ? segs.length : chain.length - 1;
  for (let k = 0; k < n; k++) {
    const s = segs ? segs[k] : k;
    const ax = xy[2 * s];
    const ay = xy[2 * s + 1];
    const t = stepCrossing(px, py, qx, qy, ax, ay, xy[2 * s + 2], xy[2 * s + 3]);
    if (Number.isNaN(t)) continue;
    // p's side of this segment: left (+1) or right.
    dir += (xy[2 * s + 2] - ax) * (py - ay) - (xy[2 * s + 3] - ay) * (px - ax) > 0 ? 1 : -1;
    chainage = chain[s] + t * (chain[s + 1] - chain[s]);
  }
  return { dir: Math.sign(dir), chainage };
}
