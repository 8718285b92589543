/**
 * Symbolic analysis of the block (supernodal) elimination: for each block of R, the indices of its
 * front beyond the block (the rows of L below the block, sorted) and its parent in the assembly tree.
 *
 * With a contiguous block B = [s, e), the rows of L below B are the neighbours of B in A numbered >= e,
 * together with the rows below each child block except those inside B. The parent of B is the block
 * holding the smallest of those rows; when that row is a kept node, B's update goes straight into the
 * Schur complement S. This is the usual supernodal elimination tree, with blocks fixed by the ordering.
 */
import type { CsrMatrix } from "../types.ts";

export const TO_SCHUR = -2;
export const ROOT = -1;

export interface Symbolic {
  n: number;
  nR: number;
  blockPtr: Int32Array;
  /** Per block: the sorted new indices of the front below the block (the update matrix's index set). */
  below: Int32Array[];
  /** Per block: its parent block, TO_SCHUR (update assembled into S) or ROOT (empty update). */
  parent: Int32Array;
  /** Children of each block, as a linked list: firstChild[b], nextSibling[c]; -1 ends. */
  firstChild: Int32Array;
  nextSibling: Int32Array;
  /** Largest front (block + below) and the multiply-adds of the numeric phase (partial Cholesky of every front). */
  maxFront: number;
  flops: number;
  /** Entries of L (every block's columns, below rows included) if the factor is kept. */
  factorEntries: number;
}

/** Flops (2 per multiply-add) of eliminating k columns of an m x m dense front (lower triangle). */
export function frontFlops(m: number, k: number): number {
  let f = 0;
  for (let c = 0; c < k; c++) {
    const r = m - c - 1;
    f += r * (r + 1) + r; // trailing lower-triangle update (r(r+1)/2 multiply-adds) + scaling of the column
  }
  return f;
}

/** `full`: A with both triangles in the ORIGINAL numbering; iperm[old] = new. */
export function analyse(full: CsrMatrix, perm: Int32Array, iperm: Int32Array, blockPtr: Int32Array, nR: number): Symbolic {
  const n = full.n;
  const nb = blockPtr.length - 1;
  const blockOf = new Int32Array(nR);
  for (let b = 0; b < nb; b++) for (let j = blockPtr[b]; j < blockPtr[b + 1]; j++) blockOf[j] = b;
  const mark = new Int32Array(n).fill(-1);
  const below: Int32Array[] = new Array(nb);
  const parent = new Int32Array(nb);
  const firstChild = new Int32Array(nb).fill(-1);
  const nextSibling = new Int32Array(nb).fill(-1);
  let list = new Int32Array(1024);
  let maxFront = 0;
  let flops = 0;
  let factorEntries = 0;
  for (let b = 0; b < nb; b++) {
    const s = blockPtr[b];
    const e = blockPtr[b + 1];
    let cnt = 0;
    const add = (q: number): void => {
      if (q >= e && mark[q] !== b) {
        mark[q] = b;
        if (cnt === list.length) {
          const bigger = new Int32Array(list.length * 2);
          bigger.set(list);
          list = bigger;
        }
        list[cnt++] = q;
      }
    };
    for (let j = s; j < e; j++) {
      const old = perm[j];
      for (let k = full.rowPtr[old]; k < full.rowPtr[old + 1]; k++) add(iperm[full.col[k]]);
    }
    for (let c = firstChild[b]; c >= 0; c = nextSibling[c]) {
      const u = below[c];
      for (let a = 0; a < u.length; a++) add(u[a]);
    }
    const u = list.slice(0, cnt).sort();
    below[b] = u;
    if (u.length === 0) parent[b] = ROOT;
    else if (u[0] >= nR) parent[b] = TO_SCHUR;
    else {
      const p = blockOf[u[0]];
      parent[b] = p;
      nextSibling[b] = firstChild[p];
      firstChild[p] = b;
    }
    const k = e - s;
    const m = k + u.length;
    if (m > maxFront) maxFront = m;
    flops += frontFlops(m, k);
    factorEntries += m * k;
  }
  return { n, nR, blockPtr, below, parent, firstChild, nextSibling, maxFront, flops, factorEntries };
}
