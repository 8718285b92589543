/**
 * Reverse Cuthill-McKee ordering of a symmetric sparsity pattern. It keeps the envelope (profile) of
 * the matrix small, which is what the envelope Cholesky in cholesky.ts pays for in memory and time.
 * Returns perm with perm[newIndex] = oldIndex. Disconnected parts are ordered one after another.
 */
export function reverseCuthillMcKee(n: number, rowPtr: Int32Array, col: Int32Array): Int32Array {
  const degree = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) if (col[k] !== i) d++;
    degree[i] = d;
  }
  const order = new Int32Array(n);
  const placed = new Uint8Array(n);
  const stamp = new Int32Array(n); // BFS visit marks for the peripheral-node search, by search number
  const queue = new Int32Array(n);
  let stampNo = 0;
  let tail = 0;

  // Breadth-first search from root over unplaced nodes; returns [eccentricity, a min-degree node of the last level].
  const bfsLevels = (root: number): [number, number] => {
    stampNo++;
    let head = 0;
    let qt = 0;
    queue[qt++] = root;
    stamp[root] = stampNo;
    let levelEnd = qt;
    let depth = 0;
    let levelStart = 0;
    while (head < qt) {
      const v = queue[head++];
      for (let k = rowPtr[v]; k < rowPtr[v + 1]; k++) {
        const w = col[k];
        if (stamp[w] !== stampNo && !placed[w]) {
          stamp[w] = stampNo;
          queue[qt++] = w;
        }
      }
      if (head === levelEnd && head < qt) {
        depth++;
        levelStart = head;
        levelEnd = qt;
      }
    }
    let best = queue[levelStart];
    for (let p = levelStart; p < qt; p++) if (degree[queue[p]] < degree[best]) best = queue[p];
    return [depth, best];
  };

  for (let s = 0; s < n; s++) {
    if (placed[s]) continue;
    // George-Liu pseudo-peripheral node: walk to a far, low-degree node while the eccentricity grows.
    let root = s;
    let [ecc, cand] = bfsLevels(root);
    for (let tries = 0; tries < 8; tries++) {
      const [e2, c2] = bfsLevels(cand);
      if (e2 <= ecc) break;
      root = cand;
      ecc = e2;
      cand = c2;
    }
    // Cuthill-McKee from root: neighbours in increasing degree.
    let head = tail;
    order[tail++] = root;
    placed[root] = 1;
    while (head < tail) {
      const v = order[head++];
      const first = tail;
      for (let k = rowPtr[v]; k < rowPtr[v + 1]; k++) {
        const w = col[k];
        if (!placed[w]) {
          placed[w] = 1;
          // insertion by degree (neighbour lists are short)
          let p = tail++;
          const dw = degree[w];
          while (p > first && degree[order[p - 1]] > dw) {
            order[p] = order[p - 1];
            p--;
          }
          order[p] = w;
        }
      }
    }
  }
  order.reverse();
  return order;
}
