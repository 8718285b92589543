// A crossing structure that opens no cell is legal but almost never meant: `crossway run` and
// `crossway sweep` must say so, as `crossway resistance` does, once per structure per scenario.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readGrid, writeGeoTiff } from "../../src/io/index.ts";
import { runSweep } from "../../src/scenario/run.ts";
import { writeFixture } from "./fixture.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-warn-"));
const bin = join(import.meta.dirname, "../../bin/crossway.js");

/** The fixture with the south end of the road (rows 20..23, about chainage 1100..1400 m) on nodata. */
async function studyWithNodataRoadEnd(dir: string, scenarios?: string, sweep?: string): Promise<{ scenario: string; sweep: string }> {
  const files = await writeFixture(dir, { scenarios, sweep });
  const land = await readGrid(join(dir, "land.tif"));
  for (let r = 20; r < land.height; r++) for (let c = 14; c <= 26; c++) land.data[r * land.width + c] = NaN;
  await writeGeoTiff(join(dir, "land.tif"), land);
  return files;
}

const EMPTY = /structure 'N1' \(underpass at 1175 m\) opens no cell: every cell of its lanes is nodata or off the road/;

describe("crossway run: structures that open no cell", async () => {
  const { scenario } = await studyWithNodataRoadEnd(
    join(root, "run"),
    `  - name: on-nodata
    add: [{ id: N1, type: underpass, chainage_m: 1175, width_m: 20, cost_musd: 1 }]
  - name: twins
    add:
      - { id: D1, type: overpass, chainage_m: 800, width_m: 40, cost_musd: 4 }
      - { id: D2, type: overpass, chainage_m: 800, width_m: 40, cost_musd: 4 }
  - name: useful
    add: [{ id: O1, type: overpass, chainage_m: 200, width_m: 60, cost_musd: 6 }]
`,
  );
  const out = join(root, "run-out");
  const r = spawnSync(process.execPath, [bin, "run", scenario, "--out", out, "--quiet", "--no-maps"], { encoding: "utf8" });

  it("warns on stderr once for the structure on nodata, naming the file and the scenario", () => {
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.split("\n").filter((l) => l.startsWith("crossway: warning:"));
    const n1 = lines.filter((l) => EMPTY.test(l));
    expect(n1).toHaveLength(1);
    expect(n1[0]).toContain(scenario);
    expect(n1[0]).toMatch(/\(scenario 'on-nodata'\)$/);
  });

  it("says why a structure hidden by an identical one opens nothing, and stays quiet about the others", () => {
    const lines = r.stderr.split("\n").filter((l) => l.startsWith("crossway: warning:"));
    expect(
      lines.filter((l) =>
        /structure 'D2' \(overpass at 800 m\) opens no cell: on every cell it would open \(\d+\) another structure offers a lower or equal resistance \(scenario 'twins'\)$/.test(
          l,
        ),
      ),
    ).toHaveLength(1);
    // The twins also overlap, which is said once, naming both.
    expect(
      lines.filter((l) =>
        /structures D2 \(overpass, 40 m wide, chainage 780-820 m\) and D1 \(overpass, 40 m wide, chainage 780-820 m\) overlap over 40 m of road \(chainage 780-820 m\): D2 lies entirely within D1;.*\(scenario 'twins'\)$/.test(
          l,
        ),
      ),
    ).toHaveLength(1);
    // The existing U1 and C1, D1 and O1 all open cells: three warnings in all.
    expect(lines).toHaveLength(3);
  });

  it("records each scenario's warnings in results.json and leaves the numbers alone", () => {
    const json = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
    const of = (n: string) => json.scenarios.find((s: { scenario: string }) => s.scenario === n);
    expect(of("on-nodata").warnings).toHaveLength(1);
    expect(of("on-nodata").warnings[0]).toMatch(EMPTY);
    expect(of("baseline").warnings).toEqual([]);
    expect(of("useful").warnings).toEqual([]);
    // A structure that opens nothing changes nothing: the same effective resistance as the baseline.
    expect(of("on-nodata").effective_resistance).toBe(of("baseline").effective_resistance);
    expect(of("on-nodata").structure_current.N1).toBe(0);
  });
});

describe("crossway sweep: structures that open no cell", async () => {
  const { sweep } = await studyWithNodataRoadEnd(
    join(root, "sweep"),
    undefined,
    `scenario_file: study.yaml
candidates:
  - { id: N1, type: underpass, chainage_m: 1175, width_m: 20, cost_musd: 1 }
  - { id: B, type: underpass, chainage_m: 600, width_m: 20, cost_musd: 1 }
max_structures: 2
`,
  );
  const o = await runSweep(sweep, join(root, "sweep-out"), { workers: 0, quiet: true, maps: false });

  it("one line for the candidate, naming every scenario that holds it", () => {
    expect(o.summary.failed).toEqual([]);
    expect(o.warnings).toHaveLength(1);
    expect(o.warnings[0]).toMatch(EMPTY);
    const listed = /\(scenarios? (.*)\)$/.exec(o.warnings[0])![1];
    const names = [...listed.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    const holding = o.jobs.filter((j) => j.scenario.structures.some((s) => s.id === "N1")).map((j) => j.name);
    expect(holding.length).toBe(2);
    expect(names.sort()).toEqual(holding.sort());
  });
});
