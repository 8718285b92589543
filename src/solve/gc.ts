/**
 * A full garbage collection at a phase boundary. Typed arrays live outside the V8 heap, and V8 only
 * collects them when its own heap fills up, so the AMG hierarchy of a finished solve (about 100 bytes
 * per cell) would still be held when the next phase allocates its vectors: collecting here makes
 * the peak the larger of the two phases, not their sum. A no-op when the runtime refuses.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    gc = (globalThis as { gc?: () => void }).gc ?? null;
    if (!gc) {
      try {
        setFlagsFromString("--expose-gc");
        gc = runInNewContext("gc") as () => void;
      } catch {
        gc = null;
      }
    }
  }
  gc?.();
}
