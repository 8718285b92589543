/**
 * Circuitscape's one-to-all and all-to-one modes on a raster (Circuitscape.jl's raster/onetoall.jl):
 * one solve per focal id (onetoall.ts), a current map per id, the cumulative and maximum maps (summed
 * from raw currents and processed once, as Circuitscape's kernel does) and a two-column resistance table.
 * Included pairs in all-to-one follow Circuitscape.jl: an id excluded from the pair with the ground still
 * injects 1 A (instead of its variable strength), an id with no included partner gets -1 and no map;
 * the run says so in a warning.
 */
import type { Grid } from "../../grid/grid.ts";
import { oneToAllSteps } from "../onetoall.ts";
import { readStrengths } from "../pair-files.ts";
import { focalIds, focalNodesOf } from "../pairwise.ts";
import { drive, type RunContext } from "./context.ts";
import { readFocal } from "./focal.ts";
import { fmt } from "./output.ts";

export async function runOneToAllMode(ctx: RunContext): Promise<void> {
  const { settings: s, land, writer, warn } = ctx;
  const fo = await readFocal(ctx);
  const strengths = s.useStrengths ? readStrengths(ctx.file("variable_source_file", true)!) : undefined;
  const flags = s.flags;
  const oneToAll = s.scenario === "one-to-all";
  const wantCur = flags.cur || flags.cumOnly || flags.max;
  const include = fo.include;
  if (!oneToAll && include && fo.keepIds) {
    // Circuitscape.jl (onetoall.jl) keeps an excluded id as a 1 A source in all-to-one: say so where it matters.
    const kept = [...fo.keepIds].sort((a, b) => a - b);
    let excluded = 0;
    for (let x = 0; x < kept.length; x++) for (let y = x + 1; y < kept.length; y++) if (!include(kept[x], kept[y])) excluded++;
    if (excluded > 0) {
      warn(
        `${fo.includedPath}: all-to-one with included pairs: as Circuitscape does, a focal id excluded from the pair with the ground still injects current, 1 A${strengths ? " instead of its variable source strength" : ""} (${excluded} excluded pair${excluded > 1 ? "s" : ""}); an id with no included partner gets -1 and no map`,
      );
    }
  }
  const focalGrid: Grid = { ...land.habitat, data: fo.focal };
  const steps = oneToAllSteps(land.habitat, focalGrid, {
    ...land.graphOpts,
    regions: land.polygons ?? undefined,
    mode: oneToAll ? "one-to-all" : "all-to-one",
    strengths,
    includePair: include,
    excludedSource: "unit",
    tol: ctx.tol,
    focalOffGraph: "disconnected",
    focalFile: fo.pointPath,
    memoryLimit: ctx.memoryLimit,
  });
  let zero: number[] | null = null;
  const res = await drive(steps, async (st) => {
    if (st.noPartner) return; // Circuitscape returns before its solve and writes no map for this id
    const name = `_${st.id}`;
    if (flags.volt) await writer.voltMap(name, st.graph, st.voltages);
    if (wantCur) {
      if (zero === null) {
        zero = flags.focalZero
          ? Array.from(focalNodesOf(st.graph, fo.focal, focalIds(fo.focal), { focalOffGraph: "disconnected" })).filter((u) => u >= 0)
          : [];
      }
      await writer.curMap(name, st.graph, st.currents, zero, flags.cur && !flags.cumOnly, true);
    }
  });
  fo.warnOffGraph(res.graph, res.ids, res.focalNode);
  if (flags.cur || flags.cumOnly) await writer.cumMap();
  if (flags.max) await writer.maxMap();
  const lines = res.ids.map((id, i) => `${id} ${fmt(res.resistances[i])}`).join("\n") + "\n";
  await writer.text("_resistances.out", lines);
}
