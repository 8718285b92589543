/** The .ini runner on small landscapes with answers known by hand, its options and its bad-input errors. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCircuitscapeIni } from "../../src/circuit/circuitscape.ts";
import { makeGrid } from "../../src/grid/grid.ts";
import { readAsciiGrid, writeAsciiGrid } from "../../src/io/asciigrid.ts";
import { writeGeoTiff } from "../../src/io/geotiff.ts";
import { parseCircuitscapeIni } from "../../src/io/circuitscape-ini.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-ini-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

/** A folder with a 5 x 1 strip (resistance 1, or as given) and focal points at cells 0, 2, 4 (ids 1, 2, 3). */
async function setup(res: number[] = [1, 1, 1, 1, 1], tif = false) {
  const dir = join(root, `case${count++}`);
  const t: [number, number, number, number, number, number] = [0, 10, 0, 10, 0, -10];
  const g = (v: number[]) => makeGrid(5, 1, Float64Array.from(v), { transform: t, crs: tif ? { epsg: 32652 } : null });
  if (tif) await writeGeoTiff(join(dir, "hab.tif"), g(res));
  else await writeAsciiGrid(join(dir, "hab.asc"), g(res));
  await writeAsciiGrid(join(dir, "pts.asc"), g([1, NaN, 2, NaN, 3]));
  await writeAsciiGrid(join(dir, "src.asc"), g([1, NaN, NaN, NaN, NaN]));
  await writeAsciiGrid(join(dir, "gnd.asc"), g([NaN, NaN, NaN, NaN, 3]));
  return { dir, hab: tif ? "hab.tif" : "hab.asc" };
}

function ini(dir: string, lines: Record<string, string>, name = "run.ini"): string {
  const body = ["[Circuitscape mode]", "data_type = raster", ...Object.entries(lines).map(([k, v]) => `${k} = ${v}`)].join("\n");
  writeFileSync(join(dir, name), body);
  return name;
}

const table = (p: string) =>
  readFileSync(p, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(" ").map(Number));

describe("crossway circuitscape on hand-solvable strips", () => {
  it("pairwise: resistances, 3 columns, maps, included pairs, log transform", async () => {
    const { dir, hab } = await setup();
    writeFileSync(join(dir, "pairs.txt"), "mode include\n1 2\n2 3\n"); // 1-3 left out
    const f = ini(dir, {
      scenario: "pairwise",
      habitat_file: hab,
      point_file: "pts.asc",
      output_file: "out/strip.out",
      write_cur_maps: "True",
      write_volt_maps: "True",
      write_max_cur_maps: "True",
      log_transform_maps: "True",
      use_included_pairs: "True",
      included_pairs_file: "pairs.txt",
      connect_four_neighbors_only: "True",
    });
    await runCircuitscapeIni(f, { cwd: dir, warn: () => {} });
    expect(table(join(dir, "out/strip_resistances.out"))).toEqual([
      [0, 1, 2, 3],
      [1, 0, 2, -1],
      [2, 2, 0, 2],
      [3, -1, 2, 0],
    ]);
    expect(table(join(dir, "out/strip_resistances_3columns.out"))).toEqual([
      [1, 2, 2],
      [1, 3, -1],
      [2, 3, 2],
    ]);
    expect(existsSync(join(dir, "out/strip_curmap_1_3.asc"))).toBe(false);
    const v = await readAsciiGrid(join(dir, "out/strip_voltmap_1_2.asc"), { float64: true });
    expect(Array.from(v.data)).toEqual([0, 1, 2, 2, 2]); // 1 A into id 2, id 1 at 0 V; no current beyond id 2
    const c = await readAsciiGrid(join(dir, "out/strip_curmap_1_2.asc"), { float64: true });
    expect(c.data[0]).toBeCloseTo(0, 12); // log10(1 A)
    expect(c.data[4]).toBeNaN(); // no current: log of 0 is nodata
  });
  it("one-to-all and all-to-one: R to the grounded rest, and zeros", async () => {
    const { dir, hab } = await setup();
    const f1 = ini(
      dir,
      { scenario: "one-to-all", habitat_file: hab, point_file: "pts.asc", output_file: "o/a.out", write_cur_maps: "True" },
      "a.ini",
    );
    await runCircuitscapeIni(f1, { cwd: dir, warn: () => {} });
    expect(table(join(dir, "o/a_resistances.out"))).toEqual([
      [1, 2],
      [2, 1],
      [3, 2],
    ]);
    const cum = await readAsciiGrid(join(dir, "o/a_cum_curmap.asc"), { float64: true });
    // id 1: 1 A through cells 0..2; id 2: 0.5 A each way; id 3: 1 A through cells 2..4
    expect(Array.from(cum.data).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([1.5, 1.5, 3, 1.5, 1.5]);
    const f2 = ini(
      dir,
      { scenario: "all-to-one", habitat_file: hab, point_file: "pts.asc", output_file: "o/b.out", write_cur_maps: "True" },
      "b.ini",
    );
    await runCircuitscapeIni(f2, { cwd: dir, warn: () => {} });
    expect(table(join(dir, "o/b_resistances.out"))).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
    const c1 = await readAsciiGrid(join(dir, "o/b_curmap_1.asc"), { float64: true });
    expect(Array.from(c1.data).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([2, 2, 2, 1, 1]); // 1 A from each of ids 2, 3
  });
  it("advanced: a source and a finite ground of 3 ohm give V = 4 + 3 at the source", async () => {
    const { dir, hab } = await setup();
    const f = ini(dir, {
      scenario: "advanced",
      habitat_file: hab,
      source_file: "src.asc",
      ground_file: "gnd.asc",
      ground_file_is_resistances: "True",
      output_file: "adv/x.out",
      write_volt_maps: "True",
      write_cur_maps: "True",
      connect_four_neighbors_only: "True",
    });
    await runCircuitscapeIni(f, { cwd: dir, warn: () => {} });
    const v = await readAsciiGrid(join(dir, "adv/x_voltmap.asc"), { float64: true });
    expect(Array.from(v.data)).toEqual([7, 6, 5, 4, 3]);
    const c = await readAsciiGrid(join(dir, "adv/x_curmap.asc"), { float64: true });
    expect(Array.from(c.data)).toEqual([1, 1, 1, 1, 1]);
  });
  it("advanced with text lists (value x y): a 0-ohm ground is a direct ground; rmvsrc drops a source on a ground", async () => {
    const { dir, hab } = await setup();
    writeFileSync(join(dir, "s.txt"), "1 5 5\n2 45 5\n");
    writeFileSync(join(dir, "g.txt"), "# direct ground at the east end\n0 45 5\n");
    const f = ini(dir, {
      scenario: "advanced",
      habitat_file: hab,
      source_file: "s.txt",
      ground_file: "g.txt",
      ground_file_is_resistances: "True",
      remove_src_or_gnd: "rmvsrc",
      output_file: "txt/x.out",
      write_volt_maps: "True",
    });
    await runCircuitscapeIni(f, { cwd: dir, warn: () => {} });
    const v = await readAsciiGrid(join(dir, "txt/x_voltmap.asc"), { float64: true });
    expect(Array.from(v.data)).toEqual([4, 3, 2, 1, 0]);
  });
  it("advanced with source and ground grids that have no NODATA_value line: their -9999 cells are neither", async () => {
    const { dir, hab } = await setup();
    const head = "ncols 5\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 10\n";
    writeFileSync(join(dir, "s.asc"), `${head}1 -9999 -9999 -9999 -9999\n`);
    writeFileSync(join(dir, "g.asc"), `${head}-9999 -9999 -9999 -9999 0\n`);
    const f = ini(dir, {
      scenario: "advanced",
      habitat_file: hab,
      source_file: "s.asc",
      ground_file: "g.asc",
      ground_file_is_resistances: "True",
      output_file: "bare/x.out",
      write_volt_maps: "True",
    });
    await runCircuitscapeIni(f, { cwd: dir, warn: () => {} });
    const v = await readAsciiGrid(join(dir, "bare/x_voltmap.asc"), { float64: true });
    expect(Array.from(v.data)).toEqual([4, 3, 2, 1, 0]);
  });
  it("GeoTIFF input: outputs as .asc and .tif; compress_grids gzips the ASCII grids; nodata cells null", async () => {
    const { dir, hab } = await setup([1, 1, 1, 1, NaN], true);
    const f = ini(dir, {
      scenario: "pairwise",
      habitat_file: hab,
      point_file: "pts.asc",
      output_file: "t/x.out",
      write_cur_maps: "True",
      compress_grids: "True",
      set_null_currents_to_nodata: "True",
    });
    await runCircuitscapeIni(f, { cwd: dir, warn: () => {} });
    const files = readdirSync(join(dir, "t"));
    expect(files).toContain("x_cum_curmap.asc.gz");
    expect(files).toContain("x_cum_curmap.tif");
    const c = await readAsciiGrid(join(dir, "t/x_curmap_1_2.asc.gz"), { float64: true });
    expect(c.data[4]).toBeNaN();
    expect(c.data[0]).toBeCloseTo(1, 12);
  });
});

describe("crossway circuitscape options", () => {
  it("variable source strengths scale one-to-all currents, not resistances", async () => {
    const { dir, hab } = await setup();
    writeFileSync(join(dir, "str.txt"), "1 2.5\n2 1\n3 1\n");
    const f = ini(dir, {
      scenario: "one-to-all",
      habitat_file: hab,
      point_file: "pts.asc",
      output_file: "s/x.out",
      write_cur_maps: "True",
      use_variable_source_strengths: "True",
      variable_source_file: "str.txt",
    });
    await runCircuitscapeIni(f, { cwd: dir, warn: () => {} });
    expect(table(join(dir, "s/x_resistances.out"))).toEqual([
      [1, 2],
      [2, 1],
      [3, 2],
    ]);
    const c = await readAsciiGrid(join(dir, "s/x_curmap_1.asc"), { float64: true });
    expect(c.data[1]).toBeCloseTo(2.5, 10);
  });
  it("set_focal_node_currents_to_zero and write_cum_cur_map_only", async () => {
    const { dir, hab } = await setup();
    const f = ini(dir, {
      scenario: "pairwise",
      habitat_file: hab,
      point_file: "pts.asc",
      output_file: "z/x.out",
      write_cur_maps: "True",
      write_cum_cur_map_only: "True",
      set_focal_node_currents_to_zero: "True",
    });
    await runCircuitscapeIni(f, { cwd: dir, warn: () => {} });
    expect(readdirSync(join(dir, "z")).sort()).toEqual(["x_cum_curmap.asc", "x_resistances.out", "x_resistances_3columns.out"]);
    const c = await readAsciiGrid(join(dir, "z/x_cum_curmap.asc"), { float64: true });
    // pairs 1-2, 1-3, 2-3 on the strip; each pair's own end cells zeroed, the middle id 2 passes 1 A in pair 1-3
    expect(Array.from(c.data).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([0, 2, 1, 2, 0]);
  });
  it("a habitat grid with no NODATA_value line: its -9999 cells are nodata, as Circuitscape reads them", async () => {
    const { dir } = await setup();
    // Circuitscape's reader takes -9999 as nodata in any habitat grid (one of its own cases has no NODATA line).
    writeFileSync(join(dir, "bare.asc"), "ncols 5\nnrows 1\nxllcorner 0\nyllcorner 0\ncellsize 10\n1 1 1 1 -9999\n");
    const f = ini(dir, {
      scenario: "pairwise",
      habitat_file: "bare.asc",
      point_file: "pts.asc",
      output_file: "b/x.out",
      write_cur_maps: "True",
    });
    const warnings: string[] = [];
    await runCircuitscapeIni(f, { cwd: dir, warn: (m) => warnings.push(m) });
    expect(table(join(dir, "b/x_resistances.out"))).toEqual([
      [0, 1, 2, 3],
      [1, 0, 2, -1],
      [2, 2, 0, -1],
      [3, -1, -1, 0],
    ]);
    expect(warnings.join("\n")).toMatch(/focal id 3 lies on nodata/);
    const c = await readAsciiGrid(join(dir, "b/x_curmap_1_2.asc"), { float64: true });
    expect(c.nodata).toBe(-9999);
    expect(Array.from(c.data).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([1, 1, 1, 0, 0]);
  });
  it("an exclude list keeps the ids it does not name in pairwise (Circuitscape.jl), drops them in one-to-all", async () => {
    const { dir, hab } = await setup();
    writeFileSync(join(dir, "pairs.txt"), "mode exclude\n1 3\n"); // id 2 is not named
    const base = {
      habitat_file: hab,
      point_file: "pts.asc",
      use_included_pairs: "True",
      included_pairs_file: "pairs.txt",
      connect_four_neighbors_only: "True",
    };
    await runCircuitscapeIni(ini(dir, { ...base, scenario: "pairwise", output_file: "e/x.out" }), { cwd: dir, warn: () => {} });
    // Circuitscape.jl's own regression case (test/issue341.jl, "Exclude mode"): (1,2) and (2,3) solved, (1,3) not.
    expect(table(join(dir, "e/x_resistances.out"))).toEqual([
      [0, 1, 2, 3],
      [1, 0, 2, -1],
      [2, 2, 0, 2],
      [3, -1, 2, 0],
    ]);
    // onetoall.jl prunes to the named ids in every mode: 1 and 3 remain, and their only pair is excluded.
    await runCircuitscapeIni(ini(dir, { ...base, scenario: "one-to-all", output_file: "f/x.out" }), { cwd: dir, warn: () => {} });
    expect(table(join(dir, "f/x_resistances.out"))).toEqual([
      [1, -1],
      [3, -1],
    ]);
  });
  it("two focal ids on one cell (a point list) are both reported, 0 ohm apart", async () => {
    const { dir, hab } = await setup();
    // Cell centres at x = 5, 15, ..., 45 and y = 5; ids 1 and 4 share the first cell.
    writeFileSync(join(dir, "pts.txt"), "1 5 5\n2 25 5\n3 45 5\n4 5 5\n");
    const f = ini(dir, { scenario: "pairwise", habitat_file: hab, point_file: "pts.txt", output_file: "d/x.out" });
    await runCircuitscapeIni(f, { cwd: dir, warn: () => {} });
    expect(table(join(dir, "d/x_resistances.out"))).toEqual([
      [0, 1, 2, 3, 4],
      [1, 0, 2, 4, 0],
      [2, 2, 0, 2, 2],
      [3, 4, 2, 0, 4],
      [4, 0, 2, 4, 0],
    ]);
  });
  it("a mask removes cells", async () => {
    const { dir, hab } = await setup();
    await writeAsciiGrid(join(dir, "mask.asc"), makeGrid(5, 1, Float64Array.from([1, 1, 1, 0, 1]), { transform: [0, 10, 0, 10, 0, -10] }));
    const f = ini(dir, {
      scenario: "pairwise",
      habitat_file: hab,
      point_file: "pts.asc",
      output_file: "k/x.out",
      use_mask: "True",
      mask_file: "mask.asc",
    });
    await runCircuitscapeIni(f, { cwd: dir, warn: () => {} });
    expect(table(join(dir, "k/x_resistances.out"))[1]).toEqual([1, 0, 2, -1]);
  });
});

describe("crossway circuitscape: bad input", () => {
  it("a misspelled key names the key, the file and the likely key", () => {
    expect(() => parseCircuitscapeIni("habitat_flie = a.asc\n", "x.ini")).toThrow(
      /x\.ini: habitat_flie: line 1: unknown key "habitat_flie" \(did you mean "habitat_file"\?\)/,
    );
  });
  it("a missing file names the key and the .ini, and nothing is written", async () => {
    const { dir } = await setup();
    const f = ini(dir, { scenario: "pairwise", habitat_file: "nothere.asc", point_file: "pts.asc", output_file: "m/x.out" });
    await expect(runCircuitscapeIni(f, { cwd: dir })).rejects.toThrow(/run\.ini: habitat_file: file not found: nothere\.asc/);
    expect(existsSync(join(dir, "m"))).toBe(false);
  });
  it("negative resistance names the habitat file and the cell, and nothing is written", async () => {
    const { dir, hab } = await setup([1, 1, -2, 1, 1]);
    const f = ini(dir, { scenario: "pairwise", habitat_file: hab, point_file: "pts.asc", output_file: "n/x.out" });
    await expect(runCircuitscapeIni(f, { cwd: dir })).rejects.toThrow(/hab\.asc: negative resistance -2 at row 0, column 2/);
    expect(existsSync(join(dir, "n"))).toBe(false);
  });
  it("included pairs naming ids absent from the point file are named", async () => {
    const { dir, hab } = await setup();
    writeFileSync(join(dir, "pairs.txt"), "mode include\n1 2\n2 9\n");
    const f = ini(dir, {
      scenario: "pairwise",
      habitat_file: hab,
      point_file: "pts.asc",
      output_file: "p/x.out",
      use_included_pairs: "True",
      included_pairs_file: "pairs.txt",
    });
    await expect(runCircuitscapeIni(f, { cwd: dir })).rejects.toThrow(
      /pairs\.txt: included pairs name focal id 9 that is not in point_file/,
    );
  });
  it("network mode and unknown scenarios are refused clearly", async () => {
    const { dir, hab } = await setup();
    const f = ini(dir, { data_type: "network", scenario: "pairwise", habitat_file: hab, point_file: "pts.asc", output_file: "q/x.out" });
    await expect(runCircuitscapeIni(f, { cwd: dir })).rejects.toThrow(/data_type "network" is not supported/);
    const g = ini(dir, { scenario: "pairwize", habitat_file: hab, point_file: "pts.asc", output_file: "q/x.out" }, "g.ini");
    await expect(runCircuitscapeIni(g, { cwd: dir })).rejects.toThrow(/scenario "pairwize" is not one of/);
  });
  it("a non-boolean value for a boolean key is an error", async () => {
    const { dir, hab } = await setup();
    const f = ini(dir, {
      scenario: "pairwise",
      habitat_file: hab,
      point_file: "pts.asc",
      output_file: "q/x.out",
      write_cur_maps: "yes please",
    });
    await expect(runCircuitscapeIni(f, { cwd: dir })).rejects.toThrow(/write_cur_maps: expected True or False/);
  });
  it("an unknown solver or precision is an error; single precision runs in double with a warning", async () => {
    const { dir, hab } = await setup();
    const base = { scenario: "pairwise", habitat_file: hab, point_file: "pts.asc", output_file: "v/x.out" };
    await expect(runCircuitscapeIni(ini(dir, { ...base, solver: "cg+amgg" }), { cwd: dir })).rejects.toThrow(
      /solver: solver "cg\+amgg" is not one of/,
    );
    await expect(runCircuitscapeIni(ini(dir, { ...base, precision: "half" }), { cwd: dir })).rejects.toThrow(
      /precision: precision "half" is not one of/,
    );
    const warnings: string[] = [];
    await runCircuitscapeIni(ini(dir, { ...base, solver: "cholmod", precision: "Single" }), { cwd: dir, warn: (m) => warnings.push(m) });
    expect(warnings.join("\n")).toMatch(/precision = single: crossway computes in double precision/);
    expect(table(join(dir, "v/x_resistances.out"))[1]).toEqual([1, 0, 2, 4]);
  });
});
