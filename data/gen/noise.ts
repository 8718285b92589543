/**
 * Value noise on an integer lattice, smoothed with a quintic fade, and the two fractal sums built on it
 * (fBm for rolling terrain and "ridged" noise for sharp crests). Defined on continuous map coordinates,
 * so a downscaled run samples the same landscape, only more coarsely.
 */
import { hash2 } from "./random.ts";

function fade(t: number): number {
  return t * t * t * (t * (t * 6 - 15) + 10);
}

/** Value noise in [-1, 1] at (x, y) in lattice units. */
export function valueNoise(x: number, y: number, seed: number): number {
  const i = Math.floor(x);
  const j = Math.floor(y);
  const u = fade(x - i);
  const v = fade(y - j);
  const a = hash2(i, j, seed);
  const b = hash2(i + 1, j, seed);
  const c = hash2(i, j + 1, seed);
  const d = hash2(i + 1, j + 1, seed);
  const top = a + (b - a) * u;
  const bottom = c + (d - c) * u;
  return 2 * (top + (bottom - top) * v) - 1;
}

/** Fractal Brownian motion: octaves of value noise, each at twice the frequency and `gain` the amplitude.
 *  Normalised to about [-1, 1]. `wavelength` is that of the first octave, in map units. */
export function fbm(x: number, y: number, wavelength: number, octaves: number, seed: number, gain = 0.5): number {
  let sum = 0;
  let amp = 1;
  let norm = 0;
  let f = 1 / wavelength;
  for (let o = 0; o < octaves; o++) {
    sum += amp * valueNoise(x * f, y * f, seed + o * 1013);
    norm += amp;
    amp *= gain;
    f *= 2;
  }
  return sum / norm;
}

/** Ridged fractal noise in [0, 1]: 1 - |noise| makes sharp crests along the noise's zero lines; each
 *  octave is weighted by the previous one so that detail gathers on the crests, as on eroded ridges. */
export function ridged(x: number, y: number, wavelength: number, octaves: number, seed: number): number {
  let sum = 0;
  let amp = 0.5;
  let norm = 0;
  let weight = 1;
  let f = 1 / wavelength;
  for (let o = 0; o < octaves; o++) {
    let n = 1 - Math.abs(valueNoise(x * f, y * f, seed + o * 7919));
    n *= n;
    n *= weight;
    weight = Math.min(1, n * 2);
    sum += n * amp;
    norm += amp;
    amp *= 0.5;
    f *= 2;
  }
  return sum / norm;
}
