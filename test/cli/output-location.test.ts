/**
 * End-to-end, through bin/crossway.js: every command that writes checks its output location before it
 * computes anything, and fails at once, with exit code 1 and one line naming the option and the path.
 * Before this, a bad --out was found after the computation as a raw Node stack trace, and a path Node
 * cannot create (/proc/x/...) made its recursive mkdir spin at full CPU until killed: the `timeout`
 * below turns that into a failure (status null) instead of a hung suite.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { writeFixture } from "../scenario/fixture.ts";
import { cli } from "./spawn.ts";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const VERIFY = fileURLToPath(new URL("../../../shared/circuitscape-verify", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "crossway-outloc-"));

/** Node prints "    at fn (file:line)" lines in a stack trace; a user-facing error has none. */
const STACK = /^\s+at .+[:(]/m;

/** A small least-cost input: 6 x 4 cells of resistance 1 and a focal grid with the given rows. */
function ascii(dir: string, name: string, rows: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, `ncols 6\nnrows 4\nxllcorner 0\nyllcorner 0\ncellsize 10\nNODATA_value -9999\n${rows.join("\n")}\n`);
  return p;
}
const ones = ["1 1 1 1 1 1", "1 1 1 1 1 1", "1 1 1 1 1 1", "1 1 1 1 1 1"];

const blocker = join(root, "a-file");
writeFileSync(blocker, "not a folder\n");

describe("every writing command checks its output location first", async () => {
  const { scenario, sweep } = await writeFixture(join(root, "study"));
  const lc = join(root, "lc");
  mkdirSync(lc);
  const res = ascii(lc, "res.asc", ones);
  const focal = ascii(lc, "focal.asc", ["1 0 0 0 0 2", "1 0 0 0 0 2", "0 0 0 0 0 0", "0 0 0 0 0 0"]);
  const recipe = join(REPO, "scenarios/demo-recipe.yaml");
  const grid = join(REPO, "data/cores.tif");

  // Each command with an output below a file and an output Node cannot create.
  const cases: { name: string; args: (out: string) => string[]; out: (bad: string) => string }[] = [
    { name: "run", args: (o) => ["run", scenario, "--out", o, "--quiet"], out: (b) => b },
    { name: "sweep", args: (o) => ["sweep", sweep, "--out", o, "--quiet", "--workers", "0"], out: (b) => b },
    { name: "leastcost", args: (o) => ["leastcost", "--resistance", res, "--focal", focal, "--out", o], out: (b) => join(b, "run") },
    { name: "resistance", args: (o) => ["resistance", recipe, "--out", o], out: (b) => join(b, "resistance.tif") },
    { name: "map", args: (o) => ["map", grid, "--out", o], out: (b) => join(b, "map.png") },
  ];
  for (const c of cases) {
    it(`${c.name}: an output below a file is refused at once, naming --out and the file`, async () => {
      const out = c.out(join(blocker, "sub"));
      const t0 = Date.now();
      const r = await cli(c.args(out));
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr.trim().split("\n")).toEqual([
        `crossway: error: --out ${out}: ${blocker} is a file, not a folder, so nothing can be written inside it`,
      ]);
      // Refused before the work: the whole command (process start included) in well under the 13 s
      // `run` used to compute first. Generous for a shared, loaded machine.
      expect(Date.now() - t0).toBeLessThan(30_000);
    });
    it(`${c.name}: an output the file system cannot create fails with one line instead of spinning`, async () => {
      const out = c.out("/proc/crossway-no/such");
      const r = await cli(c.args(out), { timeout: 90_000 });
      expect(r.status, `status ${r.status} signal ${r.signal}: ${r.stderr}`).toBe(1);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr).toMatch(
        new RegExp(`^crossway: error: --out ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot create the folder /proc/crossway-no: `),
      );
    });
  }

  it("run: an existing folder that refuses files (/proc) is named", async () => {
    const r = await cli(["run", scenario, "--out", "/proc", "--quiet"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^crossway: error: --out \/proc: cannot write in the folder \/proc: /);
    expect(r.stderr).not.toMatch(STACK);
  });

  it("resistance and map: an output that is an existing folder is refused (a file name is expected)", async () => {
    for (const args of [
      ["resistance", recipe, "--out", lc],
      ["map", grid, "--out", lc],
    ]) {
      const r = await cli(args);
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toBe(`crossway: error: --out ${lc}: is a folder; expected a file name`);
    }
  });

  it("circuitscape: an output_file below a file is refused before any grid is read, naming the .ini", async () => {
    const dir = join(root, "cs");
    cpSync(join(VERIFY, "input/raster/pairwise/1"), join(dir, "input/raster/pairwise/1"), { recursive: true });
    const ini = join(dir, "input/raster/pairwise/1/sgVerify1.ini");
    const text = readFileSync(ini, "utf8");
    for (const [out, why] of [
      [join(blocker, "out/sg.out"), `${blocker} is a file, not a folder`],
      ["/proc/crossway-no/sg.out", "cannot create the folder /proc/crossway-no"],
    ]) {
      writeFileSync(ini, text.replace("output_file = output/sgVerify1.out", `output_file = ${out}`));
      const r = await cli(["circuitscape", ini], { cwd: dir });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr).toContain(`crossway: error: output_file in ${ini} ${out}: ${why}`);
    }
  });

  it("bad input after a good --out leaves no empty folder behind", async () => {
    const bad = join(root, "study", "bad.yaml");
    writeFileSync(bad, readFileSync(scenario, "utf8").replace(/^analysis:/m, "analysis:\n  neighbors_typo: 8"));
    const out = join(root, "never/made");
    const r = await cli(["run", bad, "--out", out, "--quiet"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/neighbors_typo/);
    expect(existsSync(join(root, "never"))).toBe(false);
  });
});

describe("errors the CLI did not foresee", async () => {
  it("print one line (and the stack only with CROSSWAY_DEBUG)", async () => {
    const dir = join(root, "unforeseen");
    mkdirSync(dir);
    const res = ascii(dir, "res.asc", ones);
    const focal = ascii(dir, "focal.asc", ["1 0 0 0 0 2", "1 0 0 0 0 2", "0 0 0 0 0 0", "0 0 0 0 0 0"]);
    // A folder where an output file must go: the rename at the end of the atomic write fails (EISDIR).
    mkdirSync(join(dir, "run_costdistances.out"));
    const args = ["leastcost", "--resistance", res, "--focal", focal, "--out", join(dir, "run")];
    const r = await cli(args);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^crossway: error: EISDIR: .*run_costdistances\.out.*\(set CROSSWAY_DEBUG=1 to see where it happened\)$/);
    const debug = await cli(args, { env: { ...process.env, CROSSWAY_DEBUG: "1" } });
    expect(debug.status).not.toBe(0);
    expect(debug.stderr).toMatch(STACK);
  });
});

describe("leastcost with one focal region", async () => {
  it("is an error naming the focal file and the region, with nothing written (its outputs would all be empty)", async () => {
    const dir = join(root, "one-region");
    mkdirSync(dir);
    const res = ascii(dir, "res.asc", ones);
    const focal = ascii(dir, "focal.asc", ["1 0 0 0 0 0", "1 0 0 0 0 1", "0 0 0 0 0 0", "0 0 0 0 0 0"]);
    const r = await cli(["leastcost", "--resistance", res, "--focal", focal, "--out", join(dir, "out/run")]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      `crossway: error: ${focal}: --focal: has only one focal region (id 1); least-cost distances, paths and corridors join pairs of regions, so at least two are needed (nothing was written)`,
    );
    expect(existsSync(join(dir, "out"))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["focal.asc", "res.asc"]);
  });
});
