import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logFactorial, poissonFit } from "../../src/calibrate/likelihood.ts";

describe("the Poisson likelihood with its scale profiled out", () => {
  it("by hand: counts (2, 0, 1) under rates proportional to (2, 1, 1)", () => {
    // c = 3 / 4, lambda = (1.5, 0.75, 0.75)
    const f = poissonFit([2, 0, 1], [2, 1, 1], [true, true, true]);
    expect(f.scale).toBeCloseTo(0.75, 14);
    expect(f.expected).toEqual([1.5, 0.75, 0.75]);
    const byHand = 2 * Math.log(1.5) - 1.5 - Math.log(2) + (0 - 0.75) + (Math.log(0.75) - 0.75);
    expect(f.logLik).toBeCloseTo(byHand, 13);
    expect(f.n).toBe(3);
  });

  it("ignores segments with no road on the grid, and gives a zero-rate segment a floor, not minus infinity", () => {
    const a = poissonFit([2, 0, 1, 0], [2, 1, 1, 50], [true, true, true, false]);
    const b = poissonFit([2, 0, 1], [2, 1, 1], [true, true, true]);
    expect(a.logLik).toBeCloseTo(b.logLik, 13);
    expect(a.expected[3]).toBe(0);
    const z = poissonFit([1, 1], [1, 0], [true, true]);
    expect(Number.isFinite(z.logLik)).toBe(true);
    expect(z.logLik).toBeLessThan(-15);
  });

  it("log n! against the product", () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(1)).toBe(0);
    expect(logFactorial(6)).toBeCloseTo(Math.log(720), 13);
  });

  it("is largest when the rates have the counts' own shape (Gibbs' inequality), and does not change with the model's scale", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 12 }),
        fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        (counts, other, k) => {
          const avail = counts.map(() => true);
          const own = poissonFit(counts, counts, avail);
          const m = counts.map((_, i) => other[i]);
          expect(poissonFit(counts, m, avail).logLik).toBeLessThanOrEqual(own.logLik + 1e-9);
          expect(
            poissonFit(
              counts,
              m.map((v) => v * k),
              avail,
            ).logLik,
          ).toBeCloseTo(poissonFit(counts, m, avail).logLik, 8);
        },
      ),
    );
  });
});
