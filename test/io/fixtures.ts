/** Expected values of the fixtures made by test/fixtures/io/make.sh (same formulas as there). */
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const FIXTURES = fileURLToPath(new URL("../fixtures/io/", import.meta.url));
export const fx = (name: string): string => join(FIXTURES, name);

export const W = 20;
export const H = 15;
export const TRANSFORM_32652 = [500000, 50, 0, 4800000, 0, -50];

export const isNodataCell = (r: number, c: number): boolean => (r * 20 + c) % 17 === 3;
export const intValue = (r: number, c: number): number => (r * 20 + c * 7) % 201;
export const signedValue = (r: number, c: number): number => ((r * 31 + c * 13) % 201) - 100;
export const floatValue = (r: number, c: number): number => (r - 7.25) * 1.125 + c / 3;

/** The expected grid values (NaN for nodata) for a value formula. */
export function expected(f: (r: number, c: number) => number): Float64Array {
  const out = new Float64Array(W * H);
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) out[r * W + c] = isNodataCell(r, c) ? NaN : f(r, c);
  return out;
}
