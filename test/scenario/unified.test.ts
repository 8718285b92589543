// One mechanism: `crossway resistance` on a recipe and the scenario engine's baseline for an
// equivalent scenario burn the same road and the same structures, cell for cell, on the demo data.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { vi } from "vitest";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { main } from "../../src/cli/main.ts";
import { readGrid } from "../../src/io/index.ts";
import { buildResistance } from "../../src/resistance/recipe.ts";
import { burnScenario } from "../../src/scenario/burn.ts";
import { loadScenarioFile } from "../../src/scenario/load.ts";
import { SPECIES_PROFILES } from "../../src/scenario/species.ts";
import { loadStudy, scenarioJobs } from "../../src/scenario/study.ts";

const SC = resolve(__dirname, "../../scenarios");
const DATA = resolve(__dirname, "../../data");
const tmp = mkdtempSync(join(tmpdir(), "crossway-unified-"));

/** demo-recipe.yaml with absolute paths, plus the highway and the existing crossings as demo.yaml sets them. */
function equivalentRecipe(): Record<string, unknown> {
  const demo = parse(readFileSync(join(SC, "demo.yaml"), "utf8"));
  const r = parse(readFileSync(join(SC, "demo-recipe.yaml"), "utf8"));
  r.template = resolve(SC, r.template);
  r.habitat.path = resolve(SC, r.habitat.path);
  r.landcover.path = resolve(SC, r.landcover.path);
  const eff = SPECIES_PROFILES[demo.species as "leopard"].effectiveness;
  r.roads = {
    path: join(DATA, "highway.geojson"),
    default_width: demo.landscape.road.width_m,
    width_attribute: "no_such_attribute",
    resistance: demo.landscape.road.resistance,
  };
  r.crossings = {
    path: join(DATA, "crossings.geojson"),
    types: Object.fromEntries(Object.entries(eff).map(([t, e]) => [t, { effectiveness: e }])),
  };
  r.profile = demo.species;
  return r;
}

function expectSameGrid(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let first = -1;
  for (let i = 0; i < a.length; i++) {
    const same = Object.is(a[i], b[i]) || (Number.isNaN(a[i]) && Number.isNaN(b[i]));
    if (!same && diff++ === 0) first = i;
  }
  expect(diff, `first difference at cell ${first}: ${a[first]} vs ${b[first]}`).toBe(0);
}

describe("crossway resistance and crossway run burn the same surface", () => {
  it("library: the scenario baseline equals the recipe's surface, and each structure owns the same cells", async () => {
    const file = join(SC, "demo.yaml");
    const study = await loadStudy(file, loadScenarioFile(file));
    const [base] = await scenarioJobs(study);
    const ls = study.landscape;
    const burnt = burnScenario(ls.land, ls.road, base.scenario);
    const res = await buildResistance(equivalentRecipe(), SC, { file: "equivalent recipe" });
    expectSameGrid(burnt.resistance, res.resistance.data);
    // the same road cells
    const roadCells = new Uint8Array(res.roadMask.length);
    for (const i of ls.road.cells) roadCells[i] = 1;
    expectSameGrid(roadCells, res.roadMask);
    // each structure id owns the same cells in both
    const idsA = Array.from(burnt.structureOfCell, (k) => (k < 0 ? "" : base.scenario.structures[k].id));
    const idsB = Array.from(res.structureOfCell, (k) => (k < 0 ? "" : String(res.structures[k].id)));
    expect(idsA.filter(Boolean).length).toBeGreaterThan(30);
    expect(idsA).toEqual(idsB);
  }, 60_000);

  it("command line: `crossway resistance` equals the resistance grid `crossway run` writes for the baseline", async () => {
    const recipePath = join(tmp, "recipe.yaml");
    writeFileSync(recipePath, stringify(equivalentRecipe()));
    const demo = parse(readFileSync(join(SC, "demo.yaml"), "utf8"));
    const abs = (p: string) => resolve(SC, p);
    demo.landscape.recipe = abs(demo.landscape.recipe);
    demo.landscape.highway = abs(demo.landscape.highway);
    demo.landscape.cores.raster = abs(demo.landscape.cores.raster);
    demo.landscape.crossings = abs(demo.landscape.crossings);
    demo.scenarios = [];
    demo.analysis.least_cost = false;
    demo.analysis.tolerance = 1e-2; // the grid compared does not depend on the solve
    delete demo.mortality; // nor on the mortality solves
    const scenarioPath = join(tmp, "baseline.yaml");
    writeFileSync(scenarioPath, stringify(demo));
    const quiet = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const quietErr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    let codes: number[];
    try {
      codes = [
        await main(["node", "crossway", "resistance", recipePath, "--out", join(tmp, "resistance.tif")]),
        await main(["node", "crossway", "run", scenarioPath, "--out", join(tmp, "run"), "--no-maps", "--workers", "0", "--quiet"]),
      ];
    } finally {
      quiet.mockRestore();
      quietErr.mockRestore();
    }
    expect(codes).toEqual([0, 0]);
    const a = await readGrid(join(tmp, "resistance.tif"));
    const b = await readGrid(join(tmp, "run/grids/baseline_resistance.tif"));
    expect([a.width, a.height, ...a.transform]).toEqual([b.width, b.height, ...b.transform]);
    expectSameGrid(a.data, b.data);
  }, 120_000);

  it("a scenario whose recipe has its own roads is an error naming the recipe and the section", async () => {
    const recipePath = join(tmp, "with-roads.yaml");
    writeFileSync(recipePath, stringify(equivalentRecipe()));
    const demo = parse(readFileSync(join(SC, "demo.yaml"), "utf8"));
    demo.landscape.recipe = recipePath;
    demo.landscape.highway = resolve(SC, demo.landscape.highway);
    demo.landscape.cores.raster = resolve(SC, demo.landscape.cores.raster);
    delete demo.landscape.crossings;
    const scenarioPath = join(tmp, "with-roads-scenario.yaml");
    writeFileSync(scenarioPath, stringify(demo));
    await expect(loadStudy(scenarioPath, loadScenarioFile(scenarioPath))).rejects.toThrow(
      /with-roads\.yaml.*roads.*the recipe has a roads section/,
    );
  });
});
