import { describe, expect, it } from "vitest";
import { crossing, makePolyline, nearest, nearestApproach, pointAt, slice, stepCrossing } from "../../src/geometry/polyline.ts";

// An L: 300 m east, then 400 m north (chainage 0 -> 300 -> 700).
const L = makePolyline([
  [0, 0],
  [300, 0],
  [300, 400],
]);

/** A small deterministic generator (mulberry32) so property cases repeat. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("polyline: chainage, points and tangents", () => {
  it("chainage is the running sum of segment lengths (3-4-5 steps)", () => {
    const p = makePolyline([
      [0, 0],
      [3, 4],
      [6, 8],
      [6, 18],
    ]);
    expect(Array.from(p.chain)).toEqual([0, 5, 10, 20]);
    expect(p.length).toBe(20);
    expect(() => makePolyline([[1, 1]])).toThrow(/two vertices/);
  });

  it("pointAt interpolates, clamps past either end, and gives the unit direction", () => {
    expect(pointAt(L, 150)).toEqual({ x: 150, y: 0, dx: 1, dy: 0 });
    expect(pointAt(L, 500)).toEqual({ x: 300, y: 200, dx: 0, dy: 1 });
    expect(pointAt(L, -20)).toEqual({ x: 0, y: 0, dx: 1, dy: 0 });
    expect(pointAt(L, 9999)).toEqual({ x: 300, y: 400, dx: 0, dy: 1 });
    // At the bend: the segment that ends there.
    expect(pointAt(L, 300)).toEqual({ x: 300, y: 0, dx: 1, dy: 0 });
  });

  it("repeated vertices at either end do not leave a point without a direction", () => {
    const p = makePolyline([
      [0, 0],
      [0, 0],
      [10, 0],
      [10, 0],
    ]);
    expect(pointAt(p, 0)).toEqual({ x: 0, y: 0, dx: 1, dy: 0 });
    expect(pointAt(p, 10)).toEqual({ x: 10, y: 0, dx: 1, dy: 0 });
    // nearest passes over the zero-length first segment, so the side is that of the real one.
    const q = nearest(p, -3, 4);
    expect(q).toEqual({ dist: 5, chainage: 0, seg: 1, side: 1, x: 0, y: 0 });
  });

  it("slice keeps the vertices strictly between the two chainages", () => {
    expect(slice(L, 100, 600)).toEqual([
      [100, 0],
      [300, 0],
      [300, 300],
    ]);
    expect(slice(L, 10, 20)).toEqual([
      [10, 0],
      [20, 0],
    ]);
  });
});

describe("polyline: nearest point and side", () => {
  it("projects onto the nearest segment, with the side of the line's direction", () => {
    // (100, 50) is 50 m left of the first leg (the line runs east, left is north).
    expect(nearest(L, 100, 50)).toEqual({ dist: 50, chainage: 100, seg: 0, side: 1, x: 100, y: 0 });
    // (400, 100) is 100 m right of the second leg (running north, right is east).
    expect(nearest(L, 400, 100)).toEqual({ dist: 100, chainage: 400, seg: 1, side: -1, x: 300, y: 100 });
    // Beyond the end: the end vertex, distance to it (3-4-5).
    const q = nearest(L, 330, 440);
    expect(q.dist).toBe(50);
    expect(q.chainage).toBe(700);
  });

  it("on a tie the earlier segment wins", () => {
    // (350, -50) is sqrt(5000) from the bend, which ends segment 0 and starts segment 1.
    const q = nearest(L, 350, -50);
    expect(q.seg).toBe(0);
    expect(q.chainage).toBe(300);
  });

  it("property: agrees with a dense sampling of the line", () => {
    const r = rng(7);
    for (let trial = 0; trial < 40; trial++) {
      const pts: number[][] = [];
      for (let i = 0; i < 2 + Math.floor(r() * 5); i++) pts.push([r() * 1000, r() * 1000]);
      const line = makePolyline(pts);
      const x = r() * 1200 - 100;
      const y = r() * 1200 - 100;
      let brute = Infinity;
      const n = 20000;
      for (let k = 0; k <= n; k++) {
        const p = pointAt(line, (line.length * k) / n);
        brute = Math.min(brute, Math.hypot(p.x - x, p.y - y));
      }
      const q = nearest(line, x, y);
      // Sampling overestimates by at most half a sample spacing.
      expect(q.dist).toBeLessThanOrEqual(brute + 1e-9);
      expect(q.dist).toBeGreaterThanOrEqual(brute - line.length / n);
      // The reported point is on the line at the reported chainage.
      const at = pointAt(line, q.chainage);
      expect(Math.hypot(at.x - q.x, at.y - q.y)).toBeLessThan(1e-6);
    }
  });
});

describe("polyline: nearest approach of two lines", () => {
  it("crossing lines meet at their intersection", () => {
    const across = makePolyline([
      [120, -30],
      [140, 30],
    ]);
    const a = nearestApproach(L, across)!;
    expect(a.dist).toBe(0);
    expect(a.seg).toBe(0);
    expect(a.otherSeg).toBe(0);
    expect(a.x).toBeCloseTo(130, 12);
    expect(a.y).toBe(0);
    expect(a.chainage).toBeCloseTo(130, 12);
  });

  it("apart: the distance from the nearer end, and the point of the line nearest to it", () => {
    // A short stick north of the first leg: its lower end (50, 20) is 20 m away.
    const stick = makePolyline([
      [50, 20],
      [60, 70],
    ]);
    const a = nearestApproach(L, stick)!;
    expect(a.dist).toBe(20);
    expect([a.x, a.y, a.chainage]).toEqual([50, 0, 50]);
    // A stick beyond the line's end: the end vertex (300, 400) is nearest to it, 3-4-5 away.
    const past = makePolyline([
      [330, 440],
      [330, 500],
    ]);
    const b = nearestApproach(L, past)!;
    expect(b.dist).toBe(50);
    expect([b.x, b.y]).toEqual([300, 400]);
  });

  it("property: agrees with a dense sampling of both lines", () => {
    const r = rng(11);
    for (let trial = 0; trial < 25; trial++) {
      const line = makePolyline([
        [r() * 500, r() * 500],
        [r() * 500, r() * 500],
        [r() * 500, r() * 500],
      ]);
      const other = makePolyline([
        [r() * 500, r() * 500],
        [r() * 500, r() * 500],
      ]);
      let brute = Infinity;
      const n = 600;
      for (let k = 0; k <= n; k++) {
        const p = pointAt(other, (other.length * k) / n);
        brute = Math.min(brute, nearest(line, p.x, p.y).dist);
      }
      const a = nearestApproach(line, other)!;
      expect(a.dist).toBeLessThanOrEqual(brute + 1e-9);
      expect(a.dist).toBeGreaterThanOrEqual(brute - other.length / n);
    }
  });
});

describe("polyline: does a step cross the line", () => {
  it("stepCrossing gives the fraction along the segment, NaN when the step misses it", () => {
    expect(stepCrossing(25, 10, 25, -10, 0, 0, 100, 0)).toBe(0.25);
    expect(stepCrossing(25, 10, 25, 5, 0, 0, 100, 0)).toBeNaN(); // same side
    expect(stepCrossing(150, 10, 150, -10, 0, 0, 100, 0)).toBeNaN(); // past the end
  });

  it("half-open rule: a point on the line counts as its right side", () => {
    // Ending on the line from the left crosses; from the right it does not.
    expect(stepCrossing(50, 10, 50, 0, 0, 0, 100, 0)).toBe(0.5);
    expect(stepCrossing(50, -10, 50, 0, 0, 0, 100, 0)).toBeNaN();
  });

  it("crossing: direction +1 from the left, -1 from the right, with the chainage", () => {
    expect(crossing(L, 100, 10, 100, -10)).toEqual({ dir: 1, chainage: 100 });
    expect(crossing(L, 100, -10, 100, 10)).toEqual({ dir: -1, chainage: 100 });
    // Across the second leg, west (left of a north-running line) to east.
    expect(crossing(L, 290, 250, 310, 250)).toEqual({ dir: 1, chainage: 550 });
    expect(crossing(L, 100, 10, 120, 30)).toEqual({ dir: 0, chainage: 0 });
  });

  it("a step through a vertex is counted once, not once per segment", () => {
    // A straight line with a vertex at (50, 0): the step x = 50 passes exactly through it.
    const line = makePolyline([
      [0, 0],
      [50, 0],
      [100, 0],
    ]);
    expect(crossing(line, 50, 10, 50, -10)).toEqual({ dir: 1, chainage: 50 });
    expect(crossing(line, 50, -10, 50, 10)).toEqual({ dir: -1, chainage: 50 });
  });

  it("candidate segments limit the test", () => {
    expect(crossing(L, 290, 250, 310, 250, [0])).toEqual({ dir: 0, chainage: 0 });
    expect(crossing(L, 290, 250, 310, 250, [1])).toEqual({ dir: 1, chainage: 550 });
  });
});
