/**
 * `crossway leastcost`: cost distances, least-cost paths, corridors and linkage metrics between focal regions.
 * The implementation is imported inside the action so that other commands do not pay for loading it.
 */
import type { Command } from "commander";
import { ensureOutputPrefix, removeIfEmpty } from "../util/output-location.ts";

export function register(program: Command): void {
  program
    .command("leastcost")
    .description("least-cost distances, paths, corridors and linkage metrics between focal regions (Linkage Mapper style)")
    .requiredOption("--resistance <grid>", "resistance grid (.tif or .asc); nodata and +Inf are impassable, values must be > 0")
    .requiredOption("--focal <grid>", "focal region ids (positive integers; 0 or nodata = none), aligned with the resistance grid")
    .requiredOption("--out <prefix>", "output prefix, e.g. out/lc/run (the folder is created)")
    .option("--neighbors <n>", "4, 8 or 16 (16 adds knight's moves)", "8")
    .option("--corridor-cutoff <cost>", "blank corridor cells whose normalized cost exceeds this (resistance x map units)")
    .action(async (o: { resistance: string; focal: string; out: string; neighbors: string; corridorCutoff?: string }) => {
      const t0 = Date.now();
      const { parseCutoff, parseNeighbors, runLeastCost } = await import("../leastcost/run.ts");
      const neighbors = parseNeighbors(o.neighbors);
      const corridorCutoff = o.corridorCutoff === undefined ? undefined : parseCutoff(o.corridorCutoff);
      const loc = ensureOutputPrefix(o.out, "--out");
      let run;
      try {
        run = await runLeastCost({ resistance: o.resistance, focal: o.focal, out: o.out, neighbors, corridorCutoff });
      } catch (err) {
        removeIfEmpty(loc);
        throw err;
      }
      const { analysis, written } = run;
      const k = analysis.regions.ids.length;
      const unreachable = analysis.linkages.filter((l) => !l.path).length;
      process.stdout.write(
        `${k} focal regions, ${analysis.linkages.length} pairs` +
          (unreachable ? ` (${unreachable} with no path: -1 in the tables)` : "") +
          ` in ${((Date.now() - t0) / 1000).toFixed(1)} s\n` +
          written.map((f) => `  ${f}\n`).join(""),
      );
    });
}
