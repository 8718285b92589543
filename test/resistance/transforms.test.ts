import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  habitatDivisor,
  habitatToResistance,
  inverseResistance,
  linearResistance,
  negExpResistance,
} from "../../src/resistance/transforms.ts";
import { CrosswayError } from "../../src/util/errors.ts";
import { blankGrid } from "./helpers.ts";

describe("habitat transforms", () => {
  it("negative exponential: closed-form values", () => {
    // Hand evaluation: Rmax = 100, c = 4, h = 0.5 -> 100 - 99 (1 - e^-2) / (1 - e^-4)
    const expected = 100 - (99 * (1 - Math.exp(-2))) / (1 - Math.exp(-4));
    expect(negExpResistance(0.5, 4, 100)).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(12.8011, 3); // 0.864665 / 0.981684 = 0.880800; 100 - 99 * 0.880800 = 12.8011
    expect(negExpResistance(0, 8, 1000)).toBe(1000);
    expect(negExpResistance(1, 8, 1000)).toBeCloseTo(1, 12);
    expect(negExpResistance(0, 0.25, 50)).toBe(50);
    expect(negExpResistance(1, 0.25, 50)).toBeCloseTo(1, 12);
  });

  it("negative exponential: endpoints, monotone decreasing, between 1 and Rmax (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 32, noNaN: true }),
        fc.double({ min: 1.5, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, rmax, h1, h2) => {
          const [lo, hi] = h1 < h2 ? [h1, h2] : [h2, h1];
          const rlo = negExpResistance(lo, c, rmax);
          const rhi = negExpResistance(hi, c, rmax);
          expect(rhi).toBeLessThanOrEqual(rlo * (1 + 1e-12));
          expect(rlo).toBeLessThanOrEqual(rmax * (1 + 1e-12));
          expect(rhi).toBeGreaterThanOrEqual(1 - 1e-9 * rmax);
          expect(negExpResistance(0, c, rmax)).toBeCloseTo(rmax, 6);
          expect(Math.abs(negExpResistance(1, c, rmax) - 1)).toBeLessThan(1e-9 * rmax);
        },
      ),
    );
  });

  it("negative exponential tends to linear as c -> 0, continuously across the series switch", () => {
    for (const h of [0, 0.1, 0.37, 0.5, 0.9, 1]) {
      const lin = linearResistance(h, 100);
      expect(negExpResistance(h, 0, 100)).toBeCloseTo(lin, 12);
      expect(negExpResistance(h, 1e-4, 100)).toBeCloseTo(lin, 2);
      // either side of the switch at |c| = 1e-6 the two evaluations agree (the true change over
      // dc = 2e-8 is about 99 h (1 - h) / 2 * 2e-8 < 3e-7)
      expect(negExpResistance(h, 0.99e-6, 100)).toBeCloseTo(negExpResistance(h, 1.01e-6, 100), 6);
    }
    // Larger c: resistance falls faster at low suitability (lies below the linear line).
    expect(negExpResistance(0.2, 8, 100)).toBeLessThan(linearResistance(0.2, 100));
  });

  it("negative exponential: the series is used only where the closed form loses digits (|c| < 1e-6)", () => {
    // For c of 0.01 .. 0.49 the closed form with plain exp() loses at most 2-3 digits to cancellation,
    // so it is an independent reference to ~1e-13; the first-order series would be off by ~c^2 / 12.
    for (const c of [0.01, 0.05, 0.2, 0.49, -0.3]) {
      for (const h of [0.1, 0.37, 0.8]) {
        const expected = 100 - (99 * (1 - Math.exp(-c * h))) / (1 - Math.exp(-c));
        expect(Math.abs(negExpResistance(h, c, 100) - expected) / expected).toBeLessThan(1e-11);
      }
    }
  });

  it("linear and inverse", () => {
    expect(linearResistance(0, 100)).toBe(100);
    expect(linearResistance(1, 100)).toBe(1);
    expect(linearResistance(0.5, 101)).toBe(51);
    expect(inverseResistance(0, 100)).toBe(100);
    expect(inverseResistance(0.005, 100)).toBe(100);
    expect(inverseResistance(0.25, 100)).toBe(4);
    expect(inverseResistance(1, 100)).toBe(1);
  });

  it("scale: auto detects 0..1 and 0..100, rejects larger; percent layers give the same surface", () => {
    expect(habitatDivisor([0, 0.5, 1, NaN], "auto")).toBe(1);
    expect(habitatDivisor([0, 50, 100], "auto")).toBe(100);
    expect(() => habitatDivisor([0, 255], "auto", "hab.tif")).toThrow(/hab\.tif.*255.*0\.\.1 or 0\.\.100/);
    const g = blankGrid(3, 1);
    g.data.set([0, 0.5, NaN]);
    const p = blankGrid(3, 1);
    p.data.set([0, 50, NaN]);
    const t = { kind: "negative_exponential" as const, c: 4, rmax: 100 };
    const a = habitatToResistance(g, t, "unit").data;
    const b = habitatToResistance(p, t, "percent").data;
    expect(Array.from(a.slice(0, 2))).toEqual(Array.from(b.slice(0, 2)));
    expect(a[0]).toBe(100);
    expect(Number.isNaN(a[2])).toBe(true);
  });

  it("values outside the declared scale are errors with the cell named", () => {
    const g = blankGrid(2, 1);
    g.data.set([0.5, 1.5]);
    expect(() => habitatToResistance(g, { kind: "linear", rmax: 10 }, "unit", "h.tif")).toThrow(CrosswayError);
    expect(() => habitatToResistance(g, { kind: "linear", rmax: 10 }, "unit", "h.tif")).toThrow(/h\.tif.*1\.5.*row 0, column 1/);
    expect(() => habitatToResistance(g, { kind: "linear", rmax: 0.5 }, "auto")).toThrow(/rmax/);
  });
});
