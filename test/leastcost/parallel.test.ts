import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readAsciiGrid } from "../../src/io/asciigrid.ts";
import { focalRegions, pairwiseDistances, pairwiseDistancesParallel } from "../../src/leastcost/index.ts";

const DIR = join(import.meta.dirname, "../fixtures/leastcost");

describe("pairwiseDistancesParallel", () => {
  it("gives exactly the single-threaded distances (incl. unreachable pairs) on 2 worker threads", async () => {
    for (const name of ["b", "c"]) {
      const res = await readAsciiGrid(join(DIR, `${name}_res.asc`));
      const regions = focalRegions(await readAsciiGrid(join(DIR, `${name}_focal.asc`)), res);
      for (const neighbors of [4, 16] as const) {
        const one = pairwiseDistances(res, regions, { neighbors });
        const two = await pairwiseDistancesParallel(res, regions, { neighbors, threads: 2 });
        expect(Array.from(two.distance)).toEqual(Array.from(one.distance));
        expect(two.settled).toBe(one.settled);
      }
    }
  });
});
