/**
 * Seeded randomness for the demo generator. Everything the generator draws comes from here, so one
 * seed fixes every byte of the output. No Math.random anywhere in data/.
 */

/** mulberry32: a tiny 32-bit PRNG, good enough for scenery (not for statistics). Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stateless hash of two integer lattice coordinates and a seed to [0, 1): the noise lattice values.
 *  Stateless so that a value at (i, j) does not depend on the order cells are visited in. */
export function hash2(i: number, j: number, seed: number): number {
  let h = Math.imul(i | 0, 0x27d4eb2d) ^ Math.imul(j | 0, 0x165667b1) ^ Math.imul(seed | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** Derive independent sub-seeds from one master seed (one per layer), so that adding a draw to one
 *  layer does not shift the random stream of another. */
export function subSeed(master: number, name: string): number {
  let h = master >>> 0;
  for (let k = 0; k < name.length; k++) h = Math.imul(h ^ name.charCodeAt(k), 0x01000193) >>> 0;
  return h;
}
