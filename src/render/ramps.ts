/**
 * Colour ramps as 256-entry lookup tables.
 *
 * The sequential ramps (viridis, magma, inferno, cividis) are perceptually uniform: equal steps in
 * value read as equal steps in colour, and lightness rises monotonically, so a map keeps its order
 * in greyscale print and for colour-blind readers. The diverging ramps (RdBu, PuOr) have a neutral
 * light centre at index 127.5 for zero, for scenario-minus-baseline maps.
 */
import {
  interpolateCividis,
  interpolateInferno,
  interpolateMagma,
  interpolatePuOr,
  interpolateRdBu,
  interpolateViridis,
} from "d3-scale-chromatic";
import { CrosswayError } from "../util/errors.ts";

export const RAMP_NAMES = ["viridis", "magma", "inferno", "cividis", "rdbu", "puor"] as const;
export type RampName = (typeof RAMP_NAMES)[number];

/** d3's diverging schemes run red -> blue (RdBu) and orange -> purple (PuOr); we keep that order
 *  so index 0 (most negative) is red / orange and index 255 (most positive) blue / purple. */
const INTERPOLATORS: Record<RampName, (t: number) => string> = {
  viridis: interpolateViridis,
  magma: interpolateMagma,
  inferno: interpolateInferno,
  cividis: interpolateCividis,
  rdbu: interpolateRdBu,
  puor: interpolatePuOr,
};

/** Parse d3's "#rrggbb" or "rgb(r, g, b)" colour strings. */
export function parseColor(s: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(s);
  if (hex) {
    const v = parseInt(hex[1], 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }
  const rgb = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(s);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  throw new Error(`unparsable colour ${s}`);
}

const cache = new Map<string, Uint8Array>();

/**
 * The ramp as a Uint8Array of 256 x 3 (r, g, b). `reverse` flips it (e.g. low resistance bright).
 * Cached: maps of one run share a handful of tables.
 */
export function rampLut(name: RampName, reverse = false): Uint8Array {
  const key = `${name}:${reverse}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const f = INTERPOLATORS[name];
  if (!f) throw new CrosswayError(`unknown colour ramp "${name}" (expected one of ${RAMP_NAMES.join(", ")})`);
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (reverse ? 255 - i : i) / 255;
    const [r, g, b] = parseColor(f(t));
    lut[i * 3] = r;
    lut[i * 3 + 1] = g;
    lut[i * 3 + 2] = b;
  }
  cache.set(key, lut);
  return lut;
}

/** CSS colour of ramp entry i, for legends drawn with canvas gradients. */
export function lutCss(lut: Uint8Array, i: number): string {
  const k = Math.max(0, Math.min(255, Math.round(i))) * 3;
  return `rgb(${lut[k]},${lut[k + 1]},${lut[k + 2]})`;
}

/** CIE L* lightness (0..100) of an sRGB colour: what "perceptually ordered" is checked against. */
export function lightness(r: number, g: number, b: number): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const y = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y;
}
