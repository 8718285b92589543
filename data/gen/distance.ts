/**
 * Exact Euclidean distance transform (Felzenszwalb & Huttenlocher's lower envelope of parabolas,
 * once along columns, once along rows). Used for distance to the sea, to rivers, to settlements and
 * to the highway. Distances in map units.
 */

/** Stand-in for "no feature": finite, so the parabola intersections below stay finite. */
const FAR = 1e20;

/** Squared distance transform of a 1-D sampled function f into d (scratch arrays v, z). */
function edt1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    while (s <= z[k]) {
      k--;
      s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const dq = q - v[k];
    d[q] = dq * dq + f[v[k]];
  }
}

/** Distance from every cell centre to the nearest cell where `isFeature` is non-zero, times `cell`.
 *  Infinity everywhere when there is no feature cell. */
export function distanceTransform(isFeature: Uint8Array, width: number, height: number, cell: number): Float32Array {
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  const tmp = new Float64Array(width * height);
  for (let c = 0; c < width; c++) {
    for (let r = 0; r < height; r++) f[r] = isFeature[r * width + c] ? 0 : FAR;
    edt1d(f, height, d, v, z);
    for (let r = 0; r < height; r++) tmp[r * width + c] = d[r];
  }
  const out = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) f[c] = tmp[r * width + c];
    edt1d(f, width, d, v, z);
    for (let c = 0; c < width; c++) out[r * width + c] = d[c] >= FAR / 2 ? Infinity : Math.sqrt(d[c]) * cell;
  }
  return out;
}
