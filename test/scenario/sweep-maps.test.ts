// A sweep's maps: after the sweep, the top rows and the baselines they are compared with are
// evaluated again with grids, written as `crossway run` writes them, and drawn into report.html;
// the stored results (and so results.csv and resuming) are untouched.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { topScenarios } from "../../src/render/scenario-report.ts";
import { readGrid } from "../../src/scenario/inputs.ts";
import { runSweep } from "../../src/scenario/run.ts";
import { writeSweepMapGrids } from "../../src/scenario/sweep-maps.ts";
import { sweepYaml, writeFixture } from "./fixture.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-sweep-maps-test-"));

// Neither road resistance is the scenario file's own (800), so no parameter baseline shares a key
// (and grids) with the file's baseline: a difference taken against the wrong baseline shows.
const SWEEP = sweepYaml("400, 1600");

/** Everything written to stderr while `f` runs. */
async function stderrOf<T>(f: () => Promise<T>): Promise<{ value: T; err: string }> {
  let err = "";
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  try {
    return { value: await f(), err };
  } finally {
    spy.mockRestore();
  }
}

/**
 * Checks that DIR/grids/<name>_current_diff.tif is <name>_current minus <baseline>_current (Float32
 * files), and nodata exactly on the core cells (the study's cores.tif).
 */
async function expectDiffAgainst(dir: string, name: string, baseline: string): Promise<void> {
  const cur = (await readGrid(join(dir, "grids", `${name}_current.tif`))).data;
  const base = (await readGrid(join(dir, "grids", `${baseline}_current.tif`))).data;
  const diff = (await readGrid(join(dir, "grids", `${name}_current_diff.tif`))).data;
  const cores = (await readGrid(join(root, "study", "cores.tif"))).data;
  let worst = 0;
  for (let i = 0; i < diff.length; i++) {
    expect(Number.isNaN(diff[i]), `${name} cell ${i}`).toBe(cores[i] > 0 || Number.isNaN(cur[i]));
    if (Number.isNaN(cur[i]) || cores[i] > 0) continue;
    worst = Math.max(worst, Math.abs(diff[i] - (cur[i] - base[i])) / (Math.abs(cur[i]) + Math.abs(base[i]) + 1e-12));
  }
  expect(worst, `${name} against ${baseline}`).toBeLessThan(1e-6);
}

describe("crossway sweep with maps", async () => {
  const { sweep } = await writeFixture(join(root, "study"), { sweep: SWEEP });
  const withMaps = join(root, "with-maps");
  const plain = join(root, "plain");
  const quietRun = await stderrOf(() => runSweep(sweep, withMaps, { workers: 2, quiet: true }));
  const a = quietRun.value;
  await runSweep(sweep, plain, { workers: 0, quiet: true, maps: false });
  const top = topScenarios(a.report!.rows);

  it("leaves the stored results alone: results.csv and the store equal a sweep without maps", () => {
    expect(a.summary.failed).toEqual([]);
    expect(readFileSync(join(withMaps, "results.csv"), "utf8")).toBe(readFileSync(join(plain, "results.csv"), "utf8"));
    const keys = (d: string) => readdirSync(join(d, "scenarios")).sort();
    expect(keys(withMaps)).toEqual(keys(plain));
    expect(keys(withMaps)).toHaveLength(a.summary.total);
    expect(existsSync(join(withMaps, "failed"))).toBe(false);
    expect(quietRun.err).toBe("");
  });

  it("writes the top scenarios' grids against their own baselines and embeds their maps in report.html", async () => {
    expect(top.map((r) => r.rank)).toEqual([1, 2, 3]);
    const html = readFileSync(join(withMaps, "report.html"), "utf8");
    const embedded = (png: string) => html.includes(readFileSync(join(withMaps, "maps", png)).toString("base64"));
    for (const r of top) {
      expect(r.baseline).not.toBe("baseline");
      for (const g of ["resistance", "current", "current_diff"])
        expect(existsSync(join(withMaps, "grids", `${r.scenario}_${g}.tif`)), `${r.scenario}_${g}`).toBe(true);
      await expectDiffAgainst(withMaps, r.scenario, r.baseline);
      expect(embedded(`${r.scenario}_current.png`), r.scenario).toBe(true);
      expect(embedded(`${r.scenario}_difference.png`), r.scenario).toBe(true);
      expect(embedded(`${r.baseline}_current.png`), r.baseline).toBe(true);
      expect(html).toContain(`alt="Change from ${r.baseline}: ${r.scenario}"`);
    }
    // The baseline drawn is the parameter set's own: its road cells carry that road resistance.
    const base = top[0].baseline;
    const road = Number(base.split("=")[1]);
    const res = (await readGrid(join(withMaps, "grids", `${base}_resistance.tif`))).data;
    expect(Math.max(...res.filter((v) => !Number.isNaN(v)))).toBe(road);
    // Only the mapped rows and their baselines have grids (a sweep keeps no others).
    const names = new Set(readdirSync(join(withMaps, "grids")).map((f) => f.replace(/_(resistance|current|current_diff)\.tif$/, "")));
    expect([...names].sort()).toEqual([...new Set([...top.map((r) => r.scenario), ...top.map((r) => r.baseline)])].sort());
    // The table still lists every scenario.
    for (const r of a.report!.rows) expect(html).toContain(`data-scenario="${r.scenario}"`);
  }, 30_000);

  it("rows of different parameter sets are each compared with their own baseline", async () => {
    const other = a.report!.rows.find((r) => r.status === "ok" && r.scenario !== r.baseline && r.baseline !== top[0].baseline)!;
    const dir = join(root, "two-baselines");
    const m = await writeSweepMapGrids(a.study, a.jobs, a.report!, [top[0], other], dir, { quiet: true });
    expect(m.interrupted).toBe(false);
    await expectDiffAgainst(dir, top[0].scenario, top[0].baseline);
    await expectDiffAgainst(dir, other.scenario, other.baseline);
    // The two baselines differ, so a difference against the wrong one would have been caught.
    const b1 = (await readGrid(join(dir, "grids", `${top[0].baseline}_current.tif`))).data;
    const b2 = (await readGrid(join(dir, "grids", `${other.baseline}_current.tif`))).data;
    expect(b1.some((v, i) => Math.abs(v - b2[i]) > 1e-3)).toBe(true);
  });

  // A result solved in full must be reproduced bit for bit; one from the road-band model (the default
  // for this 14-scenario sweep) within 100 x the solver's tolerance, over every metric.
  for (const [mode, factor, message] of [
    ["full", 1 - 1e-12, "effective resistance"],
    ["incremental", 1 - 1e-4, "the road-band result differs from the full solve by 1.0"],
  ] as const) {
    it(`a stored result (${mode}) the re-evaluation does not reproduce is an error, and progress goes to stderr`, async () => {
      const source = join(root, `tamper-source-${mode}`);
      await runSweep(sweep, source, { workers: 0, quiet: true, maps: false, solve: mode });
      const dir = join(root, `tampered-${mode}`);
      cpSync(source, dir, { recursive: true });
      const key = a.jobs.find((j) => j.name === top[0].scenario)!.key;
      const file = join(dir, "scenarios", `${key}.json`);
      const rec = JSON.parse(readFileSync(file, "utf8"));
      expect(rec.evaluation.solve?.method ?? "full").toBe(mode);
      rec.evaluation.pairs[0].effective_resistance *= factor; // still the best row
      writeFileSync(file, JSON.stringify(rec));
      const { value, err } = await stderrOf(() =>
        runSweep(sweep, dir, { workers: 0, solve: mode }).then(
          () => null,
          (e: Error) => e,
        ),
      );
      expect(value?.name).toBe("CrosswayError");
      expect(value?.message).toContain(`re-evaluating scenario '${top[0].scenario}' for the maps: ${message}`);
      expect(err).toMatch(/maps: evaluating 1 baseline and the 3 best scenarios again/);
      expect(existsSync(join(dir, "report.html"))).toBe(false);
      expect(existsSync(join(dir, "grids", `${top[0].scenario}_current.tif`))).toBe(false);
    });
  }

  it("an interrupted sweep writes no grids, maps or report; resumed, it does, and its results.csv is unchanged", async () => {
    const dir = join(root, "interrupted");
    const first = await runSweep(sweep, dir, { workers: 0, quiet: true, stopAfter: 4 });
    expect(first.summary.interrupted).toBe(true);
    for (const f of ["grids", "maps", "report.html", "results.csv"]) expect(existsSync(join(dir, f)), f).toBe(false);
    const second = await runSweep(sweep, dir, { workers: 0, quiet: true });
    expect(second.summary.skipped).toBe(4);
    expect(readFileSync(join(dir, "results.csv"), "utf8")).toBe(readFileSync(join(plain, "results.csv"), "utf8"));
    expect(existsSync(join(dir, "maps", `${top[0].scenario}_difference.png`))).toBe(true);
  }, 30_000);
});
