/**
 * The demo generator's building blocks, each against a brute-force reference on small random inputs
 * (fast-check): distance transform, slope limiter, polygon burning, least-cost route, heap, river
 * tracing, line simplification, noise ranges.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceTransform } from "../../data/gen/distance.ts";
import { makeFrame } from "../../data/gen/frame.ts";
import { simplify, pointSegmentDistance, segmentIntersection } from "../../data/gen/geometry.ts";
import { MinHeap } from "../../data/gen/heap.ts";
import { traceRivers } from "../../data/gen/hydro.ts";
import { fbm, ridged, valueNoise } from "../../data/gen/noise.ts";
import { hash2, mulberry32 } from "../../data/gen/random.ts";
import { burnRing } from "../../data/gen/raster.ts";
import { leastCostRoute } from "../../data/gen/route.ts";
import { limitSlope } from "../../data/gen/terrain.ts";

const grid = (maxW = 10, maxH = 10) =>
  fc.record({ w: fc.integer({ min: 1, max: maxW }), h: fc.integer({ min: 1, max: maxH }), seed: fc.integer() });

describe("distanceTransform", () => {
  it("equals the brute-force nearest-feature distance", () => {
    fc.assert(
      fc.property(grid(), fc.double({ min: 0.1, max: 1, noNaN: true }), ({ w, h, seed }, density) => {
        const rnd = mulberry32(seed);
        const mask = new Uint8Array(w * h);
        for (let k = 0; k < mask.length; k++) mask[k] = rnd() < density * 0.3 ? 1 : 0;
        const d = distanceTransform(mask, w, h, 50);
        for (let r = 0; r < h; r++) {
          for (let c = 0; c < w; c++) {
            let best = Infinity;
            for (let rr = 0; rr < h; rr++) for (let cc = 0; cc < w; cc++) if (mask[rr * w + cc]) best = Math.min(best, Math.hypot(rr - r, cc - c) * 50);
            const got = d[r * w + c];
            if (best === Infinity) expect(got).toBe(Infinity);
            else expect(Math.abs(got - best)).toBeLessThan(1e-3);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("limitSlope", () => {
  it("gives the largest surface below the input whose steps never exceed the slope (Bellman-Ford reference)", () => {
    fc.assert(
      fc.property(grid(8, 8), ({ w, h, seed }) => {
        const rnd = mulberry32(seed);
        const z = new Float32Array(w * h);
        for (let k = 0; k < z.length; k++) z[k] = rnd() < 0.1 ? NaN : rnd() * 300;
        const got = Float32Array.from(z);
        limitSlope(got, w, h, 50, 0.6);
        // Reference: relax every edge until nothing changes.
        const ref = Float64Array.from(z);
        for (let changed = true; changed; ) {
          changed = false;
          for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
            const k = r * w + c;
            if (Number.isNaN(ref[k])) continue;
            for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
              const rr = r + dr, cc = c + dc;
              if ((dr === 0 && dc === 0) || rr < 0 || cc < 0 || rr >= h || cc >= w) continue;
              const j = rr * w + cc;
              if (Number.isNaN(ref[j])) continue;
              const v = ref[j] + 0.6 * 50 * Math.hypot(dr, dc);
              if (v < ref[k] - 1e-9) { ref[k] = v; changed = true; }
            }
          }
        }
        for (let k = 0; k < z.length; k++) {
          if (Number.isNaN(z[k])) expect(Number.isNaN(got[k])).toBe(true);
          else expect(Math.abs(got[k] - ref[k])).toBeLessThan(1e-3);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("burnRing", () => {
  it("marks exactly the cells whose centre is inside the ring (ray-casting reference)", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 3, max: 12 }), (seed, nv) => {
        const frame = makeFrame(1000, 2000, 600, 500, 50);
        const rnd = mulberry32(seed);
        const ring: [number, number][] = [];
        for (let i = 0; i < nv; i++) ring.push([1000 + rnd() * 600, 1500 + rnd() * 500]);
        ring.push(ring[0]);
        const out = new Uint8Array(frame.width * frame.height);
        burnRing(out, frame, ring, 1);
        for (let r = 0; r < frame.height; r++) for (let c = 0; c < frame.width; c++) {
          const [x, y] = frame.center(c, r);
          let inside = false;
          for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
            const [xi, yi] = ring[i];
            const [xj, yj] = ring[j];
            if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
          }
          expect(out[r * frame.width + c], `cell ${c},${r}`).toBe(inside ? 1 : 0);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("leastCostRoute", () => {
  it("finds a path whose cost equals the optimum from a Bellman-Ford reference", () => {
    fc.assert(
      fc.property(grid(9, 9), ({ w, h, seed }) => {
        const rnd = mulberry32(seed);
        const cost = new Float64Array(w * h);
        for (let k = 0; k < cost.length; k++) cost[k] = rnd() < 0.15 ? Infinity : 1 + rnd() * 9;
        cost[0] = 1;
        cost[w * h - 1] = 1;
        const step = (a: number, b: number) => {
          const diag = a % w !== b % w && Math.floor(a / w) !== Math.floor(b / w);
          return (diag ? Math.SQRT2 : 1) * 0.5 * (cost[a] + cost[b]);
        };
        const dist = new Float64Array(w * h).fill(Infinity);
        dist[0] = 0;
        for (let changed = true; changed; ) {
          changed = false;
          for (let k = 0; k < w * h; k++) {
            if (!Number.isFinite(cost[k])) continue;
            const r = Math.floor(k / w), c = k % w;
            for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) {
              const rr = r + dr, cc = c + dc;
              if ((dr === 0 && dc === 0) || rr < 0 || cc < 0 || rr >= h || cc >= w) continue;
              const j = rr * w + cc;
              if (!Number.isFinite(cost[j]) || !Number.isFinite(dist[j])) continue;
              const v = dist[j] + step(j, k);
              if (v < dist[k] - 1e-12) { dist[k] = v; changed = true; }
            }
          }
        }
        const end = w * h - 1;
        if (!Number.isFinite(dist[end])) {
          expect(() => leastCostRoute(cost, w, h, 0, end)).toThrow(/no route/);
          return;
        }
        const path = leastCostRoute(cost, w, h, 0, end);
        expect(path[0]).toBe(0);
        expect(path[path.length - 1]).toBe(end);
        let total = 0;
        for (let i = 1; i < path.length; i++) {
          const a = path[i - 1], b = path[i];
          expect(Math.abs((a % w) - (b % w))).toBeLessThanOrEqual(1);
          expect(Math.abs(Math.floor(a / w) - Math.floor(b / w))).toBeLessThanOrEqual(1);
          total += step(a, b);
        }
        expect(Math.abs(total - dist[end])).toBeLessThan(1e-9 * Math.max(1, dist[end]));
      }),
      { numRuns: 150 },
    );
  });
});

describe("MinHeap", () => {
  it("pops in key order, ties in insertion order", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (keys) => {
        const heap = new MinHeap(4);
        keys.forEach((k, i) => heap.push(k, i));
        const out: number[] = [];
        while (heap.size > 0) out.push(heap.pop());
        const expected = keys.map((k, i) => ({ k, i })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.i);
        expect(out).toEqual(expected);
      }),
    );
  });
});

describe("traceRivers", () => {
  it("continues the stem through the larger branch and ends tributaries on the river they join", () => {
    // A 5 x 3 grid: two branches meet at cell 7 and flow east to the outlet at cell 9.
    //   0  1  2  3  4
    //   5  6  7  8  9
    //  10 11 12 13 14
    const receiver = new Int32Array(15).fill(-1);
    receiver[0] = 1; receiver[1] = 2; receiver[2] = 7; // northern branch: 0 -> 1 -> 2 -> 7
    receiver[12] = 7; // southern branch: 12 -> 7 (shorter, smaller)
    receiver[7] = 8; receiver[8] = 9; // stem to the outlet
    const accumulation = new Float64Array(15).fill(1);
    accumulation[1] = 2; accumulation[2] = 3; accumulation[7] = 5; accumulation[8] = 6; accumulation[9] = 7;
    const isRiver = new Uint8Array(15);
    for (const k of [0, 1, 2, 7, 8, 9, 12]) isRiver[k] = 1;
    const lines = traceRivers({ receiver, accumulation }, isRiver);
    expect(lines).toContainEqual([0, 1, 2, 7, 8, 9]);
    expect(lines).toContainEqual([12, 7]);
    expect(lines).toHaveLength(2);
  });
});

describe("geometry", () => {
  it("simplify keeps the end points and stays within the tolerance", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true })), { minLength: 2, maxLength: 60 }), fc.double({ min: 0.5, max: 50, noNaN: true }), (pts, tol) => {
          const s = simplify(pts, tol);
          expect(s[0]).toEqual(pts[0]);
          expect(s[s.length - 1]).toEqual(pts[pts.length - 1]);
          for (const p of pts) {
            let d = Infinity;
            for (let i = 0; i + 1 < s.length; i++) d = Math.min(d, pointSegmentDistance(p, s[i], s[i + 1]));
            if (s.length === 1) d = Math.hypot(p[0] - s[0][0], p[1] - s[0][1]);
            expect(d).toBeLessThanOrEqual(tol + 1e-9);
          }
        }),
    );
  });

  it("segmentIntersection finds a crossing point on both segments", () => {
    const x = segmentIntersection([0, 0], [10, 10], [0, 10], [10, 0])!;
    expect(x.at).toEqual([5, 5]);
    expect(segmentIntersection([0, 0], [1, 0], [0, 1], [1, 1])).toBeNull();
  });
});

describe("randomness and noise", () => {
  it("mulberry32 is reproducible and in [0, 1); noise stays in its range", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const v = a();
      expect(v).toBe(b());
      expect(v >= 0 && v < 1).toBe(true);
    }
    expect(hash2(3, 4, 5)).toBe(hash2(3, 4, 5));
    expect(hash2(3, 4, 5)).not.toBe(hash2(4, 3, 5));
    const rnd = mulberry32(7);
    for (let i = 0; i < 2000; i++) {
      const x = (rnd() - 0.5) * 1e5;
      const y = (rnd() - 0.5) * 1e5;
      const v = valueNoise(x / 1000, y / 1000, 9);
      expect(v >= -1 && v <= 1).toBe(true);
      const f = fbm(x, y, 3000, 4, 9);
      expect(f >= -1 && f <= 1).toBe(true);
      const r = ridged(x, y, 3000, 4, 9);
      expect(r >= 0 && r <= 1).toBe(true);
      // Continuous: a millimetre away changes the value by very little.
      expect(Math.abs(fbm(x + 0.001, y, 3000, 4, 9) - f)).toBeLessThan(1e-4);
    }
  });
});
