/**
 * Nested-dissection ordering of a raster graph that keeps a chosen node set T last.
 *
 * The nodes not in T are grid cells. Their bounding box is cut across its longer side by one row (or
 * column) of cells: with 4 or 8 neighbours an edge joins cells at most one row apart, so a one-cell
 * thick line separates the two sides (a diagonal edge from row r-1 reaches row r at most). Each side is
 * ordered first, recursively, then the separator. Small boxes become leaves. Every leaf and every
 * separator is a contiguous block of the ordering, which the factorisation treats as one dense front.
 * The ordering is only a permutation: correctness never depends on the separators really separating
 * (holes, odd neighbourhoods, region nodes), only the amount of fill does.
 */

export interface RasterNodes {
  width: number;
  height: number;
  /** Per node its cell (row-major: row * width + col), or -1 for a node that stands for no single cell (a region). */
  cellOfNode: Int32Array;
}

export interface Dissection {
  /** perm[new] = old: first the eliminated nodes R (block by block), then the kept nodes in the caller's order. */
  perm: Int32Array;
  /** Blocks of R in the new numbering: block b is [blockPtr[b], blockPtr[b + 1]); the last entry is nR. */
  blockPtr: Int32Array;
  nR: number;
}

/**
 * Orders n nodes: keep (T) last in its given order, the rest by nested dissection with leaves of at
 * most `leaf` nodes. Nodes without a cell must be kept. Errors name the field and what was expected.
 */
export function nestedDissection(
  nodes: RasterNodes,
  keep: ArrayLike<number>,
  leaf = 64,
  edges?: { rowPtr: Int32Array; col: Int32Array },
): Dissection {
  const { width, height, cellOfNode } = nodes;
  const n = cellOfNode.length;
  if (!(leaf >= 1)) throw new Error(`schur: leaf size ${leaf} must be at least 1`);
  const kept = new Uint8Array(n);
  for (let a = 0; a < keep.length; a++) {
    const v = keep[a];
    if (!Number.isInteger(v) || v < 0 || v >= n) throw new Error(`schur: keep[${a}] = ${v} is not a node index in 0..${n - 1}`);
    if (kept[v]) throw new Error(`schur: keep[${a}] = ${v} is listed twice`);
    kept[v] = 1;
  }
  const nR = n - keep.length;
  const rowOf = new Int32Array(n);
  const colOf = new Int32Array(n);
  const work = new Int32Array(nR);
  let w = 0;
  for (let v = 0; v < n; v++) {
    if (kept[v]) continue;
    const c = cellOfNode[v];
    if (!(c >= 0 && c < width * height)) {
      throw new Error(`schur: cellOfNode[${v}] = ${c}: a node that is not a cell of the ${width} x ${height} grid must be in keep`);
    }
    rowOf[v] = Math.floor(c / width);
    colOf[v] = c - rowOf[v] * width;
    work[w++] = v;
  }
  const perm = new Int32Array(n);
  const blocks: number[] = [0];
  const scratch = new Int32Array(nR);
  let out = 0;

  const emit = (lo: number, hi: number): void => {
    for (let i = lo; i < hi; i++) perm[out++] = work[i];
    blocks.push(out);
  };

  // explicit stack instead of recursion: each frame is a segment of `work`, and a separator is emitted
  // after both of its sides (frames marked "emit")
  const stack: number[] = [];
  if (edges) {
    // connected parts of R: union-find over the edges with both ends in R, then `work` grouped by part
    const root = new Int32Array(n);
    for (let v = 0; v < n; v++) root[v] = v;
    const find = (v: number): number => {
      while (root[v] !== v) {
        root[v] = root[root[v]];
        v = root[v];
      }
      return v;
    };
    for (let v = 0; v < n; v++) {
      if (kept[v]) continue;
      for (let k = edges.rowPtr[v]; k < edges.rowPtr[v + 1]; k++) {
        const u = edges.col[k];
        if (kept[u]) continue;
        const a = find(u);
        const b = find(v);
        if (a !== b) root[a] = b;
      }
    }
    const count = new Int32Array(n + 1);
    for (let i = 0; i < nR; i++) count[find(work[i]) + 1]++;
    for (let v = 0; v < n; v++) count[v + 1] += count[v];
    // one stack frame per part, pushed last part first so that the parts are ordered as grouped
    for (let v = n - 1; v >= 0; v--) if (count[v + 1] > count[v]) stack.push(count[v], count[v + 1], 0);
    const next = count.slice(0, n);
    for (let i = 0; i < nR; i++) scratch[next[find(work[i])]++] = work[i];
    work.set(scratch);
  } else {
    stack.push(0, nR, 0);
  }
  while (stack.length > 0) {
    const kind = stack.pop()!;
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    if (kind === 1) {
      if (hi > lo) emit(lo, hi);
      continue;
    }
    if (hi - lo <= leaf) {
      if (hi > lo) emit(lo, hi);
      continue;
    }
    let r0 = height;
    let r1 = -1;
    let c0 = width;
    let c1 = -1;
    for (let i = lo; i < hi; i++) {
      const v = work[i];
      if (rowOf[v] < r0) r0 = rowOf[v];
      if (rowOf[v] > r1) r1 = rowOf[v];
      if (colOf[v] < c0) c0 = colOf[v];
      if (colOf[v] > c1) c1 = colOf[v];
    }
    const byRow = r1 - r0 >= c1 - c0;
    const coord = byRow ? rowOf : colOf;
    const mid = byRow ? (r0 + r1) >> 1 : (c0 + c1) >> 1;
    // three groups: before the cut line, after it, on it (the separator)
    let a = lo;
    for (let i = lo; i < hi; i++) if (coord[work[i]] < mid) scratch[a++] = work[i];
    const endA = a;
    for (let i = lo; i < hi; i++) if (coord[work[i]] > mid) scratch[a++] = work[i];
    const endB = a;
    for (let i = lo; i < hi; i++) if (coord[work[i]] === mid) scratch[a++] = work[i];
    work.set(scratch.subarray(lo, hi), lo);
    // popped in reverse: side A, then side B, then the separator
    stack.push(endB, hi, 1, endA, endB, 0, lo, endA, 0);
  }
  for (let a = 0; a < keep.length; a++) perm[out++] = keep[a];
  return { perm, blockPtr: Int32Array.from(blocks), nR };
}
