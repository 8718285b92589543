/** What every mode of a Circuitscape run shares: its settings, inputs, writer and solver options. */
import type { Landscape } from "./inputs.ts";
import type { OutputWriter } from "./output.ts";
import type { FileLookup } from "./paths.ts";
import type { RunSettings } from "./settings.ts";

export interface RunContext {
  settings: RunSettings;
  file: FileLookup;
  land: Landscape;
  writer: OutputWriter;
  warn: (msg: string) => void;
  /** Solver relative residual tolerance. */
  tol: number;
  /** Bytes the run may use (undefined: the memory available; Infinity: no check). */
  memoryLimit?: number;
  regionPairs: "auto" | "per-pair";
}

/** Run a step generator to its end, awaiting `each` on every step before the next is computed. */
export async function drive<S, R>(gen: Generator<S, R, void>, each: (s: S) => Promise<void>): Promise<R> {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
    await each(r.value);
  }
}
