// Fail early in every mode: one-to-all, all-to-one and advanced estimate their peak memory before the
// graph is built (as pairwise does, memory.test.ts) and stop with the mode and the estimate named.
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeGrid } from "../../src/grid/grid.ts";
import { checkAdvancedMemory } from "../../src/circuit/advanced.ts";
import { runCircuitscapeIni } from "../../src/circuit/circuitscape.ts";
import { RUNTIME_BYTES } from "../../src/circuit/memory.ts";
import { runOneToAll } from "../../src/circuit/onetoall.ts";
import { CrosswayError } from "../../src/util/errors.ts";

const VERIFY = fileURLToPath(new URL("../../../shared/circuitscape-verify", import.meta.url));
const W = 30;
const res = (bad = false) => {
  const d = new Float64Array(W * W).fill(2);
  if (bad) d[W * 7 + 7] = -1; // building the graph would fail on this
  return makeGrid(W, W, d);
};
/** Focal regions: 3 single cells, or `every` = every cell its own region. */
const focal = (every = false) => {
  const d = new Float64Array(W * W).fill(NaN);
  if (every) for (let i = 0; i < W * W; i++) d[i] = i + 1;
  else {
    d[0] = 1;
    d[W * W - 1] = 2;
    d[W * 15 + 15] = 3;
  }
  return makeGrid(W, W, d);
};

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("one-to-all and all-to-one: memory estimate, fail early", () => {
  for (const mode of ["one-to-all", "all-to-one"] as const) {
    it(`${mode}: above the limit, stops before the graph is built, naming the mode and the memory needed`, () => {
      // The grid holds a negative resistance: had the graph been built first, that would be the error.
      const err = errorOf(() => runOneToAll(res(true), focal(), { mode, memoryLimit: 1e6 }));
      expect(err).toBeInstanceOf(CrosswayError);
      expect(err.message).toMatch(
        new RegExp(
          `^${mode} with 3 focal regions on 900 cells needs about 8\\d MB of memory; the memory limit is 1 MB\\. Use a coarser grid`,
        ),
      );
      // Control: without the check, the graph is built and the negative resistance is what fails.
      expect(errorOf(() => runOneToAll(res(true), focal(), { mode, memoryLimit: Infinity })).message).toMatch(/negative resistance/);
    });

    it(`${mode}: the estimate counts a voltage column per focal region, and a run within the limit gives the same numbers`, () => {
      // 5 MB above the runtime: 3 regions fit (well under 1 MB of grid, graph and columns), while
      // 900 regions need 900 columns of 900 nodes (6.5 MB) and do not.
      const limit = RUNTIME_BYTES + 5e6;
      const a = runOneToAll(res(), focal(), { mode, memoryLimit: limit, tol: 1e-10 });
      const b = runOneToAll(res(), focal(), { mode, memoryLimit: Infinity, tol: 1e-10 });
      expect(a.resistances).toEqual(b.resistances);
      expect(a.cumulativeCurrent).toEqual(b.cumulativeCurrent);
      const err = errorOf(() => runOneToAll(res(), focal(true), { mode, memoryLimit: limit }));
      expect(err).toBeInstanceOf(CrosswayError);
      expect(err.message).toMatch(
        new RegExp(`^${mode} with 900 focal regions on 900 cells needs about 8\\d MB of memory; the memory limit is 85 MB`),
      );
    });
  }
});

describe("advanced mode: memory estimate, fail early", () => {
  it("checkAdvancedMemory names the mode and the memory needed; within the limit or with the check off it passes", () => {
    const err = errorOf(() => checkAdvancedMemory(res(), 1e6));
    expect(err).toBeInstanceOf(CrosswayError);
    expect(err.message).toMatch(
      /^advanced mode \(sources and grounds\) on 900 cells needs about 8\d MB of memory; the memory limit is 1 MB\. Use a coarser grid/,
    );
    expect(() => checkAdvancedMemory(res(), 1e9)).not.toThrow();
    expect(() => checkAdvancedMemory(res(), Infinity)).not.toThrow();
  });

  it("a Circuitscape advanced .ini above the limit stops before reading its sources or writing anything; within it, reproduces Circuitscape", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crossway-memmodes-"));
    cpSync(join(VERIFY, "input/raster/advanced/2"), join(dir, "input/raster/advanced/2"), { recursive: true });
    const ini = "input/raster/advanced/2/mgVerify2.ini";
    const err = await runCircuitscapeIni(ini, { cwd: dir, memoryLimit: 1e6, warn: () => {} }).then(
      () => new Error("expected an error"),
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(CrosswayError);
    expect(err.message).toMatch(
      /^advanced mode \(sources and grounds\) on 100 cells needs about 8\d MB of memory; the memory limit is 1 MB/,
    );
    expect(existsSync(join(dir, "output"))).toBe(false);

    await runCircuitscapeIni(ini, { cwd: dir, warn: () => {} });
    const ours = readFileSync(join(dir, "output/mgVerify2_voltmap.asc"), "utf8")
      .trim()
      .split("\n")
      .slice(6)
      .join(" ")
      .trim()
      .split(/\s+/)
      .map(Number);
    const want = readFileSync(join(VERIFY, "output_verify/mgVerify2_voltmap.asc"), "utf8")
      .trim()
      .split("\n")
      .slice(6)
      .join(" ")
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(ours.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) expect(Math.abs(ours[i] - want[i])).toBeLessThanOrEqual(1e-5 * Math.max(1e-3, Math.abs(want[i])));
  });

  it("a Circuitscape one-to-all .ini passes its limit to the mode's check", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crossway-memmodes-"));
    cpSync(join(VERIFY, "input/raster/one_to_all/1"), join(dir, "input/raster/one_to_all/1"), { recursive: true });
    const err = await runCircuitscapeIni("input/raster/one_to_all/1/oneToAllVerify1.ini", {
      cwd: dir,
      memoryLimit: 1e6,
      warn: () => {},
    }).then(
      () => new Error("expected an error"),
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(CrosswayError);
    expect(err.message).toMatch(
      /^one-to-all with \d+ focal regions on [\d.]+ k? ?cells needs about 8\d MB of memory; the memory limit is 1 MB/,
    );
    expect(existsSync(join(dir, "output"))).toBe(false);
  });
  it("a Circuitscape pairwise .ini passes its limit to the pairwise check", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crossway-memmodes-"));
    cpSync(join(VERIFY, "input/raster/pairwise/1"), join(dir, "input/raster/pairwise/1"), { recursive: true });
    const err = await runCircuitscapeIni("input/raster/pairwise/1/sgVerify1.ini", { cwd: dir, memoryLimit: 1e6, warn: () => {} }).then(
      () => new Error("expected an error"),
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(CrosswayError);
    expect(err.message).toMatch(
      /^pairwise with \d+ focal regions on [\d.]+ k? ?cells needs about 8\d MB of memory; the memory limit is 1 MB/,
    );
    expect(existsSync(join(dir, "output"))).toBe(false);
  });
});
