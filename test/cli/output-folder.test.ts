/**
 * End-to-end, through bin/crossway.js: an output folder belongs to one run at a time (a lock), and a
 * rerun into it leaves exactly what it produced (a manifest), while a sweep's stored results survive
 * so that it still resumes.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFixture } from "../scenario/fixture.ts";
import { bin, cli } from "./spawn.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-outdir-"));
const LOCK = ".crossway.lock";
/** Several runs in one test, on a machine others share. */
const SLOW = 400_000;

/** A process that is alive for the length of a test, and the pid of one that has ended. */
const sleeper = () => spawn(process.execPath, ["-e", "setTimeout(() => {}, 120000)"], { stdio: "ignore" });
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

describe("one run at a time per output folder", async () => {
  const { scenario } = await writeFixture(join(root, "lock-study"));

  it(
    "a second run into a folder a live process has locked fails at once, naming that process; the lock stays",
    async () => {
      const out = join(root, "held");
      const holder = sleeper();
      try {
        await cli(["run", scenario, "--out", out, "--quiet", "--no-maps"]); // a finished run: the folder exists, unlocked
        writeFileSync(
          join(out, LOCK),
          `${JSON.stringify({ pid: holder.pid, host: hostname(), started: "2026-01-01T00:00:00.000Z", command: "run other.yaml" })}\n`,
        );
        const before = readFileSync(join(out, "results.csv"), "utf8");
        const r = await cli(["run", scenario, "--out", out, "--quiet", "--no-maps"]);
        expect(r.status).toBe(1);
        expect(r.stderr.trim()).toBe(
          `crossway: error: --out ${out}: the folder is in use by another crossway (pid ${holder.pid} on ${hostname()}, started 2026-01-01T00:00:00.000Z: crossway run other.yaml); wait for it to finish or choose another folder`,
        );
        expect(readFileSync(join(out, LOCK), "utf8")).toContain(`"pid":${holder.pid}`);
        expect(readFileSync(join(out, "results.csv"), "utf8")).toBe(before);
      } finally {
        holder.kill();
      }
    },
    SLOW,
  );

  it(
    "two runs started together into one folder: one finishes (exit 0), the other is refused (exit 1) naming it",
    async () => {
      const out = join(root, "race");
      const first = spawn(process.execPath, [bin, "run", scenario, "--out", out, "--quiet"], { stdio: ["ignore", "ignore", "pipe"] });
      const firstDone = new Promise<number | null>((r) => first.on("exit", (code) => r(code)));
      // Start the second once the first holds the lock (it takes it before loading the study).
      for (let i = 0; i < 600 && !existsSync(join(out, LOCK)); i++) await sleep(50);
      expect(existsSync(join(out, LOCK))).toBe(true);
      const second = await cli(["run", scenario, "--out", out, "--quiet"]);
      expect(await firstDone).toBe(0);
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(new RegExp(`in use by another crossway \\(pid ${first.pid} on `));
      expect(files(out)).not.toContain(LOCK); // released when the first ended
      expect(files(out)).toContain("report.html");
    },
    SLOW,
  );

  it(
    "a lock left by a process that no longer runs is taken over, with a note",
    async () => {
      const out = join(root, "stale");
      await cli(["run", scenario, "--out", out, "--quiet", "--no-maps"]);
      const pid = deadPid();
      writeFileSync(
        join(out, LOCK),
        `${JSON.stringify({ pid, host: hostname(), started: "2026-01-01T00:00:00.000Z", command: "run crashed.yaml" })}\n`,
      );
      const r = await cli(["run", scenario, "--out", out, "--quiet", "--no-maps"]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(
        `crossway: note: ${out}: took over the lock left by crossway pid ${pid} (started 2026-01-01T00:00:00.000Z), which is no longer running`,
      );
      expect(files(out)).not.toContain(LOCK);
    },
    SLOW,
  );
});

describe("a rerun into the same folder", async () => {
  const scenarios = (first: string, second: string) => `  - name: ${first}
    add: [{ id: O1, type: overpass, chainage_m: 200, width_m: 60, cost_musd: 6 }]
  - name: ${second}
    change: [{ id: C1, type: underpass, width_m: 15, effectiveness: 0.6, cost_musd: 1.5 }]
`;
  const { scenario } = await writeFixture(join(root, "rename-study"), { scenarios: scenarios("overpass-north", "fix-culvert") });
  const out = join(root, "rename-out");
  const firstRun = await cli(["run", scenario, "--out", out, "--quiet"]);

  it(
    "of a renamed scenario draws its maps under the new name and removes the old name's grids and maps, saying how many",
    async () => {
      expect(firstRun.status, firstRun.stderr).toBe(0);
      expect(files(join(out, "maps"))).toContain("overpass-north_current.png");
      writeFileSync(scenario, readFileSync(scenario, "utf8").replace("name: overpass-north", "name: overpass-km0.2"));
      const r = await cli(["run", scenario, "--out", out, "--quiet"]);
      expect(r.status, r.stderr).toBe(0);
      const grids = files(join(out, "grids"));
      const maps = files(join(out, "maps"));
      for (const f of ["overpass-km0.2_resistance.tif", "overpass-km0.2_current.tif", "overpass-km0.2_current_diff.tif"])
        expect(grids).toContain(f);
      // The report's before/after pair and difference map of the renamed scenario.
      for (const f of ["baseline_current.png", "overpass-km0.2_current.png", "overpass-km0.2_difference.png"]) expect(maps).toContain(f);
      expect([...grids, ...maps].filter((f) => f.startsWith("overpass-north"))).toEqual([]);
      const html = readFileSync(join(out, "report.html"), "utf8");
      expect(html).toContain("overpass-km0.2");
      expect(html).not.toContain("overpass-north");
      // 3 grids and 2 maps of the old name.
      expect(r.stderr).toMatch(/note: removed 5 file\(s\) of an earlier run in .* that this run no longer produces/);
      // Files crossway did not write are never touched; the result store stays.
      expect(files(join(out, "scenarios")).length).toBe(3);
    },
    SLOW,
  );

  it(
    "of two scenarios that swapped names redraws both (their grids were made for the other one)",
    async () => {
      writeFileSync(join(out, "notes.txt"), "the planner's own file\n");
      writeFileSync(
        scenario,
        readFileSync(scenario, "utf8")
          .replace("name: overpass-km0.2", "name: tmp")
          .replace("name: fix-culvert", "name: overpass-km0.2")
          .replace("name: tmp", "name: fix-culvert"),
      );
      const before = readFileSync(join(out, "grids", "overpass-km0.2_resistance.tif"));
      const r = await cli(["run", scenario, "--out", out, "--quiet", "--no-maps"]);
      expect(r.status, r.stderr).toBe(0);
      // Both were stored already: reused, but evaluated again for their grids.
      expect(r.stdout).toMatch(/3 scenarios \(2 run, 1 reused/);
      expect(readFileSync(join(out, "grids", "overpass-km0.2_resistance.tif")).equals(before)).toBe(false);
      expect(readFileSync(join(out, "grids", "fix-culvert_resistance.tif")).equals(before)).toBe(true);
      // --no-maps: the earlier maps and report no longer match the tables and are removed.
      expect(files(out)).not.toContain("maps");
      expect(files(out)).not.toContain("report.html");
      expect(readFileSync(join(out, "notes.txt"), "utf8")).toBe("the planner's own file\n");
    },
    SLOW,
  );
});

describe("a sweep into its own folder", async () => {
  const { sweep } = await writeFixture(join(root, "sweep-study"));
  const out = join(root, "sweep-out");

  it(
    "still resumes: the stored results of an interrupted sweep are its own and are kept",
    async () => {
      const first = await cli(["sweep", sweep, "--out", out, "--workers", "0", "--quiet", "--no-maps", "--stop-after", "3"]);
      expect(first.status, first.stderr).toBe(130);
      expect(files(join(out, "scenarios"))).toHaveLength(3);
      const second = await cli(["sweep", sweep, "--out", out, "--workers", "0", "--quiet", "--no-maps"]);
      expect(second.status, second.stderr).toBe(0);
      const m = /(\d+) scenarios \((\d+) run, (\d+) reused/.exec(second.stdout)!;
      expect(Number(m[3])).toBe(3);
      expect(files(join(out, "scenarios"))).toHaveLength(Number(m[1]));
      const third = await cli(["sweep", sweep, "--out", out, "--workers", "0", "--quiet", "--no-maps"]);
      expect(third.status, third.stderr).toBe(0);
      expect(third.stdout).toMatch(new RegExp(`${m[1]} scenarios \\(0 run, ${m[1]} reused`));
      expect(third.stderr).not.toMatch(/removed/);
      expect(files(join(out, "scenarios"))).toHaveLength(Number(m[1]));
      expect(files(out)).not.toContain(LOCK);
    },
    SLOW,
  );
});
