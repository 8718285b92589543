/**
 * `crossway circuitscape CONFIG.ini`: run a Circuitscape raster .ini (see src/circuit/circuitscape.ts).
 * The engine is imported inside the action so that `crossway --help` and other commands do not load it.
 */
import type { Command } from "commander";
import { CrosswayError } from "../util/errors.ts";

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
      const { runCircuitscapeIni } = await import("../circuit/circuitscape.ts");
      const { written } = await runCircuitscapeIni(config, { tol });
      process.stdout.write(`wrote ${written.length} files in ${((Date.now() - t0) / 1000).toFixed(1)} s${written[0] ? `, e.g. ${written[0]}` : ""}\n`);
    });
}
