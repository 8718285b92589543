import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readAsciiGrid } from "../../src/io/asciigrid.ts";
import { focalRegions, leastCostAnalysis, pairwiseDistances } from "../../src/leastcost/index.ts";
import { relDiff } from "./helpers.ts";

/**
 * scikit-image's MCP_Geometric (through ../shared/bench/reference.py; fixtures made by
 * test/fixtures/leastcost/make.sh). Its step cost is (c_a + c_b) / 2 x |offset|, times the cell size at the
 * end, and its start cells cost 0: the same convention as ours, so the numbers must agree to rounding.
 * Nodata and cells with no path: MCP gives Infinity, we give Infinity in memory and -1 in tables.
 */
const DIR = join(import.meta.dirname, "../fixtures/leastcost");

function reference(file: string): [number, number, number][] {
  // Python's json writes the non-standard token Infinity for pairs with no path.
  const text = readFileSync(join(DIR, file), "utf8").replace(/\bInfinity\b/g, "null");
  return (JSON.parse(text).distances as [number, number, number | null][]).map(([a, b, d]) => [a, b, d ?? Infinity]);
}

describe.each(["a", "b", "c"])("landscape %s against scikit-image MCP_Geometric", (name) => {
  for (const neighbors of [8, 4] as const) {
    it(`${neighbors} neighbours, relative difference below 1e-9`, async () => {
      const ref = reference(`${name}_ref${neighbors}.json`);
      for (const float64 of [false, true]) {
        const res = await readAsciiGrid(join(DIR, `${name}_res.asc`), { float64 });
        const focal = await readAsciiGrid(join(DIR, `${name}_focal.asc`));
        const regions = focalRegions(focal, res);
        const pw = pairwiseDistances(res, regions, { neighbors });
        const full = leastCostAnalysis(res, focal, { neighbors });
        const k = regions.ids.length;
        expect(ref.length).toBe((k * (k - 1)) / 2);
        for (const [a, b, d] of ref) {
          const i = regions.ids.indexOf(a);
          const j = regions.ids.indexOf(b);
          for (const ours of [pw.distance[i * k + j], full.distance[i * k + j], full.distance[j * k + i]]) {
            if (d === Infinity) expect(ours).toBe(Infinity);
            else expect(relDiff(ours, d)).toBeLessThan(1e-9);
          }
        }
      }
    });
  }
});
