import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "../../src/scenario/load.ts";
import { CrosswayError } from "../../src/util/errors.ts";

const dir = mkdtempSync(join(tmpdir(), "crossway-schema-"));
function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const landscape = `landscape:
  resistance: r.tif
  highway: h.geojson
  cores: { raster: c.tif, sides: { "1": west, "2": east } }
`;

describe("scenario schema", () => {
  it("accepts a minimal file and fills defaults", () => {
    const f = loadScenarioFile(write("ok.yaml", landscape));
    expect(f.analysis.segment_length_m).toBe(500);
    expect(f.analysis.objective).toEqual(["delta_effective_resistance_pct", "cost"]);
    expect(f.analysis.neighbours).toBe(8);
    expect(f.species).toBe("leopard");
    expect(f.landscape.road.width_m).toBe(30);
  });

  it("names the file and the path of a wrong type", () => {
    const p = write(
      "bad-type.yaml",
      `${landscape}scenarios:
  - name: a
  - name: b
  - name: c
    add:
      - { id: x, type: overpass, chainage_m: 100, width_m: wide }
`,
    );
    expect(() => loadScenarioFile(p)).toThrow(CrosswayError);
    expect(() => loadScenarioFile(p)).toThrow(/bad-type\.yaml.*scenarios\[2\]\.add\[0\]\.width_m: expected number, got "wide"/s);
  });

  it("names an unknown key with its path", () => {
    const p = write("unknown.yaml", `${landscape}analysis:\n  neighbourhood: 8\n`);
    expect(() => loadScenarioFile(p)).toThrow(/unknown\.yaml.*analysis\.neighbourhood: unknown key/s);
  });

  it("accepts the CLI's spelling `neighbors` for `neighbours`", () => {
    // 4 is not the default (8), so the value must have come from the key.
    expect(loadScenarioFile(write("us.yaml", `${landscape}analysis:\n  neighbors: 4\n`)).analysis.neighbours).toBe(4);
    expect(loadScenarioFile(write("uk.yaml", `${landscape}analysis:\n  neighbours: 4\n`)).analysis.neighbours).toBe(4);
    const both = loadScenarioFile(write("both.yaml", `${landscape}analysis:\n  neighbours: 4\n  neighbors: 4\n`)).analysis;
    expect(both.neighbours).toBe(4);
    // One spelling comes out, so a result key does not depend on which one the file used.
    expect(Object.keys(both)).not.toContain("neighbors");
    // The alias is checked like the key itself.
    expect(() => loadScenarioFile(write("us-bad.yaml", `${landscape}analysis:\n  neighbors: 6\n`))).toThrow(
      /us-bad\.yaml.*analysis\.neighbors: expected 4 or 8/s,
    );
  });

  it("refuses both spellings with different values, naming the file and the key", () => {
    const p = write("clash.yaml", `${landscape}analysis:\n  neighbours: 8\n  neighbors: 4\n`);
    expect(() => loadScenarioFile(p)).toThrow(CrosswayError);
    expect(() => loadScenarioFile(p)).toThrow(/clash\.yaml.*analysis\.neighbors: 4 contradicts neighbours: 8/s);
  });

  it("names a bad enum value and what was expected", () => {
    const p = write("enum.yaml", `${landscape}scenarios:\n  - name: a\n    add: [{ id: x, type: bridgeway, chainage_m: 1, width_m: 5 }]\n`);
    expect(() => loadScenarioFile(p)).toThrow(/scenarios\[0\]\.add\[0\]\.type: expected one of "overpass".*got "bridgeway"/s);
  });

  it("rejects duplicate scenario names and the reserved name baseline", () => {
    const p = write("dup.yaml", `${landscape}scenarios:\n  - name: a\n  - name: a\n`);
    expect(() => loadScenarioFile(p)).toThrow(/scenarios\[1\]\.name: duplicate/);
    const q = write("base.yaml", `${landscape}scenarios:\n  - name: baseline\n`);
    expect(() => loadScenarioFile(q)).toThrow(/scenarios\[0\]\.name: 'baseline' is reserved/);
  });

  it("reports YAML syntax errors with a line", () => {
    const p = write("syntax.yaml", "landscape: [\n");
    expect(() => loadScenarioFile(p)).toThrow(/syntax\.yaml: YAML syntax error at line/);
  });

  it("requires exactly one placement for a structure", () => {
    const p = write("place.yaml", `${landscape}scenarios:\n  - name: a\n    add: [{ id: x, type: culvert, width_m: 5 }]\n`);
    expect(() => loadScenarioFile(p)).toThrow(/scenarios\[0\]\.add\[0\]: give exactly one of geometry or chainage_m/);
  });
});

describe("sweep and structure placement errors", async () => {
  const { writeFixture } = await import("./fixture.ts");
  const { runSweep } = await import("../../src/scenario/run.ts");
  const root = join(dir, "placement");
  await writeFixture(root, {
    sweep:
      "scenario_file: study.yaml\ncandidates:\n  - { id: A, type: overpass, chainage_m: 150, width_m: 50 }\n  - { id: Far, type: overpass, chainage_m: 99999, width_m: 50 }\nmax_structures: 1\n",
  });
  it("a candidate beyond the end of the highway names the sweep file and the candidate", async () => {
    await expect(runSweep(join(root, "sweep.yaml"), join(root, "out"), { quiet: true, maps: false })).rejects.toThrow(
      /sweep\.yaml: candidates\[1\]\.chainage_m: chainage 99999 m is beyond the end of the highway/,
    );
  });
  it("a scenario that removes an unknown structure names the scenario path", async () => {
    const { loadStudy, scenarioJobs } = await import("../../src/scenario/study.ts");
    const p = join(root, "study.yaml");
    const text = (await import("node:fs")).readFileSync(p, "utf8").replace("    remove: [U1]", "    remove: [U9]");
    const q = join(root, "study-bad.yaml");
    writeFileSync(q, text);
    const study = await loadStudy(q, loadScenarioFile(q));
    await expect(scenarioJobs(study)).rejects.toThrow(/study-bad\.yaml: scenarios\[3\]\.remove\[0\]: no existing structure with id 'U9'/);
  });
});
