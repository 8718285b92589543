/**
 * River centre-lines from the drainage tree: each river is a stem from its head down to the point
 * where it joins a larger river (or the sea). At a confluence the branch with the larger upstream area
 * continues the stem, so the main rivers come out as single long lines.
 */

export interface Drainage {
  /** Cell each cell drains to; -1 at outlets and sea. */
  receiver: Int32Array;
  /** Area draining through each cell, in cells. */
  accumulation: Float64Array;
}

/** Cell chains (head first). The last cell of a tributary is the cell of the river it joins. */
export function traceRivers(d: Drainage, isRiver: Uint8Array): number[][] {
  const n = isRiver.length;
  // For every river cell, the upstream river cell with the largest area: the stem's continuation.
  const mainUp = new Int32Array(n).fill(-1);
  const hasUp = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const j = d.receiver[k];
    if (!isRiver[k] || j < 0 || !isRiver[j]) continue;
    hasUp[j] = 1;
    const m = mainUp[j];
    if (m < 0 || d.accumulation[k] > d.accumulation[m] || (d.accumulation[k] === d.accumulation[m] && k < m)) mainUp[j] = k;
  }
  const lines: number[][] = [];
  for (let k0 = 0; k0 < n; k0++) {
    if (!isRiver[k0] || hasUp[k0]) continue;
    const cells = [k0];
    let k = k0;
    for (;;) {
      const j = d.receiver[k];
      if (j < 0 || !isRiver[j]) break;
      cells.push(j);
      if (mainUp[j] !== k) break; // joined a larger river: the tributary ends here
      k = j;
    }
    if (cells.length > 1) lines.push(cells);
  }
  return lines;
}
