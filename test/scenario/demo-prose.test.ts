// The demo scenario file's descriptions make claims about the road ("the worst open-road pinch
// point", "not a pinch point"); they must be true of the baseline the engine computes. The file once
// called km 15.7 the worst pinch point while the computed ones were km 38-41.5 and 0.5-1.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { pinchRanks } from "../../src/scenario/report.ts";
import { runScenarios } from "../../src/scenario/run.ts";

const SC = resolve(import.meta.dirname, "../../scenarios");
const root = mkdtempSync(join(tmpdir(), "crossway-demo-prose-"));

describe("the demo's prose matches its baseline", () => {
  it("each pinch-point claim in scenarios/demo.yaml holds for the computed road profile", async () => {
    const demo = parse(readFileSync(join(SC, "demo.yaml"), "utf8"));
    const abs = (p: string) => (isAbsolute(p) ? p : join(SC, p));
    const L = demo.landscape;
    // The baseline alone, with the file's own landscape and analysis (least-cost paths do not enter the profile).
    const study = {
      ...demo,
      scenarios: [],
      landscape: {
        ...L,
        recipe: abs(L.recipe),
        highway: abs(L.highway),
        crossings: abs(L.crossings),
        villages: undefined,
        rivers: undefined,
        cores: { ...L.cores, raster: abs(L.cores.raster), names: undefined },
      },
      analysis: { ...demo.analysis, least_cost: false },
    };
    const file = join(root, "baseline.yaml");
    writeFileSync(file, stringify(study));
    const o = await runScenarios(file, join(root, "out"), { quiet: true, maps: false });
    const base = o.report!.results.get(o.jobs[0].key)!.evaluation.profile;
    const ranks = pinchRanks(base, demo.analysis.pinch_points);
    const rankAt = (m: number) => ranks.get(Math.min(base.length - 1, Math.floor(m / demo.analysis.segment_length_m)));

    let claims = 0;
    for (const s of demo.scenarios as { name: string; description?: string; add?: { chainage_m: number }[] }[]) {
      const d = s.description ?? "";
      if (!/pinch point/.test(d)) continue;
      for (const a of s.add ?? []) {
        claims++;
        if (/not a pinch point/.test(d)) expect(rankAt(a.chainage_m), s.name).toBeUndefined();
        else if (/worst/.test(d)) expect(rankAt(a.chainage_m), s.name).toBe(1);
        else expect(rankAt(a.chainage_m), s.name).toBeGreaterThan(0);
      }
    }
    expect(claims).toBeGreaterThanOrEqual(3);
  }, 300_000);
});
