/**
 * Envelope (skyline) Cholesky for a sparse SPD matrix after a bandwidth-reducing ordering.
 * Row i of L is stored densely from its first nonzero column to the diagonal, so every inner
 * product runs over contiguous memory. Work ~ sum of squared row widths: cheap for the small
 * systems the direct path takes and for the coarsest AMG level.
 */
import { reverseCuthillMcKee } from "./ordering.ts";

export interface EnvelopeCholesky {
  n: number;
  perm: Int32Array; // perm[new] = old
  first: Int32Array; // first column of row i (new numbering)
  envPtr: Int32Array; // L(i, j) at envPtr[i] + j - first[i]
  L: Float64Array;
  invDiag: Float64Array;
  work: Float64Array;
}

/** Size of the envelope (number of stored entries of L) and the factorisation work, without factorising. */
export function envelopeCost(n: number, rowPtr: Int32Array, col: Int32Array, perm: Int32Array): { size: number; flops: number } {
  const iperm = inversePerm(perm);
  let size = 0;
  let flops = 0;
  for (let i = 0; i < n; i++) {
    const old = perm[i];
    let f = i;
    for (let k = rowPtr[old]; k < rowPtr[old + 1]; k++) {
      const j = iperm[col[k]];
      if (j < f) f = j;
    }
    const w = i - f + 1;
    size += w;
    flops += (w * w) / 2;
  }
  return { size, flops };
}

function inversePerm(perm: Int32Array): Int32Array {
  const iperm = new Int32Array(perm.length);
  for (let i = 0; i < perm.length; i++) iperm[perm[i]] = i;
  return iperm;
}

/**
 * Factorise A (CSR, both triangles). With allowSingular, a pivot that vanishes (relative to the
 * row's original diagonal) drops that unknown (its solution component is 0): this makes the coarse
 * solve a pseudo-inverse-like solve for semidefinite Laplacians. Otherwise it throws.
 */
export function envelopeCholesky(
  n: number,
  rowPtr: Int32Array,
  col: Int32Array,
  val: Float64Array,
  opts: { perm?: Int32Array; allowSingular?: boolean; maxEntries?: number } = {},
): EnvelopeCholesky {
  const perm = opts.perm ?? reverseCuthillMcKee(n, rowPtr, col);
  const iperm = inversePerm(perm);
  const first = new Int32Array(n);
  const envPtr = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const old = perm[i];
    let f = i;
    for (let k = rowPtr[old]; k < rowPtr[old + 1]; k++) {
      const j = iperm[col[k]];
      if (j < f) f = j;
    }
    first[i] = f;
    envPtr[i] = total;
    total += i - f + 1;
  }
  const maxEntries = opts.maxEntries ?? 2 ** 28;
  if (total > maxEntries) {
    throw new Error(`solver: direct factorisation needs ${total} envelope entries, above the limit ${maxEntries}`);
  }
  envPtr[n] = total;
  const L = new Float64Array(total);
  const origDiag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const old = perm[i];
    const base = envPtr[i] - first[i];
    for (let k = rowPtr[old]; k < rowPtr[old + 1]; k++) {
      const j = iperm[col[k]];
      if (j <= i) L[base + j] += val[k];
    }
    origDiag[i] = L[base + i];
  }
  const invDiag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const fi = first[i];
    const bi = envPtr[i] - fi;
    for (let j = fi; j < i; j++) {
      const fj = first[j];
      const bj = envPtr[j] - fj;
      let s = L[bi + j];
      for (let k = fi > fj ? fi : fj; k < j; k++) s -= L[bi + k] * L[bj + k];
      L[bi + j] = s * invDiag[j];
    }
    let d = L[bi + i];
    for (let k = fi; k < i; k++) d -= L[bi + k] * L[bi + k];
    const scale = Math.abs(origDiag[i]);
    if (!(d > 1e-13 * scale) || !Number.isFinite(d)) {
      if (opts.allowSingular && d > -1e-8 * scale) {
        L[bi + i] = 1;
        invDiag[i] = 0; // unknown dropped: later rows see L(:, i) = 0 and x_i = 0
        continue;
      }
      throw new Error(`solver: matrix is not positive definite (pivot ${d} at row ${perm[i]}, diagonal ${origDiag[i]})`);
    }
    const s = Math.sqrt(d);
    L[bi + i] = s;
    invDiag[i] = 1 / s;
  }
  return { n, perm, first, envPtr, L, invDiag, work: new Float64Array(n) };
}

/** x = A^-1 b using the factor. x and b may be the same array. No allocation. */
export function choleskySolve(F: EnvelopeCholesky, b: Float64Array, x: Float64Array): void {
  const { n, perm, first, envPtr, L, invDiag } = F;
  const y = F.work;
  for (let i = 0; i < n; i++) y[i] = b[perm[i]];
  for (let i = 0; i < n; i++) {
    const fi = first[i];
    const bi = envPtr[i] - fi;
    let s = y[i];
    for (let k = fi; k < i; k++) s -= L[bi + k] * y[k];
    y[i] = s * invDiag[i];
  }
  for (let i = n - 1; i >= 0; i--) {
    const fi = first[i];
    const bi = envPtr[i] - fi;
    const xi = y[i] * invDiag[i];
    y[i] = xi;
    if (xi !== 0) for (let k = fi; k < i; k++) y[k] -= L[bi + k] * xi;
  }
  for (let i = 0; i < n; i++) x[perm[i]] = y[i];
}
