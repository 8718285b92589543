/**
 * Burning lines into a north-up grid, exactly, in the grid's own map units.
 *
 * Three primitives, used for roads, fences and crossing lanes:
 * - traverseSegment: every cell a segment passes through, in order (Amanatides & Woo's grid walk).
 *   Consecutive cells share an edge, so the walk is 4-connected; it is the set GDAL's
 *   `gdal_rasterize -at` ("all touched") burns for a line, up to ties at exact cell corners.
 * - cellsWithin: every cell whose centre lies within distance r of a segment (the centre rule
 *   GDAL applies to a buffer polygon, with exact round caps instead of a polygonal buffer).
 * - makeFourConnected: a barrier made of cells that touch only at corners leaks, because a move
 *   to a diagonal neighbour passes between them. Wherever two set cells are diagonal neighbours
 *   and neither shared orthogonal neighbour is set, we add one of those two (the one the caller
 *   scores lower: the one nearer the line). Afterwards every 8-adjacent pair is joined through a
 *   4-path, so 8-components equal 4-components, and a 4-connected band that runs edge to edge
 *   separates the grid under 8-neighbour moves (digital topology's (4, 8) duality).
 *
 * We do not use @turf/buffer: it buffers on the sphere in geographic degrees, while our lines are
 * already in the grid's projected CRS, where the distance to a segment is exact and cheap.
 */

/** Pixel-space geometry of a north-up grid: col = (x - x0) / dx, row = (y - y0) / dy. */
export interface PixelFrame {
  width: number;
  height: number;
  x0: number;
  dx: number;
  y0: number;
  /** Negative for north-up grids. */
  dy: number;
}

export function frameOf(g: { width: number; height: number; transform: readonly number[] }): PixelFrame {
  const t = g.transform;
  if (t[2] !== 0 || t[4] !== 0) throw new RangeError("rasterizing needs a north-up grid without rotation");
  return { width: g.width, height: g.height, x0: t[0], dx: t[1], y0: t[3], dy: t[5] };
}

/**
 * Visit, in order, each cell the segment (x0,y0)-(x1,y1) (map units) passes through.
 * Parts outside the grid are clipped away. Returns nothing; visit(idx, col, row) may return
 * true to stop the walk early.
 */
export function traverseSegment(
  f: PixelFrame,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  visit: (idx: number, col: number, row: number) => boolean | void,
): void {
  let px = (ax - f.x0) / f.dx;
  let py = (ay - f.y0) / f.dy;
  let qx = (bx - f.x0) / f.dx;
  let qy = (by - f.y0) / f.dy;
  // Liang-Barsky clip to [0, W] x [0, H].
  let t0 = 0;
  let t1 = 1;
  const ddx = qx - px;
  const ddy = qy - py;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  if (!clip(-ddx, px) || !clip(ddx, f.width - px) || !clip(-ddy, py) || !clip(ddy, f.height - py)) return;
  const sx = px + t0 * ddx;
  const sy = py + t0 * ddy;
  qx = px + t1 * ddx;
  qy = py + t1 * ddy;
  px = sx;
  py = sy;
  const dx = qx - px;
  const dy = qy - py;
  // Clamped: a start clipped onto the grid's edge can land a rounding error outside it
  // (px = -1e-15 would floor to column -1 and end the walk before it starts).
  let col = Math.max(0, Math.min(f.width - 1, Math.floor(px)));
  let row = Math.max(0, Math.min(f.height - 1, Math.floor(py)));
  // A clipped start lying exactly on the far boundary of its cell going backwards belongs to the
  // cell behind it; floor already handles the usual case.
  if (dx < 0 && px === col && col > 0) col--;
  if (dy < 0 && py === row && row > 0) row--;
  const stepX = dx > 0 ? 1 : dx < 0 ? -1 : 0;
  const stepY = dy > 0 ? 1 : dy < 0 ? -1 : 0;
  const tDeltaX = stepX !== 0 ? 1 / Math.abs(dx) : Infinity;
  const tDeltaY = stepY !== 0 ? 1 / Math.abs(dy) : Infinity;
  let tMaxX = stepX > 0 ? (col + 1 - px) / dx : stepX < 0 ? (col - px) / dx : Infinity;
  let tMaxY = stepY > 0 ? (row + 1 - py) / dy : stepY < 0 ? (row - py) / dy : Infinity;
  for (;;) {
    if (col < 0 || row < 0 || col >= f.width || row >= f.height) return;
    if (visit(row * f.width + col, col, row) === true) return;
    // Stop once the next boundary lies at or beyond the segment's end.
    if (tMaxX >= 1 && tMaxY >= 1) return;
    // At an exact corner (tMaxX == tMaxY) step in x first, then y on the next turn: the cell in
    // between is visited, which keeps the walk 4-connected.
    if (tMaxX <= tMaxY) {
      col += stepX;
      tMaxX += tDeltaX;
    } else {
      row += stepY;
      tMaxY += tDeltaY;
    }
  }
}

/** Squared distance from (px,py) to segment (ax,ay)-(bx,by). */
export function segDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const vx = bx - ax;
  const vy = by - ay;
  const len2 = vx * vx + vy * vy;
  let t = len2 > 0 ? ((px - ax) * vx + (py - ay) * vy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * vx - px;
  const ey = ay + t * vy - py;
  return ex * ex + ey * ey;
}

/** Visit each cell whose centre lies within distance r (map units) of the segment; d = that distance. */
export function cellsWithin(
  f: PixelFrame,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  r: number,
  visit: (idx: number, d: number) => void,
): void {
  if (!(r >= 0)) return;
  const c0 = Math.max(0, Math.floor((Math.min(ax, bx) - r - f.x0) / f.dx) - 1);
  const c1 = Math.min(f.width - 1, Math.floor((Math.max(ax, bx) + r - f.x0) / f.dx) + 1);
  // dy < 0: the top row has the largest y.
  const rA = Math.floor((Math.max(ay, by) + r - f.y0) / f.dy) - 1;
  const rB = Math.floor((Math.min(ay, by) - r - f.y0) / f.dy) + 1;
  const r0 = Math.max(0, Math.min(rA, rB));
  const r1 = Math.min(f.height - 1, Math.max(rA, rB));
  const r2 = r * r;
  for (let row = r0; row <= r1; row++) {
    const cy = f.y0 + (row + 0.5) * f.dy;
    for (let col = c0; col <= c1; col++) {
      const cx = f.x0 + (col + 0.5) * f.dx;
      const d2 = segDist2(cx, cy, ax, ay, bx, by);
      if (d2 <= r2) visit(row * f.width + col, Math.sqrt(d2));
    }
  }
}

/**
 * Close diagonal-only contacts in a cell set (see the file comment). score(idx) picks which of the
 * two candidate cells to add (lower wins); onAdd(idx, a, b) is told the added cell and the two
 * diagonal cells it joins, so callers can give it their attributes. Returns the number added.
 * Only the rows and columns in [r0, r1] x [c0, c1] are examined (the bounding box of the set).
 */
export function makeFourConnected(
  mask: Uint8Array,
  width: number,
  height: number,
  score: (idx: number) => number,
  onAdd?: (idx: number, a: number, b: number) => void,
  box: [number, number, number, number] = [0, height - 1, 0, width - 1],
): number {
  let added = 0;
  let changed = true;
  const [r0, r1, c0, c1] = box;
  // Adding a cell can create a new diagonal-only contact next to it, so repeat until stable
  // (in practice one or two passes).
  while (changed) {
    changed = false;
    for (let row = Math.max(0, r0 - 1); row < Math.min(height - 1, r1 + 1); row++) {
      for (let col = Math.max(0, c0 - 1); col < Math.min(width - 1, c1 + 1); col++) {
        const a = row * width + col;
        const b = a + 1;
        const c = a + width;
        const d = c + 1;
        let p = -1;
        let q = -1;
        let u = -1;
        let v = -1;
        if (mask[a] && mask[d] && !mask[b] && !mask[c]) [p, q, u, v] = [b, c, a, d];
        else if (mask[b] && mask[c] && !mask[a] && !mask[d]) [p, q, u, v] = [a, d, b, c];
        else continue;
        const pick = score(p) <= score(q) ? p : q;
        mask[pick] = 1;
        onAdd?.(pick, u, v);
        added++;
        changed = true;
      }
    }
  }
  return added;
}
