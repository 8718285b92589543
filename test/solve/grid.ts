/** Test and benchmark matrices: grounded grid Laplacians in CSR (both triangles, sorted columns). */
import type { CsrMatrix } from "../../src/solve/types.ts";
import { mulberry32 } from "../../data/gen/random.ts";

/**
 * Laplacian of a width x height cell grid with cell conductances c (row-major), edges
 * g = (c1 + c2) / 2 (diagonals / sqrt 2, Circuitscape's rule), plus ground conductances
 * added to the diagonal: grounds = [[node, conductance], ...].
 */
export function gridLaplacian(width: number, height: number, c: Float64Array, neighbours: 4 | 8, grounds: [number, number][]): CsrMatrix {
  const n = width * height;
  const offs: [number, number, number][] = [];
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const diag = dx !== 0 && dy !== 0;
      if (diag && neighbours === 4) continue;
      offs.push([dy, dx, diag ? Math.SQRT1_2 : 1]);
    }
  }
  // exact entry count first, so the arrays are allocated once at their final size (benchmarks measure RSS)
  let nnz = 0;
  for (const [dy, dx] of offs) nnz += (height - Math.abs(dy)) * (width - Math.abs(dx));
  const rowPtr = new Int32Array(n + 1);
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  const extra = new Float64Array(n);
  for (const [node, g] of grounds) extra[node] += g;
  let k = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let diagPos = -1;
      let sum = 0;
      for (const [dy, dx, f] of offs) {
        const yy = y + dy;
        const xx = x + dx;
        if (yy < 0 || yy >= height || xx < 0 || xx >= width) continue;
        const j = yy * width + xx;
        if (j === i) {
          diagPos = k;
          col[k++] = i;
          continue;
        }
        const g = ((c[i] + c[j]) / 2) * f;
        col[k] = j;
        val[k++] = -g;
        sum += g;
      }
      val[diagPos] = sum + extra[i];
      rowPtr[i + 1] = k;
    }
  }
  return { n, rowPtr, col, val };
}

/** Deterministic uniform [0,1) stream: the demo generator's mulberry32. */
export const rng = mulberry32;

/** Conductances log-uniform in [lo, hi], with a vertical road strip of conductance `road` (columns x0..x0+w-1). */
export function landscape(
  width: number,
  height: number,
  seed: number,
  lo = 1e-3,
  hi = 1,
  road?: { x0: number; w: number; c: number },
): Float64Array {
  const r = rng(seed);
  const c = new Float64Array(width * height);
  const a = Math.log(lo);
  const b = Math.log(hi);
  for (let i = 0; i < c.length; i++) c[i] = Math.exp(a + (b - a) * r());
  if (road) {
    for (let y = 0; y < height; y++) for (let x = road.x0; x < road.x0 + road.w; x++) c[y * width + x] = road.c;
  }
  return c;
}
