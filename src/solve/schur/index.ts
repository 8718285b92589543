/**
 * Exact reduction of a grounded raster Laplacian onto a kept node set T (a road band, core nodes):
 *
 *   S = A_TT - A_TR A_RR^-1 A_RT      (schurComplement: nested dissection + multifrontal Cholesky of A_RR)
 *   G_TT = (A^-1)_TT = S^-1           (greensFunction: dense blocked Cholesky and inverse)
 *
 * For b supported on T, the solution of A x = b restricted to T is G_TT b_T. With keepFactor the
 * factor of A_RR is kept and A x = b can be solved for any b (solve): forward over R, S on T, back over R.
 */
import type { SymMatrix } from "../types.ts";
import { checkSym, csrFromSym } from "../sym.ts";
import { choleskySolveDense, PANEL, partialCholesky, spdInverse, symmetrizeLower } from "./dense.ts";
import { nestedDissection, type RasterNodes } from "./dissection.ts";
import { backwardR, factorise, forwardR } from "./multifrontal.ts";
import { analyse } from "./symbolic.ts";

export type { RasterNodes } from "./dissection.ts";
export { spdInverse } from "./dense.ts";

export interface SchurOptions {
  /** Keep the factor of A_RR so that solve() works (memory: factorEntries doubles). Default false. */
  keepFactor?: boolean;
  /** Largest leaf of the dissection (default 64). */
  leaf?: number;
}

export interface SchurStats {
  nR: number;
  nT: number;
  blocks: number;
  maxFront: number;
  /** Floating-point operations of the numeric factorisation (2 per multiply-add). */
  flops: number;
  factorEntries: number;
  /** Largest bytes of fronts and pending update matrices at once (S, the factor and A not included). */
  peakWorkBytes: number;
  orderSeconds: number;
  symbolicSeconds: number;
  factorSeconds: number;
}

export interface SchurComplement {
  /** The kept nodes, in S's order (the caller's `keep`). */
  keep: Int32Array;
  /** S, nT x nT, row-major, symmetric (both triangles filled). */
  S: Float64Array;
  stats: SchurStats;
  /** Only with keepFactor: x = A^-1 b (original numbering). The first call factorises a copy of S. */
  solve?(b: Float64Array, x: Float64Array): void;
}

export function schurComplement(A: SymMatrix, nodes: RasterNodes, keep: ArrayLike<number>, opts: SchurOptions = {}): SchurComplement {
  checkSym(A);
  if (nodes.cellOfNode.length !== A.n) {
    throw new Error(`schur: cellOfNode has length ${nodes.cellOfNode.length}, expected the matrix size ${A.n}`);
  }
  const t0 = performance.now();
  const { perm, blockPtr, nR } = nestedDissection(nodes, keep, opts.leaf ?? 64, A);
  const iperm = new Int32Array(A.n);
  for (let i = 0; i < A.n; i++) iperm[perm[i]] = i;
  const t1 = performance.now();
  const full = csrFromSym(A);
  const sym = analyse(full, perm, iperm, blockPtr, nR);
  const t2 = performance.now();
  const describe = (old: number): string => {
    const c = nodes.cellOfNode[old];
    return c >= 0 ? `node ${old} (row ${Math.floor(c / nodes.width)}, col ${c % nodes.width})` : `node ${old}`;
  };
  const keepFactor = opts.keepFactor ?? false;
  const num = factorise(full, perm, iperm, sym, keepFactor, describe);
  const t3 = performance.now();
  const nT = A.n - nR;
  symmetrizeLower(num.S, nT);
  const result: SchurComplement = {
    keep: Int32Array.from(keep),
    S: num.S,
    stats: {
      nR,
      nT,
      blocks: blockPtr.length - 1,
      maxFront: sym.maxFront,
      flops: sym.flops,
      factorEntries: sym.factorEntries,
      peakWorkBytes: num.peakWorkBytes,
      orderSeconds: (t1 - t0) / 1000,
      symbolicSeconds: (t2 - t1) / 1000,
      factorSeconds: (t3 - t2) / 1000,
    },
  };
  if (keepFactor) {
    const factor = num.factor!;
    let LS: Float64Array | null = null;
    const y = new Float64Array(A.n);
    result.solve = (b: Float64Array, x: Float64Array): void => {
      if (b.length !== A.n || x.length !== A.n)
        throw new Error(`schur: solve needs b and x of length ${A.n}, got ${b.length} and ${x.length}`);
      if (!LS) {
        LS = Float64Array.from(num.S);
        partialCholesky(LS, nT, nT, new Float64Array(Math.max(1, nT * PANEL)));
      }
      for (let i = 0; i < A.n; i++) y[i] = b[perm[i]];
      forwardR(sym, factor, y);
      choleskySolveDense(LS, nT, y.subarray(nR));
      backwardR(sym, factor, y);
      for (let i = 0; i < A.n; i++) x[perm[i]] = y[i];
    };
  }
  return result;
}

/** G_TT = S^-1 (a new array, S unchanged; inPlace: S's own array, overwritten). Throws if S is not positive definite (T not grounded). */
export function greensFunction(
  S: Float64Array,
  nT: number,
  opts: { inPlace?: boolean; onProgress?: (fraction: number) => void } = {},
): Float64Array {
  try {
    return spdInverse(opts.inPlace ? S : Float64Array.from(S), nT, opts.onProgress);
  } catch (err) {
    throw new Error(
      `schur: the Schur complement is not positive definite (${(err as Error).message}); is every part of the graph grounded?`,
    );
  }
}
