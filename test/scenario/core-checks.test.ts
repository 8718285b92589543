// A core off the landscape (on nodata) or cut off by nodata from the other side of the road would
// give effective resistance inf in the baseline and in every scenario; `crossway run` used to rank
// such a study silently (every delta 0, the baseline first). It must refuse, naming the file and core.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readGrid, writeGeoTiff } from "../../src/io/index.ts";
import { compare, rank, summarize, type PairResult } from "../../src/scenario/metrics.ts";
import { runScenarios } from "../../src/scenario/run.ts";
import { writeFixture } from "./fixture.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-cores-"));
const bin = join(import.meta.dirname, "../../bin/crossway.js");

/** The fixture with land made nodata where `drop(c, r)` holds (core 2 sits at cols 34-37, rows 8-15). */
async function fixtureWithNodata(dir: string, drop: (c: number, r: number) => boolean): Promise<string> {
  const { scenario } = await writeFixture(dir);
  const land = await readGrid(join(dir, "land.tif"));
  for (let r = 0; r < land.height; r++) for (let c = 0; c < land.width; c++) if (drop(c, r)) land.data[r * land.width + c] = NaN;
  await writeGeoTiff(join(dir, "land.tif"), land);
  return scenario;
}

describe("cores that cannot be joined across the road are refused", () => {
  it("a core wholly on nodata: run refuses, naming the cores file and the core", async () => {
    const scenario = await fixtureWithNodata(join(root, "sea"), (c, r) => c >= 34 && c <= 37 && r >= 8 && r <= 15);
    await expect(runScenarios(scenario, join(root, "sea-out"), { quiet: true, maps: false })).rejects.toThrow(
      /cores\.tif.*core 2.*lies entirely on nodata/s,
    );
    const r = spawnSync(process.execPath, [bin, "run", scenario, "--out", join(root, "sea-cli"), "--quiet", "--no-maps"], {
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/core 2/);
    expect(r.stderr).toMatch(/land\.tif/);
  }, 60_000);

  it("a core on an island of land ringed by nodata: refused with the cut pairs", async () => {
    // A nodata ring around core 2 (cols 32-39, rows 6-17): the core keeps its cells but no path leaves.
    const ring = (c: number, r: number) => c >= 32 && r >= 6 && r <= 17 && (c === 32 || r === 6 || r === 17);
    const scenario = await fixtureWithNodata(join(root, "island"), ring);
    await expect(runScenarios(scenario, join(root, "island-out"), { quiet: true, maps: false })).rejects.toThrow(
      /pairs 1-2, 2-3 are not connected/,
    );
  }, 60_000);

  it("a ring with a one-cell diagonal gap joins with 8 neighbours (the check follows the graph's rule)", async () => {
    // Cut the ring's corner cell (32, 6) open: only a diagonal step joins inside and outside there.
    const ring = (c: number, r: number) => c >= 32 && r >= 6 && r <= 17 && (c === 32 || r === 6 || r === 17) && !(c === 32 && r === 6);
    const scenario = await fixtureWithNodata(join(root, "gap"), (c, r) => ring(c, r) || (c === 31 && r === 6) || (c === 32 && r === 5));
    const o = await runScenarios(scenario, join(root, "gap-out"), { quiet: true, maps: false });
    expect(o.report!.rows.find((x) => x.scenario === "baseline")!.disconnected_pairs).toBe(0);
  }, 60_000);
});

describe("deltas against an infinite baseline", () => {
  const pair = (er: number): PairResult => ({
    a: 1,
    b: 2,
    across: true,
    effective_resistance: er,
    least_cost_distance: 10,
    least_cost_crossing: "",
    crossing_total: 1,
    crossing_structures: 0,
    structure_current: {},
  });
  it("are undefined (NaN, ranked last), not 0", () => {
    const base = summarize([pair(-1)], 0);
    const better = compare("better", summarize([pair(-1)], 3), base);
    expect(base.effective_resistance).toBe(Infinity);
    expect(better.delta_effective_resistance_pct).toBeNaN();
    const ranked = rank(
      [compare("baseline", base, base), better, compare("finite", summarize([pair(5)], 1), summarize([pair(10)], 0))],
      ["delta_effective_resistance_pct", "cost"],
    );
    expect(ranked.find((r) => r.scenario === "finite")!.rank).toBe(1);
  });
});
