/**
 * The highway centreline as a polyline in the grid's CRS: chainage (distance along the line),
 * which side of the line a point lies on, and whether a short segment (an edge between two cell
 * centres) crosses it. All scenario metrics that talk about "crossing the road" use this one line.
 */

export interface Centreline {
  /** Vertex coordinates, interleaved x0,y0,x1,y1,... */
  xy: Float64Array;
  /** Chainage (cumulative length, map units) at each vertex. */
  chain: Float64Array;
  length: number;
}

export function makeCentreline(coords: ReadonlyArray<readonly [number, number] | number[]>): Centreline {
  if (coords.length < 2) throw new RangeError("a centreline needs at least two vertices");
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

/** Join the LineStrings of a road into one centreline (end-to-start, flipping pieces as needed). */
export function joinLines(lines: number[][][]): number[][] {
  if (lines.length === 0) throw new RangeError("no highway lines");
  const rest = lines.map((l) => l.slice());
  let out = rest.shift()!;
  const d = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  while (rest.length) {
    let best = 0;
    let bestD = Infinity;
    let mode = 0;
    for (let i = 0; i < rest.length; i++) {
      const l = rest[i];
      const cands = [d(out[out.length - 1], l[0]), d(out[out.length - 1], l[l.length - 1]), d(out[0], l[l.length - 1]), d(out[0], l[0])];
      for (let m = 0; m < 4; m++) if (cands[m] < bestD) [bestD, best, mode] = [cands[m], i, m];
    }
    const l = rest.splice(best, 1)[0];
    if (mode === 0) out = out.concat(l.slice(1));
    else if (mode === 1) out = out.concat(l.reverse().slice(1));
    else if (mode === 2) out = l.concat(out.slice(1));
    else out = l.reverse().concat(out.slice(1));
  }
  return out;
}

export interface Projection {
  /** Distance from the point to the line. */
  dist: number;
  /** Chainage of the nearest point on the line. */
  chainage: number;
  /** Index of the nearest segment. */
  seg: number;
  /** +1 left of the line's direction, -1 right, 0 on it. */
  side: number;
}

/** Nearest point of the centreline to (x, y). Linear in the number of vertices: fine for the few
 *  hundred points the scenario engine projects (cores, structures), not for every cell. */
export function project(line: Centreline, x: number, y: number): Projection {
  const { xy, chain } = line;
  const nSeg = chain.length - 1;
  let best: Projection = { dist: Infinity, chainage: 0, seg: 0, side: 0 };
  for (let s = 0; s < nSeg; s++) {
    const ax = xy[2 * s];
    const ay = xy[2 * s + 1];
    const dx = xy[2 * s + 2] - ax;
    const dy = xy[2 * s + 3] - ay;
    const len2 = dx * dx + dy * dy;
    let t = len2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const px = ax + t * dx;
    const py = ay + t * dy;
    const dist = Math.hypot(x - px, y - py);
    if (dist < best.dist) {
      const cross = dx * (y - ay) - dy * (x - ax);
      best = { dist, chainage: chain[s] + t * Math.sqrt(len2), seg: s, side: Math.sign(cross) };
    }
  }
  return best;
}

/** The point at a chainage along the line, and the unit direction of the line there. */
export function pointAt(line: Centreline, chainage: number): { x: number; y: number; dx: number; dy: number } {
  const { xy, chain } = line;
  const c = Math.min(Math.max(chainage, 0), line.length);
  let s = 0;
  while (s < chain.length - 2 && chain[s + 1] < c) s++;
  const segLen = chain[s + 1] - chain[s];
  const t = segLen > 0 ? (c - chain[s]) / segLen : 0;
  const dx = xy[2 * s + 2] - xy[2 * s];
  const dy = xy[2 * s + 3] - xy[2 * s + 1];
  const l = Math.hypot(dx, dy) || 1;
  return { x: xy[2 * s] + t * dx, y: xy[2 * s + 1] + t * dy, dx: dx / l, dy: dy / l };
}

/** The piece of the line between two chainages, as coordinates (for road-profile segments). */
export function slice(line: Centreline, from: number, to: number): number[][] {
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
 * Does the segment p->q cross the centreline? Returns the chainage of the crossing and the
 * direction: +1 when p is on the line's left (cross > 0) and q on its right, -1 the other way,
 * 0 when it does not cross (or crosses an even number of times, which for cell-to-cell steps only
 * happens where the road folds back on itself within a cell and carries no net flow).
 * `segs` limits the test to candidate segments (from a spatial index); all when omitted.
 */
export function crossing(
  line: Centreline,
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
    const bx = xy[2 * s + 2];
    const by = xy[2 * s + 3];
    const dx = bx - ax;
    const dy = by - ay;
    const cp = dx * (py - ay) - dy * (px - ax);
    const cq = dx * (qy - ay) - dy * (qx - ax);
    // Half-open rule: a point exactly on the line counts as the right side, so a step that
    // touches the line at a vertex is counted once, not twice.
    const sp = cp > 0;
    const sq = cq > 0;
    if (sp === sq) continue;
    const ex = qx - px;
    const ey = qy - py;
    const ca = ex * (ay - py) - ey * (ax - px);
    const cb = ex * (by - py) - ey * (bx - px);
    const sa = ca > 0;
    const sb = cb > 0;
    if (sa === sb) continue;
    const t = ca / (ca - cb);
    dir += sp ? 1 : -1;
    chainage = chain[s] + t * (chain[s + 1] - chain[s]);
  }
  return { dir: Math.sign(dir), chainage };
}
