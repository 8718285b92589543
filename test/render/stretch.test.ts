import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatNumber, niceFloor, niceTicks, scaleBarKm } from "../../src/render/nice.ts";
import { makeStretch, percentile, sortedSample } from "../../src/render/stretch.ts";

describe("stretches", () => {
  it("linear maps min..max onto 0..1, clamps, and keeps NaN as nodata", () => {
    const s = makeStretch("linear", Float32Array.from([2, 4, NaN, 6, 10]));
    expect(s.lo).toBe(2);
    expect(s.hi).toBe(10);
    expect(s.unit(2)).toBe(0);
    expect(s.unit(6)).toBe(0.5);
    expect(s.unit(10)).toBe(1);
    expect(s.unit(-5)).toBe(0);
    expect(s.unit(99)).toBe(1);
    expect(s.unit(NaN)).toBeNaN();
    expect(s.ticks().map((t) => t.value)).toEqual([2, 4, 6, 8, 10]);
  });

  it("log places each decade evenly and ticks on powers of ten", () => {
    const s = makeStretch("log", [1e-4, 1e-3, 1e-2, 1e-1, 1], { min: 1e-4, max: 1 });
    for (let k = 0; k <= 4; k++) expect(s.unit(10 ** (k - 4))).toBeCloseTo(k / 4, 12);
    expect(s.unit(0)).toBe(0); // no current: bottom colour, not nodata
    expect(s.unit(NaN)).toBeNaN();
    const ticks = s.ticks();
    expect(ticks.map((t) => t.value)).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1].map((v) => expect.closeTo(v, 15)));
    expect(ticks[0].label).toBe("10\u207b\u2074");
    expect(ticks[4].label).toBe("1");
  });

  it("log adds 2x and 5x ticks when the range is under three decades", () => {
    const s = makeStretch("log", [], { min: 1, max: 50 });
    expect(s.ticks().map((t) => t.value)).toEqual([1, 2, 5, 10, 20, 50]);
  });

  it("log's default lower limit ignores zeros and stays within six decades of the top", () => {
    const data = new Float64Array(1000);
    for (let i = 0; i < 1000; i++) data[i] = i < 500 ? 0 : i === 500 ? 1e-15 : i / 1000;
    const s = makeStretch("log", data);
    expect(s.hi).toBeCloseTo(0.999, 12);
    expect(s.lo).toBeGreaterThanOrEqual(0.999e-6);
  });

  it("symmetric puts zero in the middle whatever the sign balance", () => {
    const s = makeStretch("symmetric", [-1, 0.2, 0.1, 4, NaN], { highPct: 100 });
    expect(s.lo).toBe(-4);
    expect(s.hi).toBe(4);
    expect(s.unit(0)).toBe(0.5);
    expect(s.unit(-4)).toBe(0);
    expect(s.unit(2)).toBe(0.75);
    expect(s.ticks().some((t) => t.value === 0 && t.t === 0.5)).toBe(true);
  });

  it("clip uses percentiles", () => {
    const data = Float64Array.from({ length: 101 }, (_, i) => i);
    const s = makeStretch("clip", data, { lowPct: 10, highPct: 90 });
    expect(s.lo).toBe(10);
    expect(s.hi).toBe(90);
    expect(s.unit(50)).toBe(0.5);
  });

  it("percentile interpolates between order statistics", () => {
    const s = sortedSample([4, 1, NaN, 3, 2]);
    expect([...s]).toEqual([1, 2, 3, 4]);
    expect(percentile(s, 0)).toBe(1);
    expect(percentile(s, 50)).toBe(2.5);
    expect(percentile(s, 100)).toBe(4);
  });

  it("histogram equalisation is monotone and spreads values evenly", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 300 }), (xs) => {
        const s = makeStretch("equalize", Float64Array.from(xs));
        const sorted = [...xs].sort((a, b) => a - b);
        for (let i = 1; i < sorted.length; i++) expect(s.unit(sorted[i])).toBeGreaterThanOrEqual(s.unit(sorted[i - 1]));
        for (const x of xs) expect(s.unit(x)).toBeGreaterThanOrEqual(0);
      }),
    );
    // Distinct values: positions are their ranks / (n - 1), whatever the spacing (here exponential).
    const xs = Float64Array.from({ length: 11 }, (_, i) => Math.exp(i * 2));
    const s = makeStretch("equalize", xs);
    for (let i = 0; i < 11; i++) expect(s.unit(xs[i])).toBeCloseTo(i / 10, 12);
  });
});

describe("nice numbers", () => {
  it("scale bars take nice lengths not longer than the room", () => {
    expect(scaleBarKm(7.3)).toBe(5);
    expect(scaleBarKm(12)).toBe(10);
    expect(scaleBarKm(19.9)).toBe(10);
    expect(scaleBarKm(20)).toBe(20);
    expect(scaleBarKm(0.34)).toBe(0.2);
    expect(scaleBarKm(1)).toBe(1);
    expect(scaleBarKm(0.3)).toBe(0.2);
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e5, noNaN: true }), (x) => {
        const v = scaleBarKm(x);
        expect(v).toBeLessThanOrEqual(x * (1 + 1e-9));
        expect(v).toBeGreaterThan(x / 2.5 - 1e-12);
        const m = v / 10 ** Math.floor(Math.log10(v) + 1e-12);
        expect([1, 2, 5].some((k) => Math.abs(m - k) < 1e-9)).toBe(true);
      }),
    );
    expect(() => niceFloor(0)).toThrow();
  });

  it("ticks are multiples of a nice step inside the range", () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-3.2, 3.2, 4)).toEqual([-2, 0, 2]);
    expect(niceTicks(-3.2, 3.2, 8)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(niceTicks(13, 87, 4)).toEqual([20, 40, 60, 80]);
  });

  it("formats numbers for labels", () => {
    expect(formatNumber(0)).toBe("0");
    expect(formatNumber(1234)).toBe("1234");
    expect(formatNumber(12345)).toBe("12\u2009345");
    expect(formatNumber(0.0021)).toBe("0.0021");
    expect(formatNumber(2e-5)).toBe("2\u00d710\u207b\u2075");
    expect(formatNumber(1e6)).toBe("10\u2076");
    expect(formatNumber(-0.5)).toBe("\u22120.5");
    expect(formatNumber(Infinity)).toBe("\u221e");
  });
});
