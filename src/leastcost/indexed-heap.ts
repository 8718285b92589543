/**
 * Binary min-heap of cell indices keyed by Float64 cost, with decrease-key. `pos` maps a cell to its slot
 * (-1 when absent), so a cell is never in the heap twice and the heap never holds more than the frontier.
 * Keys live beside the nodes (not looked up in the distance array) so sifting touches contiguous memory.
 */
export class IndexedMinHeap {
  keys: Float64Array;
  nodes: Int32Array;
  readonly pos: Int32Array;
  size = 0;

  constructor(cells: number, initialCapacity = 1024) {
    this.keys = new Float64Array(initialCapacity);
    this.nodes = new Int32Array(initialCapacity);
    this.pos = new Int32Array(cells).fill(-1);
  }

  /** Insert `node`, or lower its key when it is already in the heap (the caller only ever lowers). */
  push(node: number, key: number): void {
    let k = this.pos[node];
    if (k < 0) {
      if (this.size === this.keys.length) this.grow();
      k = this.size++;
    }
    const keys = this.keys;
    const nodes = this.nodes;
    const pos = this.pos;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const pk = keys[parent];
      if (pk <= key) break;
      const pn = nodes[parent];
      keys[k] = pk;
      nodes[k] = pn;
      pos[pn] = k;
      k = parent;
    }
    keys[k] = key;
    nodes[k] = node;
    pos[node] = k;
  }

  /** Key of the minimum; valid only when size > 0. */
  topKey(): number {
    return this.keys[0];
  }

  /** Remove and return the node with the smallest key. */
  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const pos = this.pos;
    const top = nodes[0];
    pos[top] = -1;
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
        const cn = nodes[c];
        keys[k] = ck;
        nodes[k] = cn;
        pos[cn] = k;
        k = c;
      }
      keys[k] = key;
      nodes[k] = node;
      pos[node] = k;
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
