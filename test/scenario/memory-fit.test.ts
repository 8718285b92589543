// The pool is sized to the machine's memory before any worker starts: each worker checks only its
// own scenario against what is free, and two starting together would each see the whole machine.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { circuitBytes, nodeBound } from "../../src/circuit/memory.ts";
import { executeJobs } from "../../src/scenario/execute.ts";
import { loadScenarioFile } from "../../src/scenario/load.ts";
import { workersThatFit } from "../../src/scenario/memory-fit.ts";
import { loadStudy, scenarioJobs } from "../../src/scenario/study.ts";
import { CrosswayError } from "../../src/util/errors.ts";
import { writeFixture } from "./fixture.ts";

describe("workers that fit in memory", async () => {
  const root = mkdtempSync(join(tmpdir(), "crossway-memfit-"));
  const { scenario } = await writeFixture(join(root, "study"));
  const study = await loadStudy(scenario, loadScenarioFile(scenario));
  const t = study.landscape.template;
  const cells = t.width * t.height;
  const k = new Set(study.landscape.cores.map((c) => c.id)).size;
  const sideBySide = circuitBytes(cells, nodeBound(study.landscape.land), k - 1, 0);

  it("keeps the workers asked for when they fit", () => {
    expect(workersThatFit(study, 2, 10 * sideBySide)).toEqual({ workers: 2, perScenario: sideBySide });
  });

  it("runs fewer workers, and says so, when all of them would not fit", () => {
    const fit = workersThatFit(study, 4, 2.5 * sideBySide);
    expect(fit.workers).toBe(2);
    expect(fit.note).toMatch(/^each scenario needs about \d+ MB of memory and \d+ MB is available: running 2 workers instead of 4$/);
    expect(workersThatFit(study, 2, 1.5 * sideBySide).workers).toBe(1);
  });

  it("stops before running anything when one scenario does not fit", async () => {
    expect(() => workersThatFit(study, 2, 1e6)).toThrow(CrosswayError);
    expect(() => workersThatFit(study, 2, 1e6)).toThrow(
      /^a scenario \(pairwise among \d+ core areas\) on .* cells needs about \d+ MB of memory; the memory limit is 1 MB/,
    );
    const jobs = await scenarioJobs(study);
    await expect(executeJobs(study, jobs, join(root, "out"), { workers: 2, quiet: true, memoryLimit: 1e6 })).rejects.toThrow(
      /needs about \d+ MB of memory/,
    );
  });

  it("turns the check off with an infinite limit", () => {
    expect(workersThatFit(study, 3, Infinity).workers).toBe(3);
  });
});
