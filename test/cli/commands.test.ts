/**
 * End-to-end: the real binary (bin/crossway.js), as a user types it. The numbers themselves are
 * checked against their references in each area's tests; here we check that every public command
 * runs from the shell, writes what it promises, and fails cleanly on bad input.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { writeFixture } from "../scenario/fixture.ts";

const bin = fileURLToPath(new URL("../../bin/crossway.js", import.meta.url));
const VERIFY = fileURLToPath(new URL("../../../shared/circuitscape-verify", import.meta.url));
const cli = (args: string[], cwd?: string) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd });
const root = mkdtempSync(join(tmpdir(), "crossway-cli-"));

/** Numbers of a Circuitscape resistance table (first row and column are ids). */
const table = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number));

describe("crossway (the binary)", () => {
  it("lists every command in its help", () => {
    const r = cli(["--help"]);
    expect(r.status).toBe(0);
    for (const c of ["run", "sweep", "circuitscape", "leastcost", "resistance", "map"]) expect(r.stdout).toMatch(new RegExp(`\\n  ${c} `));
  });

  it("runs from the TypeScript sources when asked (or when dist/ is older than src/), with the same answer", () => {
    const r = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8", env: { ...process.env, CROSSWAY_FROM_SOURCE: "1" } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(cli(["--version"]).stdout.trim());
  });

  it("circuitscape: runs a Circuitscape pairwise .ini from its folder and reproduces Circuitscape's resistances", () => {
    const dir = join(root, "cs");
    cpSync(join(VERIFY, "input/raster/pairwise/1"), join(dir, "input/raster/pairwise/1"), { recursive: true });
    const r = cli(["circuitscape", "input/raster/pairwise/1/sgVerify1.ini"], dir);
    expect(r.status, r.stderr).toBe(0);
    const ours = table(readFileSync(join(dir, "output/sgVerify1_resistances.out"), "utf8"));
    const want = table(readFileSync(join(VERIFY, "output_verify/sgVerify1_resistances.out"), "utf8"));
    expect(ours.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) {
      for (let j = 0; j < want[i].length; j++) {
        expect(Math.abs(ours[i][j] - want[i][j])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[i][j])));
      }
    }
    expect(existsSync(join(dir, "output/sgVerify1_cum_curmap.asc"))).toBe(true);
  });

  it("circuitscape: a misspelled key is an error naming the key and the file, with nothing written", () => {
    const dir = join(root, "cs-bad");
    cpSync(join(VERIFY, "input/raster/pairwise/1"), join(dir, "input/raster/pairwise/1"), { recursive: true });
    const ini = join(dir, "input/raster/pairwise/1/sgVerify1.ini");
    writeFileSync(ini, readFileSync(ini, "utf8").replace("habitat_map_is_resistances", "habitat_map_is_resistance"));
    const r = cli(["circuitscape", ini], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/habitat_map_is_resistance\b/);
    expect(r.stderr).toMatch(/sgVerify1\.ini/);
    expect(existsSync(join(dir, "output"))).toBe(false);
  });

  it("run: scores a scenario file into results, road profile, grids, maps and a report", async () => {
    const { scenario } = await writeFixture(join(root, "study"));
    const out = join(root, "run-out");
    const r = cli(["run", scenario, "--out", out, "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ["results.csv", "results.json", "road_profile.csv", "road_profile.geojson", "report.html"]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const rows = readFileSync(join(out, "results.csv"), "utf8").trim().split("\n");
    const header = rows[0].split(",");
    for (const col of [
      "rank",
      "scenario",
      "effective_resistance",
      "delta_effective_resistance_pct",
      "crossing_current_share",
      "least_cost_distance",
      "delta_least_cost_pct",
      "cost",
      "improvement_per_cost",
    ]) {
      expect(header).toContain(col);
    }
    const names = rows.slice(1).map((l) => l.split(",")[header.indexOf("scenario")]);
    expect(names).toContain("baseline");
    expect(readdirSync(join(out, "maps")).filter((f) => f.endsWith(".png")).length).toBeGreaterThan(0);
    const html = readFileSync(join(out, "report.html"), "utf8");
    for (const n of names) expect(html).toContain(n);
  });

  it("run: an unknown key in a scenario file names the file and the path, exit 1", async () => {
    const { scenario } = await writeFixture(join(root, "study-bad"));
    writeFileSync(scenario, readFileSync(scenario, "utf8").replace(/^analysis:/m, "analysis:\n  neighbors_typo: 8"));
    const r = cli(["run", scenario, "--out", join(root, "bad-out"), "--quiet"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/study\.yaml/);
    expect(r.stderr).toMatch(/neighbors_typo/);
  });
});
