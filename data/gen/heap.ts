/**
 * A binary min-heap of (key, int value) pairs in typed arrays, for the priority flood and the
 * highway's route search. Ties are broken by insertion order, so the visiting order (and therefore
 * the generated landscape) is fully determined.
 */
export class MinHeap {
  private keys: Float64Array;
  private vals: Int32Array;
  private seqs: Float64Array;
  private n = 0;
  private seq = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.vals = new Int32Array(this.keys.length);
    this.seqs = new Float64Array(this.keys.length);
  }

  get size(): number {
    return this.n;
  }

  private less(i: number, j: number): boolean {
    const a = this.keys[i];
    const b = this.keys[j];
    return a < b || (a === b && this.seqs[i] < this.seqs[j]);
  }

  private swap(i: number, j: number): void {
    const k = this.keys[i]; this.keys[i] = this.keys[j]; this.keys[j] = k;
    const v = this.vals[i]; this.vals[i] = this.vals[j]; this.vals[j] = v;
    const s = this.seqs[i]; this.seqs[i] = this.seqs[j]; this.seqs[j] = s;
  }

  push(key: number, val: number): void {
    if (this.n === this.keys.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, Ctor: new (n: number) => T): T => {
        const b = new Ctor(a.length * 2);
        b.set(a);
        return b;
      };
      this.keys = grow(this.keys, Float64Array);
      this.vals = grow(this.vals, Int32Array);
      this.seqs = grow(this.seqs, Float64Array);
    }
    let i = this.n++;
    this.keys[i] = key;
    this.vals[i] = val;
    this.seqs[i] = this.seq++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Key of the smallest entry (heap must not be empty). */
  peekKey(): number {
    return this.keys[0];
  }

  /** Remove the smallest entry and return its value. */
  pop(): number {
    const top = this.vals[0];
    this.n--;
    if (this.n > 0) {
      this.keys[0] = this.keys[this.n];
      this.vals[0] = this.vals[this.n];
      this.seqs[0] = this.seqs[this.n];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.n && this.less(l, m)) m = l;
        if (r < this.n && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
