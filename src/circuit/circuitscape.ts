/**
 * Run a Circuitscape raster .ini as Circuitscape does, with its file names, formats and quirks.
 * Laid out as Circuitscape.jl is: the .ini checks (circuitscape/settings.ts), where files are
 * (circuitscape/paths.ts), the inputs (circuitscape/inputs.ts, points.ts, focal.ts, and
 * grid-files.ts / pair-files.ts beside this file), one file per mode (circuitscape/run-*.ts) and the
 * output files (circuitscape/output.ts). Every input is read and checked before anything is written.
 *
 * API: runCircuitscapeIni(iniPath, { cwd?, warn?, tol?, regionPairs?, memoryLimit? }): Promise<{ written: string[] }>
 */
import { resolve } from "node:path";
import { readCircuitscapeIni } from "../io/circuitscape-ini.ts";
import type { RunContext } from "./circuitscape/context.ts";
import { readLandscape } from "./circuitscape/inputs.ts";
import { OutputWriter } from "./circuitscape/output.ts";
import { fileLookup, outputPrefix } from "./circuitscape/paths.ts";
import { runAdvanced } from "./circuitscape/run-advanced.ts";
import { runOneToAllMode } from "./circuitscape/run-onetoall.ts";
import { runPairwiseMode } from "./circuitscape/run-pairwise.ts";
import { checkSettings } from "./circuitscape/settings.ts";
import { isTiff } from "./grid-files.ts";

export { fmt } from "./circuitscape/output.ts";

export interface RunIniOptions {
  cwd?: string;
  warn?: (msg: string) => void;
  /** Solver relative residual tolerance (default 1e-9: the verification cases are matched to 1e-6). */
  tol?: number;
  /** Point-file regions in pairwise mode: "auto" (reduced-network solves when they apply) or "per-pair" (a graph and a solve per pair). */
  regionPairs?: "auto" | "per-pair";
  /** Bytes the run may use (default: the memory available; Infinity: no check). See src/circuit/memory.ts. */
  memoryLimit?: number;
}

export async function runCircuitscapeIni(iniPath: string, opts: RunIniOptions = {}): Promise<{ written: string[] }> {
  const cwd = opts.cwd ?? process.cwd();
  const warn = opts.warn ?? ((m: string) => process.stderr.write(`crossway: warning: ${m}\n`));
  const ini = readCircuitscapeIni(resolve(cwd, iniPath));
  const settings = checkSettings(ini, warn);
  const file = fileLookup(ini, cwd);
  const prefix = outputPrefix(ini, cwd);
  const land = await readLandscape(settings, file, warn);
  const writer = new OutputWriter(prefix, land.habitat, isTiff(land.habitatPath), settings.flags, warn);
  const ctx: RunContext = {
    settings,
    file,
    land,
    writer,
    warn,
    tol: opts.tol ?? 1e-9,
    memoryLimit: opts.memoryLimit,
    regionPairs: opts.regionPairs ?? "auto",
  };
  if (settings.scenario === "advanced") await runAdvanced(ctx);
  else if (settings.scenario === "pairwise") await runPairwiseMode(ctx);
  else await runOneToAllMode(ctx);
  return { written: writer.written };
}
