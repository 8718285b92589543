/**
 * Typed arrays on SharedArrayBuffer: posted to a worker (workerData or a message), a view over a
 * SharedArrayBuffer shares the memory instead of copying it, so N workers read one copy of the
 * base grids.
 */
export function toShared(a: Float64Array): Float64Array;
export function toShared(a: Int32Array): Int32Array;
export function toShared(a: Float64Array | Int32Array): Float64Array | Int32Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const sab = new SharedArrayBuffer(a.byteLength);
  const out = a instanceof Float64Array ? new Float64Array(sab) : new Int32Array(sab);
  out.set(a);
  return out;
}

export function isShared(a: ArrayBufferView): boolean {
  return a.buffer instanceof SharedArrayBuffer;
}
