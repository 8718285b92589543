import { describe, expect, it } from "vitest";
import { makeGrid } from "../../src/grid/grid.ts";
import { runPairwise } from "../../src/circuit/pairwise.ts";
import { availableMemory, checkMemory, circuitBytes } from "../../src/circuit/memory.ts";
import { CrosswayError } from "../../src/util/errors.ts";

const W = 30;
const res = () => makeGrid(W, W, new Float64Array(W * W).fill(2));
const focal = () => {
  const d = new Float64Array(W * W).fill(NaN);
  d[0] = 1;
  d[W * W - 1] = 2;
  d[W * 15 + 15] = 3;
  return makeGrid(W, W, d);
};

describe("memory estimate, fail early", () => {
  it("a run above the memory limit stops before building anything, with the estimate in the message", () => {
    let err: unknown;
    try {
      runPairwise(res(), focal(), { memoryLimit: 1e6 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CrosswayError);
    expect(String((err as Error).message)).toMatch(
      /^pairwise with 3 focal regions on 900 cells needs about 8\d MB of memory; the memory limit is 1 MB\. Use a coarser grid/,
    );
  });
  it("the same run within the limit (or with the check off) solves", () => {
    const a = runPairwise(res(), focal(), { memoryLimit: 1e9 });
    const b = runPairwise(res(), focal(), { memoryLimit: Infinity });
    expect(a.resistances).toEqual(b.resistances);
    expect(a.resistances[1]).toBeGreaterThan(0);
  });
  it("the estimate grows with cells, nodes and kept columns, and reads GB in its message", () => {
    expect(circuitBytes(1e6, 1e6, 4)).toBeGreaterThan(circuitBytes(1e6, 9e5, 4));
    expect(circuitBytes(1e6, 1e6, 9)).toBeGreaterThan(circuitBytes(1e6, 1e6, 4));
    expect(() => checkMemory(31e9, 120e6, "pairwise with 5 focal regions", 24e9)).toThrow(
      "pairwise with 5 focal regions on 120 M cells needs about 31 GB of memory; the memory limit is 24 GB",
    );
    expect(() => checkMemory(1e9, 1e6, "x", 2e9)).not.toThrow();
    const m = availableMemory();
    expect(m.bytes).toBeGreaterThan(0);
    expect(m.bytes).toBeLessThanOrEqual(m.total);
  });
});
