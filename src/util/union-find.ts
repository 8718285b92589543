/**
 * Root of x in a union-find forest held as a parent array (parent[r] === r at a root), with path
 * compression: every node on the way is pointed straight at the root.
 */
export function findRoot(parent: Int32Array, x: number): number {
  let r = x;
  while (parent[r] !== r) r = parent[r];
  while (parent[x] !== r) {
    const next = parent[x];
    parent[x] = r;
    x = next;
  }
  return r;
}
