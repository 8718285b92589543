import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { executeJobs } from "../../src/scenario/execute.ts";
import { loadScenarioFile } from "../../src/scenario/load.ts";
import { buildReport } from "../../src/scenario/report.ts";
import { loadStudy, scenarioJobs } from "../../src/scenario/study.ts";
import { sweepYaml, writeFixture } from "./fixture.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-interrupt-"));
const bin = join(import.meta.dirname, "../../bin/crossway.js");
const cli = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });

describe("crossway sweep from the command line", async () => {
  // A longer sweep (five road resistances) so that a Ctrl-C lands while scenarios are running.
  const { sweep } = await writeFixture(join(root, "study"), {
    sweep: sweepYaml("100, 300, 500, 1000, 2000"),
  });

  it("--stop-after exits 130 without tables; the rerun exits 0 and matches an uninterrupted run", () => {
    const full = join(root, "full");
    const a = cli(["sweep", sweep, "--workers", "1", "--out", full, "--no-maps", "--quiet"]);
    expect(a.status, a.stderr).toBe(0);
    const part = join(root, "part");
    const b = cli(["sweep", sweep, "--workers", "1", "--out", part, "--no-maps", "--quiet", "--stop-after", "7"]);
    expect(b.status, b.stderr).toBe(130);
    expect(existsSync(join(part, "results.csv"))).toBe(false);
    expect(readdirSync(join(part, "scenarios"))).toHaveLength(7);
    const c = cli(["sweep", sweep, "--workers", "2", "--out", part, "--no-maps", "--quiet"]);
    expect(c.status, c.stderr).toBe(0);
    expect(readFileSync(join(part, "results.csv"), "utf8")).toBe(readFileSync(join(full, "results.csv"), "utf8"));
  });

  it("Ctrl-C (SIGINT) stops cleanly with exit 130, leaves only whole results, and a rerun completes", async () => {
    const out = join(root, "sigint");
    const child = spawn(process.execPath, [bin, "sweep", sweep, "--workers", "1", "--out", out, "--no-maps", "--quiet"], {
      stdio: "ignore",
    });
    const dir = join(out, "scenarios");
    const t0 = Date.now();
    while (!(existsSync(dir) && readdirSync(dir).some((f) => f.endsWith(".json"))) && Date.now() - t0 < 60_000)
      await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    const files = readdirSync(dir);
    // Nothing half-written: only complete <sha256>.json files (no temporaries).
    expect(files.every((f) => /^[0-9a-f]{64}\.json$/.test(f))).toBe(true);
    for (const f of files) expect(() => JSON.parse(readFileSync(join(dir, f), "utf8"))).not.toThrow();
    if (code === 130) expect(existsSync(join(out, "results.csv"))).toBe(false);
    else expect(code).toBe(0); // the sweep finished before the signal arrived
    const again = cli(["sweep", sweep, "--workers", "1", "--out", out, "--no-maps", "--quiet"]);
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(join(out, "results.csv"), "utf8")).toBe(readFileSync(join(root, "full", "results.csv"), "utf8"));
  });

  it("a schema error names the file and the path, exit 1", () => {
    const bad = join(root, "study", "bad-sweep.yaml");
    writeFileSync(
      bad,
      "scenario_file: study.yaml\ncandidates:\n  - { id: A, type: overpass, chainage_m: 150, width_m: -5 }\nmax_structures: 1\n",
    );
    const r = cli(["sweep", bad, "--out", join(root, "bad"), "--no-maps"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad-sweep\.yaml: candidates\[0\]\.width_m: /);
  });
});

describe("a failing scenario", async () => {
  const { scenario } = await writeFixture(join(root, "fail-study"));
  it("records its error, the others complete, and the report marks it failed", async () => {
    const study = await loadStudy(scenario, loadScenarioFile(scenario));
    const jobs = await scenarioJobs(study);
    // Sabotage one job: its land grid does not exist, so its evaluation throws.
    jobs[2] = { ...jobs[2], landKey: "no-such-land", key: "f".repeat(64) };
    const out = join(root, "fail-out");
    const s = await executeJobs(study, jobs, out, { workers: 0, quiet: true });
    expect(s.failed.map((f) => f.name)).toEqual([jobs[2].name]);
    expect(s.done).toBe(jobs.length - 1);
    const rec = JSON.parse(readFileSync(join(out, "failed", `${"f".repeat(64)}.json`), "utf8"));
    expect(rec.error).toBeTruthy();
    const report = buildReport(study, jobs, out, new Map(s.failed.map((f) => [f.key, f.error])));
    const row = report.rows.find((r) => r.scenario === jobs[2].name)!;
    expect(row.status).toBe("failed");
    expect(report.rows.filter((r) => r.status === "ok")).toHaveLength(jobs.length - 1);
  });
});
