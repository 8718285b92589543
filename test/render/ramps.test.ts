import { describe, expect, it } from "vitest";
import { lightness, parseColor, rampLut, RAMP_NAMES } from "../../src/render/ramps.ts";

const L = (lut: Uint8Array, i: number) => lightness(lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2]);

describe("colour ramps", () => {
  it("viridis and magma have the published endpoints", () => {
    // Endpoints from the matplotlib colormap definitions (viridis #440154 -> #fde725, magma #000004 -> #fcfdbf).
    const v = rampLut("viridis");
    expect([...v.slice(0, 3)]).toEqual([0x44, 0x01, 0x54]);
    expect([...v.slice(765, 768)]).toEqual([0xfd, 0xe7, 0x25]);
    const m = rampLut("magma");
    expect([...m.slice(0, 3)]).toEqual([0x00, 0x00, 0x04]);
    expect([...m.slice(765, 768)]).toEqual([0xfc, 0xfd, 0xbf]);
  });

  it("sequential ramps rise monotonically in lightness", () => {
    for (const name of ["viridis", "magma", "inferno", "cividis"] as const) {
      const lut = rampLut(name);
      for (let i = 1; i < 256; i++) expect(L(lut, i), `${name} at ${i}`).toBeGreaterThanOrEqual(L(lut, i - 1) - 0.05);
      expect(L(lut, 255) - L(lut, 0)).toBeGreaterThan(60);
    }
  });

  it("reversed ramps are the mirror image", () => {
    const a = rampLut("viridis");
    const b = rampLut("viridis", true);
    for (let i = 0; i < 256; i++) expect([...b.slice(i * 3, i * 3 + 3)]).toEqual([...a.slice((255 - i) * 3, (255 - i) * 3 + 3)]);
  });

  it("diverging ramps are lightest in the middle (zero) and dark at both ends", () => {
    for (const name of ["rdbu", "puor"] as const) {
      const lut = rampLut(name);
      const mid = Math.max(L(lut, 127), L(lut, 128));
      expect(mid).toBeGreaterThan(90);
      expect(L(lut, 0)).toBeLessThan(mid - 50);
      expect(L(lut, 255)).toBeLessThan(mid - 50);
      // Lightness climbs to the middle and falls after it.
      for (let i = 1; i <= 127; i++) expect(L(lut, i)).toBeGreaterThanOrEqual(L(lut, i - 1) - 0.5);
      for (let i = 129; i < 256; i++) expect(L(lut, i)).toBeLessThanOrEqual(L(lut, i - 1) + 0.5);
    }
    // RdBu: negative (decrease) red, positive (increase) blue.
    const rd = rampLut("rdbu");
    expect(rd[0]).toBeGreaterThan(rd[2]);
    expect(rd[765 + 2]).toBeGreaterThan(rd[765]);
  });

  it("every ramp name builds a 256-entry table", () => {
    for (const n of RAMP_NAMES) expect(rampLut(n).length).toBe(768);
    expect(() => rampLut("jet" as never)).toThrow(/unknown colour ramp "jet"/);
  });

  it("parses d3's colour strings", () => {
    expect(parseColor("#0a0B0c")).toEqual([10, 11, 12]);
    expect(parseColor("rgb(5, 48, 97)")).toEqual([5, 48, 97]);
    expect(() => parseColor("red")).toThrow();
  });
});
