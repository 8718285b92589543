/**
 * An AMG hierarchy on SharedArrayBuffer, so worker threads can run V-cycles on the very same levels:
 * the matrices, prolongators, diagonals and the coarse factor are shared (read-only during solves),
 * while each thread owns its work vectors (level x and b, coarse x, b and the factor's scratch).
 * A typed array over a SharedArrayBuffer posted as workerData shares its memory instead of copying it.
 */
import { AmgHierarchy, type Level } from "./amg.ts";
import type { EnvelopeCholesky } from "./cholesky.ts";
import type { Prolongator } from "./prolongator.ts";
import type { SymMatrix } from "./types.ts";

type Typed = Int32Array | Float32Array | Float64Array;

/** A copy of `a` on a SharedArrayBuffer (or `a` itself when it already is shared). */
export function shareTyped<T extends Typed>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const sab = new SharedArrayBuffer(a.byteLength);
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => T;
  const out = new Ctor(sab);
  out.set(a as never);
  return out;
}

export function shareSym(A: SymMatrix): SymMatrix {
  return { n: A.n, diag: shareTyped(A.diag), rowPtr: shareTyped(A.rowPtr), col: shareTyped(A.col), val: shareTyped(A.val) };
}

export function isSharedSym(A: SymMatrix): boolean {
  return [A.diag, A.rowPtr, A.col, A.val].every((a) => a.buffer instanceof SharedArrayBuffer);
}

/** Plain data of a hierarchy whose arrays are all shared: what a worker receives. */
export interface SharedHierarchy {
  levels: { A: SymMatrix; invDiag: Float64Array; P: Prolongator }[];
  coarse: Omit<EnvelopeCholesky, "work">;
  sweeps: number;
}

/**
 * Moves h's arrays to shared memory IN PLACE (h keeps working, on the shared copies; the private
 * originals become garbage, so the hierarchy is not held twice) and returns the parts for workers.
 * Level 0's matrix is the caller's: it must already be shared (see shareSym), as it is not copied here.
 */
export function shareHierarchy(h: AmgHierarchy, collect?: () => void): SharedHierarchy {
  // With `collect` (a full GC), each large private array is released before the next one is copied,
  // so the move costs one array at a time instead of a second hierarchy (~85 bytes per unknown) at once.
  let pending = false;
  const sh = <T extends Typed>(a: T): T => {
    if (pending && collect) collect();
    pending = a.byteLength >= 4e6;
    return shareTyped(a);
  };
  const levels = h.levels.map((l, i) => {
    if (i === 0 && !isSharedSym(l.A)) throw new Error("shareHierarchy: the finest matrix must be on SharedArrayBuffer");
    if (i > 0) {
      const A = l.A;
      l.A = { n: A.n, diag: sh(A.diag), rowPtr: A.rowPtr, col: A.col, val: A.val };
      l.A.rowPtr = sh(A.rowPtr);
      l.A.col = sh(A.col);
      l.A.val = sh(A.val);
    }
    l.invDiag = sh(l.invDiag);
    const P = l.P;
    l.P = { ...P, rowPtr: sh(P.rowPtr) };
    l.P.col = sh(P.col);
    l.P.val = sh(P.val);
    return { A: l.A, invDiag: l.invDiag, P: l.P };
  });
  const c = h.coarse;
  c.perm = sh(c.perm);
  c.first = sh(c.first);
  c.envPtr = sh(c.envPtr);
  c.L = sh(c.L);
  c.invDiag = sh(c.invDiag);
  if (pending && collect) collect();
  const { work: _work, ...coarse } = c;
  return { levels, coarse, sweeps: h.sweeps };
}

/** A hierarchy over shared parts with this thread's own work vectors. */
export function attachHierarchy(parts: SharedHierarchy): AmgHierarchy {
  const h = Object.create(AmgHierarchy.prototype) as AmgHierarchy;
  const levels: Level[] = parts.levels.map((l, i) => ({
    ...l,
    x: i === 0 ? new Float64Array(0) : new Float64Array(l.A.n),
    b: i === 0 ? new Float64Array(0) : new Float64Array(l.A.n),
  }));
  const nc = parts.coarse.n;
  Object.assign(h, {
    levels,
    coarse: { ...parts.coarse, work: new Float64Array(nc) },
    // only info() reads coarseA; a worker has no use for the coarse matrix itself
    coarseA: { n: nc, diag: new Float64Array(nc), rowPtr: new Int32Array(nc + 1), col: new Int32Array(0), val: new Float64Array(0) },
    coarseX: new Float64Array(nc),
    coarseB: new Float64Array(nc),
    sweeps: parts.sweeps,
    timings: { aggregate: 0, prolongator: 0, galerkin: 0, coarseFactor: 0 },
  });
  return h;
}
