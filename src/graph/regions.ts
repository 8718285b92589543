/**
 * Merging region layers (short-circuit polygons, focal regions) into one labelling: cells that share a
 * label in ANY layer end up in the same region (union-find over cells), so a focal region that touches a
 * polygon becomes one node with it.
 */
import { findRoot } from "../util/union-find.ts";

export function mergeRegionLayers(n: number, layers: ArrayLike<number>[]): Int32Array {
  const parent = new Int32Array(n).fill(-1); // -1: in no region
  for (const layer of layers) {
    const first = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const lab = layer[i];
      if (!(lab > 0)) continue;
      if (parent[i] < 0) parent[i] = i;
      const f = first.get(lab);
      if (f === undefined) first.set(lab, i);
      else {
        const a = findRoot(parent, f);
        const b = findRoot(parent, i);
        if (a !== b) parent[b] = a;
      }
    }
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) if (parent[i] >= 0) out[i] = findRoot(parent, i) + 1;
  return out;
}
