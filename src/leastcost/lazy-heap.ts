/**
 * Binary min-heap without decrease-key: an improved cell is simply pushed again and the stale, larger entry
 * is skipped when it surfaces (its key exceeds the cell's settled distance). No per-cell position array,
 * at the price of a heap that also holds stale entries.
 */
export class LazyMinHeap {
  keys: Float64Array;
  nodes: Int32Array;
  size = 0;

  constructor(initialCapacity = 1024) {
    this.keys = new Float64Array(initialCapacity);
    this.nodes = new Int32Array(initialCapacity);
  }

  push(node: number, key: number): void {
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const nodes = this.nodes;
    let k = this.size++;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const pk = keys[parent];
      if (pk <= key) break;
      keys[k] = pk;
      nodes[k] = nodes[parent];
      k = parent;
    }
    keys[k] = key;
    nodes[k] = node;
  }

  topKey(): number {
    return this.keys[0];
  }

  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const top = nodes[0];
    const n = --this.size;
    if (n > 0) {
      const key = keys[n];
      const node = nodes[n];
      let k = 0;
      const half = n >> 1;
      while (k < half) {
        let c = 2 * k + 1;
        let ck = keys[c];
        const r = c + 1;
        if (r < n && keys[r] < ck) {
          c = r;
          ck = keys[r];
        }
        if (ck >= key) break;
        keys[k] = ck;
        nodes[k] = nodes[c];
        k = c;
      }
      keys[k] = key;
      nodes[k] = node;
    }
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const nodes = new Int32Array(this.nodes.length * 2);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}
