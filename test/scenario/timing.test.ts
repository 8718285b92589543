// The printed time of `crossway sweep` / `run` is the whole command's, maps included: the demo sweep
// printed 55 s (the scenarios alone) for a 112 s command.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { printOutcome } from "../../src/cli/sweep.ts";
import { runSweep } from "../../src/scenario/run.ts";
import { sweepYaml, writeFixture } from "./fixture.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-timing-"));

describe("sweep timing", () => {
  it("counts the map pass in the time it prints", async () => {
    const { sweep } = await writeFixture(join(root, "study"), { sweep: sweepYaml("800") });
    const out = join(root, "out");
    const t0 = performance.now();
    const o = await runSweep(sweep, out, { workers: 0, quiet: true, maps: true });
    const wall = (performance.now() - t0) / 1000;
    // The map pass (re-evaluating the top rows with grids, drawing PNGs) takes real time here.
    expect(o.seconds).toBeGreaterThan(o.summary.seconds + 0.2);
    expect(o.seconds).toBeLessThanOrEqual(wall);
    expect(o.seconds).toBeGreaterThan(0.9 * wall);
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      printOutcome(o, out);
      const printed = write.mock.calls.map((c) => String(c[0])).join("");
      expect(printed).toContain(` in ${o.seconds.toFixed(1)} s `);
    } finally {
      write.mockRestore();
      err.mockRestore();
    }
  }, 120_000);
});
