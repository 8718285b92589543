/**
 * The .ini runner's input checks: grids that do not share the habitat's cells are refused (naming both
 * files and what differs), NaN and inf habitat cells are counted in a warning, and the all-to-one
 * included-pairs rule of Circuitscape.jl is announced.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCircuitscapeIni } from "../../src/circuit/circuitscape.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-ini-inputs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

/** An ESRI ASCII grid of `rows` (whitespace-separated values) with the given lower-left corner and cell size. */
function asc(path: string, rows: string[], xll = 0, yll = 0, cellsize = 10): void {
  const ncols = rows[0].trim().split(/\s+/).length;
  writeFileSync(
    path,
    `ncols ${ncols}\nnrows ${rows.length}\nxllcorner ${xll}\nyllcorner ${yll}\ncellsize ${cellsize}\nNODATA_value -9999\n${rows.join("\n")}\n`,
  );
}

function ini(dir: string, lines: Record<string, string>): string {
  const body = ["[Circuitscape mode]", "data_type = raster", ...Object.entries(lines).map(([k, v]) => `${k} = ${v}`)].join("\n");
  writeFileSync(join(dir, "run.ini"), body);
  return "run.ini";
}

const table = (p: string) =>
  readFileSync(p, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(" ").map(Number));

/** A folder with a 5 x 1 strip of resistance 1 (hab.asc), focal ids 1, 2, 3 at cells 0, 2, 4 (pts.asc), all ones (ones.asc). */
function strip(): string {
  const dir = join(root, `case${count++}`);
  mkdirSync(dir, { recursive: true });
  asc(join(dir, "hab.asc"), ["1 1 1 1 1"]);
  asc(join(dir, "pts.asc"), ["1 -9999 2 -9999 3"]);
  asc(join(dir, "ones.asc"), ["1 1 1 1 1"]);
  return dir;
}

describe("crossway circuitscape: grids that do not share the habitat's cells", () => {
  it("a point grid with a shifted origin (same rows and columns) is refused, naming both files and the corner", async () => {
    const dir = strip();
    asc(join(dir, "pts.asc"), ["1 -9999 2 -9999 3"], 10, 0); // one cell to the east
    const f = ini(dir, { scenario: "pairwise", habitat_file: "hab.asc", point_file: "pts.asc", output_file: "o/x.out" });
    const err = await runCircuitscapeIni(f, { cwd: dir, warn: () => {} }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const msg = (err as Error).message;
    expect(msg).toMatch(/pts\.asc: point_file: does not share the cells of habitat_file \S*hab\.asc/);
    expect(msg).toMatch(/upper-left corner \(x, y\): \(10, 10\) vs \(0, 10\)/);
    expect(existsSync(join(dir, "o"))).toBe(false);
  });

  it("a point grid with another cell size (same rows and columns) is refused, naming the cell sizes", async () => {
    const dir = strip();
    asc(join(dir, "pts.asc"), ["1 -9999 2 -9999 3"], 0, 0, 5);
    const f = ini(dir, { scenario: "one-to-all", habitat_file: "hab.asc", point_file: "pts.asc", output_file: "o/x.out" });
    await expect(runCircuitscapeIni(f, { cwd: dir, warn: () => {} })).rejects.toThrow(
      /pts\.asc: point_file: does not share the cells of habitat_file .*hab\.asc: it differs in cell size: 5 vs 10/,
    );
    expect(existsSync(join(dir, "o"))).toBe(false);
  });

  it("a shifted polygon, mask, source or ground grid is refused under its own key", async () => {
    const cases: [string, Record<string, string>][] = [
      ["polygon_file", { scenario: "pairwise", point_file: "pts.asc", use_polygons: "True", polygon_file: "shifted.asc" }],
      ["mask_file", { scenario: "pairwise", point_file: "pts.asc", use_mask: "True", mask_file: "shifted.asc" }],
      ["source_file", { scenario: "advanced", source_file: "shifted.asc", ground_file: "ones.asc" }],
      ["ground_file", { scenario: "advanced", source_file: "ones.asc", ground_file: "shifted.asc" }],
    ];
    for (const [key, lines] of cases) {
      const dir = strip();
      asc(join(dir, "shifted.asc"), ["1 1 1 1 1"], 0, -10); // one cell to the south
      const f = ini(dir, { habitat_file: "hab.asc", output_file: "o/x.out", ...lines });
      await expect(runCircuitscapeIni(f, { cwd: dir, warn: () => {} })).rejects.toThrow(
        new RegExp(
          `shifted\\.asc: ${key}: does not share the cells of habitat_file .*upper-left corner \\(x, y\\): \\(0, 0\\) vs \\(0, 10\\)`,
        ),
      );
      expect(existsSync(join(dir, "o"))).toBe(false);
    }
  });

  it("an origin within a millionth of a cell is the same cell (the answer is unchanged)", async () => {
    const dir = strip();
    asc(join(dir, "pts.asc"), ["1 -9999 2 -9999 3"], 1e-7, 0);
    const f = ini(dir, {
      scenario: "pairwise",
      habitat_file: "hab.asc",
      point_file: "pts.asc",
      output_file: "o/x.out",
      connect_four_neighbors_only: "True",
    });
    await runCircuitscapeIni(f, { cwd: dir, warn: () => {} });
    // Series cells of 1 ohm, conductance 1 per edge: R(1,2) = 2, R(1,3) = 4.
    expect(table(join(dir, "o/x_resistances.out"))[1]).toEqual([1, 0, 2, 4]);
  });
});

describe("crossway circuitscape: NaN and inf habitat cells", () => {
  it("are barriers, counted in a warning that names the file; nodata cells are not counted", async () => {
    const dir = strip();
    // Row 0 links the ids; row 1 holds one NaN, two inf and one nodata cell.
    asc(join(dir, "hab.asc"), ["1 1 1 1 1", "nan inf -9999 Inf 1"]);
    asc(join(dir, "pts.asc"), ["1 -9999 2 -9999 3", "-9999 -9999 -9999 -9999 -9999"]);
    const f = ini(dir, {
      scenario: "pairwise",
      habitat_file: "hab.asc",
      point_file: "pts.asc",
      output_file: "o/x.out",
      connect_four_neighbors_only: "True",
    });
    const warnings: string[] = [];
    await runCircuitscapeIni(f, { cwd: dir, warn: (m) => warnings.push(m) });
    const w = warnings.filter((m) => /barriers/.test(m));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/hab\.asc: habitat_file: 1 NaN cell and 2 inf cells treated as barriers/);
    // The barriers leave row 1 joined to row 0 only through its last cell: a dead end, so R(1,3) = 4 as on the strip.
    expect(table(join(dir, "o/x_resistances.out"))[1]).toEqual([1, 0, 2, 4]);
  });

  it("conductance habitats: NaN cells are counted (an inf conductance is refused by the graph builder)", async () => {
    const dir = strip();
    asc(join(dir, "hab.asc"), ["1 1 1 1 1", "NaN 1 1 1 1"]);
    asc(join(dir, "pts.asc"), ["1 -9999 2 -9999 3", "-9999 -9999 -9999 -9999 -9999"]);
    const f = ini(dir, {
      scenario: "pairwise",
      habitat_file: "hab.asc",
      habitat_map_is_resistances: "False",
      point_file: "pts.asc",
      output_file: "o/x.out",
    });
    const warnings: string[] = [];
    await runCircuitscapeIni(f, { cwd: dir, warn: (m) => warnings.push(m) });
    expect(warnings.filter((m) => /barriers/.test(m))).toEqual([
      expect.stringMatching(/hab\.asc: habitat_file: 1 NaN cell treated as barriers/),
    ]);
  });

  it("no warning when every cell is a number or nodata", async () => {
    const dir = strip();
    asc(join(dir, "hab.asc"), ["1 1 -9999 1 1"]);
    const f = ini(dir, { scenario: "pairwise", habitat_file: "hab.asc", point_file: "pts.asc", output_file: "o/x.out" });
    const warnings: string[] = [];
    await runCircuitscapeIni(f, { cwd: dir, warn: (m) => warnings.push(m) });
    expect(warnings.filter((m) => /barriers/.test(m))).toEqual([]);
  });
});

describe("crossway circuitscape: all-to-one with included pairs", () => {
  const FIXTURES = fileURLToPath(new URL("../fixtures/circuitscape", import.meta.url));
  it("warns that excluded ids still inject 1 A (Circuitscape.jl's rule), naming the pairs file; one-to-all does not", async () => {
    const dir = join(root, `case${count++}`);
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(FIXTURES, "input"), join(dir, "input"), "dir");
    const warnings: string[] = [];
    await runCircuitscapeIni("input/raster/all_to_one/12/allToOneVerify12.ini", { cwd: dir, warn: (m) => warnings.push(m) });
    const w = warnings.filter((m) => /included pairs/.test(m));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(
      /include_matrix\.txt: all-to-one with included pairs: as Circuitscape does, a focal id excluded from the pair with the ground still injects current, 1 A instead of its variable source strength/,
    );
    // Id 4 has no included partner: -1 and no map, as Circuitscape.jl.
    expect(existsSync(join(dir, "output/allToOneVerify12_curmap_4.asc"))).toBe(false);
    expect(existsSync(join(dir, "output/allToOneVerify12_curmap_1.asc"))).toBe(true);
    warnings.length = 0;
    await runCircuitscapeIni("input/raster/one_to_all/12/oneToAllVerify12.ini", { cwd: dir, warn: (m) => warnings.push(m) });
    expect(warnings.filter((m) => /included pairs/.test(m))).toEqual([]);
  });
});
