import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { didYouMean, fromUnit, knownParameters, layersOf, readParamsFile, toUnit } from "../../src/calibrate/params.ts";
import { readGrid } from "../../src/scenario/inputs.ts";
import { loadScenarioFile } from "../../src/scenario/load.ts";
import { loadStudy, makeJob } from "../../src/scenario/study.ts";
import { writeCalibrationFixture } from "./fixture.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-params-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("PARAMS.yaml", () => {
  const config = { mortality: { road: "traffic" } } as unknown as Parameters<typeof readParamsFile>[2];
  const read = (text: string) => {
    const f = join(root, "p.yaml");
    writeFileSync(f, text);
    return readParamsFile(f, ["1", "2", "3"], config);
  };

  it("log scale by default from a tenfold range, linear below it, or as asked; defaults for the rest", () => {
    const s = read(
      "parameters:\n  habitat_c: { min: 1, max: 30 }\n  effectiveness_scale: { min: 0.5, max: 1.5 }\n  landcover.2: { min: 5, max: 50, scale: linear }\n",
    );
    expect(s.params.map((p) => [p.name, p.log])).toEqual([
      ["habitat_c", true],
      ["effectiveness_scale", false],
      ["landcover.2", false],
    ]);
    expect([s.starts, s.confidence, s.seed]).toEqual([2, 0.95, 1]);
  });

  it("maps the unit cube onto each range and back (log-linearly on a log scale)", () => {
    const [c, e] = read("parameters:\n  habitat_c: { min: 1, max: 100 }\n  effectiveness_scale: { min: 0.5, max: 1.5 }\n").params;
    expect(fromUnit(c, 0.5)).toBeCloseTo(10, 12);
    expect(fromUnit(e, 0.25)).toBeCloseTo(0.75, 14);
    for (const u of [0, 0.3, 1]) expect(toUnit(c, fromUnit(c, u))).toBeCloseTo(u, 12);
    expect(fromUnit(c, 1.7)).toBeCloseTo(100, 10);
  });

  it("names map onto the scenario file's vocabulary", () => {
    const ps = ["habitat_c", "effectiveness.bridge", "landcover.3", "traffic_mortality_scale", "road_resistance"].map((name) => ({ name }));
    expect(layersOf(ps, [5, 0.7, 80, 2, 3000])).toEqual({
      parameters: { habitat_c: 5, effectiveness: { bridge: 0.7 }, landcover: { "3": 80 }, road_resistance: 3000 },
      mortality: { traffic_scale: 2 },
    });
  });

  it("did you mean: the nearest known name within a few edits, none when nothing is near", () => {
    const names = knownParameters(["1", "2"]).map((k) => k.name);
    expect(didYouMean("rmx", names)).toBe("rmax");
    expect(didYouMean("effectivness.bridge", names)).toBe("effectiveness.bridge");
    expect(didYouMean("landcover.1O", names)).toBe("landcover.1");
    expect(didYouMean("wolves", names)).toBeUndefined();
  });
});

describe("landcover overrides in scenario parameters (what a calibrated file sets)", async () => {
  const scenario = await writeCalibrationFixture(join(root, "study"));
  const study = await loadStudy(scenario, loadScenarioFile(scenario));
  const cover = await readGrid(join(root, "study", "cover.tif"));

  it("changes exactly the cells whose class it names (combine: max over the habitat's resistance)", async () => {
    const base = study.lands.get((await makeJob(study, "b", "b", null, [], "t")).landKey)!;
    const job = await makeJob(study, "b", "b", null, [{ landcover: { "2": 400 } }], "t");
    const land = study.lands.get(job.landKey)!;
    let changed = 0;
    for (let i = 0; i < land.length; i++) {
      if (cover.data[i] === 2) {
        expect(land[i]).toBeCloseTo(Math.max(400, base[i] === 40 ? 0 : base[i]), 9);
        if (land[i] !== base[i]) changed++;
      } else expect(land[i]).toBe(base[i]);
    }
    expect(changed).toBeGreaterThan(100);
    expect(job.key).not.toBe((await makeJob(study, "b", "b", null, [], "t")).key);
  });

  it("an unknown class is refused with the recipe's classes", async () => {
    await expect(makeJob(study, "b", "b", null, [{ landcover: { "7": 5 } }], "t")).rejects.toThrow(
      /land-cover class 7 is not in the recipe's landcover table \(classes: 1, 2, 3\)/,
    );
  });
});
