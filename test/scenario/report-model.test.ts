// The report model the scenario engine hands to the renderer: labels that follow the scenario, the
// cores' names, context layers, the illustrative flag from the data (not the prose), edge cautions.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeGrid } from "../../src/grid/grid.ts";
import { DEMO_DATA_SHA256, demoInputs } from "../../src/scenario/demo-data.ts";
import { EDGE_WARNING_M, edgeCautions } from "../../src/scenario/edge.ts";
import { makePolyline } from "../../src/geometry/polyline.ts";
import { buildReportModel, structureLabel } from "../../src/scenario/report-model.ts";
import type { ResolvedStructure } from "../../src/scenario/resolve.ts";
import { runScenarios } from "../../src/scenario/run.ts";
import { writeFixture, X0, Y0, CS } from "./fixture.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-model-"));
const DATA = join(import.meta.dirname, "../../data");

describe("structure labels follow the scenario", () => {
  const s = (status: ResolvedStructure["status"], type: ResolvedStructure["type"], width_m: number): ResolvedStructure => ({
    id: "S2",
    type,
    chainage_m: 14640,
    width_m,
    effectiveness: 0.6,
    cost_musd: 0,
    status,
  });
  const was = { type: "culvert", width_m: 3, name: "Culvert km 14.6" };
  it("an existing structure keeps its name; a rebuilt one is labelled as what it becomes", () => {
    expect(structureLabel(s("existing", "culvert", 3), was)).toBe("S2 Culvert km 14.6");
    expect(structureLabel(s("changed", "underpass", 15), was)).toBe("S2: underpass 15 m (was culvert 3 m)");
    expect(structureLabel(s("changed", "culvert", 6), was)).toBe("S2: culvert 6 m (was 3 m)");
    expect(structureLabel({ ...s("new", "overpass", 60), id: "O-15.7", chainage_m: 15750 }, undefined)).toBe(
      "O-15.7: overpass 60 m (proposed, km 15.75)",
    );
  });
});

describe("edge cautions", () => {
  // 100 x 100 cells of 100 m (10 km square); a road down the middle from the north edge.
  const t: [number, number, number, number, number, number] = [0, 100, 0, 10_000, 0, -100];
  const focal = new Float32Array(100 * 100);
  for (let r = 40; r < 50; r++) for (let c = 2; c < 6; c++) focal[r * 100 + c] = 1; // 200 m from the west edge
  for (let r = 30; r < 60; r++) for (let c = 60; c < 70; c++) focal[r * 100 + c] = 2; // 3 km from every edge
  const g = makeGrid(100, 100, focal, { transform: t, crs: { epsg: 32652 } });
  const line = makePolyline([
    [5000, 10_000],
    [5000, 0],
  ]);
  const out = edgeCautions(
    g,
    g,
    [
      { id: 1, side: "west" },
      { id: 2, side: "east" },
    ],
    line,
    [
      { id: "N", chainage_m: 700, scenarios: ["north"] },
      { id: "M", chainage_m: 5000, scenarios: [] },
    ],
  );
  it("names a structure and a core closer than EDGE_WARNING_M, with their distances, and only those", () => {
    expect(EDGE_WARNING_M).toBe(2000);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^structure 'N' at km 0\.7 \(scenario 'north'\) lies 700 m from the edge/);
    expect(out[1]).toMatch(/^core 1 comes within 200 m of the edge/);
  });
});

describe("the illustrative note is tied to the demo data, not to the prose", () => {
  it("the list of demo hashes matches the files in data/ (regenerating them must update it)", () => {
    const files = readdirSync(DATA)
      .filter((f) => /\.(tif|geojson)$/.test(f))
      .sort();
    expect(Object.keys(DEMO_DATA_SHA256).sort()).toEqual(files);
    for (const f of files)
      expect(DEMO_DATA_SHA256[f], f).toBe(
        createHash("sha256")
          .update(readFileSync(join(DATA, f)))
          .digest("hex"),
      );
    expect(demoInputs({ highway: DEMO_DATA_SHA256["highway.geojson"], cores: "0".repeat(64) })).toEqual(["highway"]);
  });

  it("a study on other data is not illustrative even when its description says so; one on a demo file is", async () => {
    const dir = join(root, "study");
    const { scenario } = await writeFixture(dir);
    // Names for the raster cores, villages, and the word "illustrative" in the description.
    const fc = (features: object[]) =>
      JSON.stringify({ type: "FeatureCollection", crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32652" } }, features });
    writeFileSync(
      join(dir, "names.geojson"),
      fc(
        [1, 2, 3].map((id) => ({
          type: "Feature",
          properties: { id, name: `Forest ${id}` },
          geometry: { type: "Point", coordinates: [X0, Y0] },
        })),
      ),
    );
    writeFileSync(
      join(dir, "villages.geojson"),
      fc([{ type: "Feature", properties: { name: "Dubki" }, geometry: { type: "Point", coordinates: [X0 + 5 * CS, Y0 + 20 * CS] } }]),
    );
    const yaml = readFileSync(scenario, "utf8")
      .replace("name: fixture\n", "name: fixture\ndescription: An illustrative study of a made-up road.\n")
      .replace("cores: { raster: cores.tif,", "cores: { raster: cores.tif, names: names.geojson,")
      .replace("  crossings: crossings.geojson\n", "  crossings: crossings.geojson\n  villages: villages.geojson\n");
    writeFileSync(scenario, yaml);
    const out = join(root, "out");
    const o = await runScenarios(scenario, out, { quiet: true, maps: false });
    const model = await buildReportModel(o.study, o.jobs, o.report!, out, []);
    expect(model.illustrative).toBe(false);
    expect(model.cores.map((c) => c.name)).toEqual(["Forest 1", "Forest 2", "Forest 3"]);
    expect(model.villages?.features).toHaveLength(1);
    // The fixed culvert is labelled as what the scenario makes it.
    expect(model.scenarios.get("fix-culvert")!.structures.find((s) => s.id === "C1")!.label).toBe("C1: underpass 15 m (was culvert 5 m)");
    expect(model.scenarios.get("baseline")!.structures.find((s) => s.id === "C1")!.label).toBe("C1 culvert");
    // Full hashes in the inputs table.
    expect(model.inputs.find((i) => i.name === "SHA-256 highway")!.value).toMatch(/^[0-9a-f]{64}$/);
    const onDemo = await buildReportModel(
      { ...o.study, inputHashes: { ...o.study.inputHashes, highway: DEMO_DATA_SHA256["highway.geojson"] } },
      o.jobs,
      o.report!,
      out,
      [],
    );
    expect(onDemo.illustrative).toBe(true);
  }, 60_000);
});

describe("edge cautions reach the user", () => {
  it("run prints them on stderr and records them in results.json (the fixture is 2 km x 1.2 km: everything is near an edge)", async () => {
    const { spawnSync } = await import("node:child_process");
    const dir = join(root, "edge");
    const { scenario } = await writeFixture(dir);
    const r = spawnSync(
      process.execPath,
      [join(import.meta.dirname, "../../bin/crossway.js"), "run", scenario, "--out", join(dir, "out"), "--quiet", "--no-maps"],
      { encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.split("\n").filter((l) => l.startsWith("crossway: caution:"));
    expect(lines.some((l) => /structure 'O1' at km 0\.2 \(scenario 'overpass-north'\) lies \d+ m from the edge of the grid/.test(l))).toBe(
      true,
    );
    expect(lines.some((l) => /core 2 comes within \d+ m of the edge/.test(l))).toBe(true);
    const json = JSON.parse(readFileSync(join(dir, "out", "results.json"), "utf8"));
    expect(json.cautions.length).toBe(lines.length);
  }, 60_000);
});
