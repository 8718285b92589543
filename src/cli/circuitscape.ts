/**
 * `crossway circuitscape CONFIG.ini`: run a Circuitscape raster .ini (see src/circuit/circuitscape.ts).
 * The engine is imported inside the action so that `crossway --help` and other commands do not load it.
 */
import type { Command } from "commander";
import { dirname, resolve } from "node:path";
import { CrosswayError } from "../util/errors.ts";
import { ensureOutputDir, type OutputLocation, removeIfEmpty } from "../util/output-location.ts";

export function register(program: Command): void {
  program
    .command("circuitscape")
    .description("run a Circuitscape raster .ini (pairwise, one-to-all, all-to-one, advanced) with Circuitscape's outputs")
    .argument("<config>", "Circuitscape .ini file")
    .option("--tol <number>", "solver relative residual tolerance", "1e-9")
    .action(async (config: string, o: { tol: string }) => {
      const tol = Number(o.tol);
      if (!(tol > 0 && tol < 1)) throw new CrosswayError(`--tol must be a number between 0 and 1, got "${o.tol}"`);
      const t0 = Date.now();
      const loc = await checkOutputFile(config);
      const { runCircuitscapeIni } = await import("../circuit/circuitscape.ts");
      let written: string[];
      try {
        ({ written } = await runCircuitscapeIni(config, { tol }));
      } catch (err) {
        if (loc) removeIfEmpty(loc);
        throw err;
      }
      process.stdout.write(
        `wrote ${written.length} files in ${((Date.now() - t0) / 1000).toFixed(1)} s${written[0] ? `, e.g. ${written[0]}` : ""}\n`,
      );
    });
}

/**
 * The folder of the .ini's output_file (resolved against the working directory, as the engine does),
 * checked before any grid is read. The .ini is read first, so a misspelled key is still reported as
 * such. Without an output_file the engine's own error applies.
 */
async function checkOutputFile(config: string): Promise<OutputLocation | null> {
  const { iniFile, readCircuitscapeIni } = await import("../io/circuitscape-ini.ts");
  const ini = readCircuitscapeIni(resolve(config));
  const out = iniFile(ini, "output_file");
  if (out === null) return null;
  return ensureOutputDir(dirname(resolve(out.replace(/\.out$/i, ""))), `output_file in ${config}`, out);
}
