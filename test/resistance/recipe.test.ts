import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GDAL } from "../support/tools.ts";
import { parse, stringify } from "yaml";
import { main } from "../../src/cli/main.ts";
import { makeGrid } from "../../src/grid/grid.ts";
import { crsFromEpsg, makeTransformer } from "../../src/grid/crs.ts";
import { readGrid, writeGrid } from "../../src/io/index.ts";
import { buildResistance, loadRecipe, parseRecipe } from "../../src/resistance/recipe.ts";
import { CrosswayError } from "../../src/util/errors.ts";
import { reach8 } from "./helpers.ts";

const FIX = join(import.meta.dirname, "../fixtures/resistance");
const N = 40;
const CELL = 50;
const X0 = 500000;
const Y0 = 4800000;
const YROAD = Y0 - 1015; // inside row 20 (rows span Y0 - 50 r .. Y0 - 50 (r + 1))
const utm = crsFromEpsg(32652);
const toLonLat = makeTransformer(utm, crsFromEpsg(4326));
const ll = (pts: [number, number][]) => pts.map(([x, y]) => toLonLat(x, y));
const line = (props: Record<string, unknown>, pts: [number, number][]) => ({
  type: "Feature",
  properties: props,
  geometry: { type: "LineString", coordinates: ll(pts) },
});

const tmp = mkdtempSync(join(tmpdir(), "crossway-recipe-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function landClass(r: number, c: number): number {
  if (r >= 35 && c <= 4) return 5;
  if (r >= 30 && r <= 34 && c >= 30 && c <= 34) return 9;
  return r < 10 ? 1 : 2;
}
const habitat = (c: number) => c * 2.5; // percent

function write(dir: string, name: string, obj: unknown) {
  writeFileSync(join(dir, name), typeof obj === "string" ? obj : JSON.stringify(obj));
}
const crossingsDoc = (extra: object[] = []) => ({
  type: "FeatureCollection",
  features: [
    {
      type: "Feature",
      id: "U1",
      properties: { type: "underpass", width_m: 10 },
      geometry: { type: "Point", coordinates: toLonLat(X0 + 525, YROAD) },
    },
    line({ id: "O1", type: "overpass", width_m: 120 }, [
      [X0 + 1525, Y0 - 900],
      [X0 + 1525, Y0 - 1130],
    ]),
    ...extra,
  ],
});

async function setup(dir: string) {
  const lc = new Float32Array(N * N);
  const hb = new Float32Array(N * N);
  for (let r = 0; r < N; r++) {
    for (let c = 0; c < N; c++) {
      lc[r * N + c] = landClass(r, c);
      hb[r * N + c] = habitat(c);
    }
  }
  const opts = { transform: [X0, CELL, 0, Y0, 0, -CELL] as [number, number, number, number, number, number], crs: utm };
  await writeGrid(join(dir, "landcover.tif"), makeGrid(N, N, lc, opts));
  await writeGrid(join(dir, "habitat.tif"), makeGrid(N, N, hb, opts));
  copyFileSync(join(FIX, "recipe.yaml"), join(dir, "recipe.yaml"));
  write(dir, "highway.geojson", {
    type: "FeatureCollection",
    features: [
      line({ class: "motorway", width_m: 30 }, [
        [X0 - 100, YROAD],
        [X0 + 2100, YROAD],
      ]),
    ],
  });
  write(dir, "fences.geojson", {
    type: "FeatureCollection",
    features: [
      line({}, [
        [X0 - 100, YROAD + 40],
        [X0 + 2100, YROAD + 40],
      ]),
      line({}, [
        [X0 - 100, YROAD - 40],
        [X0 + 2100, YROAD - 40],
      ]),
    ],
  });
  write(dir, "crossings.geojson", crossingsDoc());
}

/** A copy of the fixture folder with the recipe edited by `edit` (and optional files replaced). */
async function variant(name: string, edit: (doc: any) => void, files: Record<string, unknown> = {}): Promise<string> {
  const dir = join(tmp, name);
  execFileSync("cp", ["-r", join(tmp, "base"), dir]);
  const doc = parse(readFileSync(join(dir, "recipe.yaml"), "utf8"));
  edit(doc);
  write(dir, "recipe.yaml", stringify(doc));
  for (const [f, v] of Object.entries(files)) write(dir, f, v);
  return join(dir, "recipe.yaml");
}

async function build(recipePath: string, profile?: string) {
  const { recipe, baseDir } = await loadRecipe(recipePath);
  return buildResistance(recipe, baseDir, { file: recipePath, profile });
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CrosswayError);
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

const negexp = (h: number, c: number, rmax: number) => rmax - ((rmax - 1) * (1 - Math.exp(-c * h))) / (1 - Math.exp(-c));
const lcValue: Record<number, number> = { 1: 1, 2: 10, 5: NaN, 9: Infinity };
/** Expected final value of a non-road, non-fence cell, from the recipe's rules, by hand. */
function expectedLand(r: number, c: number, cc: number) {
  const lcv = lcValue[landClass(r, c)];
  if (Number.isNaN(lcv)) return NaN;
  if (lcv === Infinity) return Infinity;
  const land = Math.min(500, Math.max(1, Math.max(negexp(habitat(c) / 100, cc, 500), lcv)));
  const d = Math.abs(Y0 - (r + 0.5) * CELL - YROAD) - 15;
  return land + (d <= 300 ? 20 * Math.exp(-d / 100) : 0);
}

describe("resistance recipe", () => {
  beforeAll(async () => {
    execFileSync("mkdir", ["-p", join(tmp, "base")]);
    await setup(join(tmp, "base"));
  });

  it("builds the surface the recipe describes (leopard profile), reprojecting the GeoJSON", async () => {
    const res = await build(join(tmp, "base/recipe.yaml"));
    const R = res.resistance.data;
    expect(res.resistance.crs?.epsg).toBe(32652);
    for (let r = 0; r < N; r++) {
      for (let c = 0; c < N; c++) {
        const i = r * N + c;
        const s = res.structureOfCell[i];
        // Road: row 20 (centre 10 m from the centreline, within the 15 m half width) and row 19,
        // because the steps 20 -> 19 cross the centreline (both ends of such steps are road).
        if (r === 20) {
          expect(res.roadMask[i]).toBe(1);
          if (s < 0) expect(R[i]).toBe(5000);
        } else expect(res.roadMask[i]).toBe(r === 19 ? 1 : 0);
        if (r === 19 || r === 21) {
          if (s < 0) expect(R[i]).toBe(Infinity);
        } else if (r !== 20) {
          const e = expectedLand(r, c, 8);
          if (Number.isNaN(e)) expect(Number.isNaN(R[i])).toBe(true);
          else expect(R[i]).toBeCloseTo(e, 9);
        }
        // structures: the underpass at column 10, the 120 m overpass on 3 columns (29..31), rows 19..21
        const want = r >= 19 && r <= 21 ? (c === 10 ? 0 : c >= 29 && c <= 31 ? 1 : -1) : -1;
        expect(s, `cell ${r},${c}`).toBe(want);
      }
    }
    expect(res.structures.map((s) => [s.id, s.type, s.cells, s.lanes])).toEqual([
      ["U1", "underpass", 3, 1],
      ["O1", "overpass", 9, 3],
    ]);
    // Underpass cell value: 1/R = e/R_hab + (1-e)/R_road, R_hab the geometric mean of the approach cells.
    const rHab = Math.sqrt(expectedLand(18, 10, 8) * expectedLand(22, 10, 8));
    // The 10 m underpass covers f = 10 / 50 of its lane: 1/R = f c_open + (1 - f) / R_road.
    expect(R[20 * N + 10]).toBeCloseTo(1 / (0.2 * (0.5 / rHab + 0.5 / 5000) + 0.8 / 5000), 9);
    // On the fenced row the rest of the cell stays shut: 1/R = f c_open.
    expect(R[19 * N + 10]).toBeCloseTo(1 / (0.2 * (0.5 / rHab + 0.5 / 5000)), 9);
    // North and south connect only through the structures.
    const north = Array.from({ length: N }, (_, c) => c);
    const south = (seen: Uint8Array) => Array.from({ length: N }, (_, c) => seen[(N - 1) * N + c]).some(Boolean);
    expect(south(reach8(R, N, N, north))).toBe(true);
    const walled = Float64Array.from(R, (v, i) => (res.structureOfCell[i] >= 0 ? Infinity : v));
    expect(south(reach8(walled, N, N, north))).toBe(false);
    expect(south(reach8(res.withoutStructures, N, N, north))).toBe(false);
    expect(res.roadResistance[20 * N + 3]).toBe(5000);
    expect(res.roadResistance[19 * N + 3]).toBe(5000); // row 19 is road too (and fenced)
    expect(Number.isNaN(res.roadResistance[18 * N + 3])).toBe(true);
  });

  it("another profile changes the parameters it names", async () => {
    const res = await build(join(tmp, "base/recipe.yaml"), "prey");
    expect(res.resistance.data[20 * N + 0]).toBe(2000);
    expect(res.resistance.data[5 * N + 7]).toBeCloseTo(expectedLand(5, 7, 4), 9); // base c = 4
  });

  it.skipIf(!GDAL.available)("crossway resistance writes a georeferenced GeoTIFF that GDAL reads", async () => {
    const out = join(tmp, "out/res.tif");
    let stdout = "";
    const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((stdout += String(s)), true));
    let code: number;
    try {
      code = await main(["node", "crossway", "resistance", join(tmp, "base/recipe.yaml"), "--out", out]);
    } finally {
      o.mockRestore();
    }
    expect(code).toBe(0);
    expect(stdout).toMatch(/40 x 40 cells, 80 road cells, 2 crossing structure/);
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", out], { encoding: "utf8" }));
    expect(info.geoTransform).toEqual([X0, CELL, 0, Y0, 0, -CELL]);
    expect(info.coordinateSystem.wkt).toMatch(/ID\["EPSG",32652\]\]$/);
    const back = await readGrid(out);
    const res = await build(join(tmp, "base/recipe.yaml"));
    for (let i = 0; i < N * N; i++) {
      const a = res.resistance.data[i];
      if (Number.isNaN(a)) expect(Number.isNaN(back.data[i])).toBe(true);
      else expect(back.data[i]).toBe(Math.fround(a));
    }
  });

  describe("bad input", () => {
    it("an unknown key names its path and the keys expected there", async () => {
      const p = await variant("badkey", (d) => (d.roads.widht = 3));
      const msg = await errorOf(build(p));
      expect(msg).toContain(p);
      expect(msg).toMatch(/roads\.widht: unknown key \(expected one of: path, width_attribute, default_width/);
      expect(() => parseRecipe({ species: { tiger: { habitat: { cc: 1 } } } }, "s.yaml")).toThrow(
        /s\.yaml: species\.tiger\.habitat\.cc: unknown key/,
      );
      expect(() => parseRecipe({ crossings: { path: "c", types: { ferry: { effectiveness: 1 } } } }, "s.yaml")).toThrow(
        /crossings\.types\.ferry: unknown key \(expected one of: overpass, underpass, culvert, bridge, tunnel\)/,
      );
      expect(() => parseRecipe({ landcover: { path: "l", table: { forest: 1 } } }, "s.yaml")).toThrow(
        /landcover\.table\.forest: bad key: class values are integers/,
      );
      expect(() => parseRecipe({ combine: "mean" }, "s.yaml")).toThrow(
        /combine: expected one of "sum", "product", "max", "weighted_sum", got "mean"/,
      );
    });
    it("a land-cover class missing from the table names the class, its cells and the file", async () => {
      const p = await variant("noclass", (d) => delete d.landcover.table["9"]);
      const msg = await errorOf(build(p));
      expect(msg).toMatch(/landcover\.tif has class 9 \(25 cells\) missing from the reclass table/);
    });
    it("a road class with no table entry names the feature and the file", async () => {
      const p = await variant("noroadclass", () => {}, {
        "highway.geojson": {
          type: "FeatureCollection",
          features: [
            line({ class: "motorway", width_m: 30 }, [
              [X0, YROAD],
              [X0 + 900, YROAD],
            ]),
            line({ class: "ramp", width_m: 8 }, [
              [X0 + 900, YROAD],
              [X0 + 2100, YROAD],
            ]),
          ],
        },
      });
      const msg = await errorOf(build(p));
      expect(msg).toMatch(/highway\.geojson: feature 1: class = "ramp" has no entry in the road table/);
    });
    it("a crossing that does not touch the road names the crossing and the file", async () => {
      const off = {
        type: "Feature",
        id: "C9",
        properties: { type: "culvert", width_m: 2 },
        geometry: { type: "Point", coordinates: toLonLat(X0 + 800, YROAD + 400) },
      };
      const p = await variant("offroad", () => {}, { "crossings.geojson": crossingsDoc([off]) });
      const msg = await errorOf(build(p));
      expect(msg).toMatch(/crossings\.geojson: feature 2 \(id "C9"\) \(culvert\) does not touch the road: it lies 400\.\d/);
    });
    it("a negative crossing width is an error naming the crossing", async () => {
      const neg = {
        type: "Feature",
        properties: { type: "underpass", width_m: -5 },
        geometry: { type: "Point", coordinates: toLonLat(X0 + 800, YROAD) },
      };
      const p = await variant("negwidth", () => {}, { "crossings.geojson": crossingsDoc([neg]) });
      expect(await errorOf(build(p))).toMatch(/crossings\.geojson: feature 2: width_m -5 must be > 0/);
    });
    it("an unknown profile, a missing c, a missing file", async () => {
      expect(await errorOf(build(join(tmp, "base/recipe.yaml"), "bear"))).toMatch(
        /profile: species profile "bear" is not defined \(known: leopard, prey\)/,
      );
      const p = await variant("noc", (d) => {
        delete d.habitat.c;
        delete d.species.leopard.habitat;
      });
      expect(await errorOf(build(p))).toMatch(/habitat\.c: the negative_exponential transform needs c/);
      const q = await variant("nofile", (d) => (d.fences.path = "nope.geojson"));
      expect(await errorOf(build(q))).toMatch(/nope\.geojson: file not found/);
    });
    it("a layer that does not align is an error naming both files, unless resample: true", async () => {
      const p = await variant("coarse", () => {});
      const dir = join(tmp, "coarse");
      // habitat at 100 m cells over the same extent, constant 80 %
      await writeGrid(
        join(dir, "habitat.tif"),
        makeGrid(N / 2, N / 2, new Float32Array((N * N) / 4).fill(80), { transform: [X0, 100, 0, Y0, 0, -100], crs: utm }),
      );
      const msg = await errorOf(build(p));
      expect(msg).toMatch(/habitat\.tif.*landcover\.tif|landcover\.tif.*habitat\.tif/);
      expect(msg).toMatch(/do not align/);
      const q = await variant("coarse2", (d) => (d.resample = true));
      await writeGrid(
        join(tmp, "coarse2", "habitat.tif"),
        makeGrid(N / 2, N / 2, new Float32Array((N * N) / 4).fill(80), { transform: [X0, 100, 0, Y0, 0, -100], crs: utm }),
      );
      const res = await build(q);
      // forest (class 1 -> 1) at row 5, 725 m from the road edge (beyond the decay): the land value is
      // the habitat transform of 0.8 (bilinear resampling of a constant layer)
      expect(res.resistance.data[5 * N + 7]).toBeCloseTo(negexp(0.8, 8, 500), 6);
    });
    it("the CLI exits 1 with the message and leaves no output", async () => {
      const p = await variant("cli", (d) => (d.rmax = "high"));
      const out = join(tmp, "cli-out.tif");
      let err = "";
      const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
      let code: number;
      try {
        code = await main(["node", "crossway", "resistance", p, "--out", out]);
      } finally {
        e.mockRestore();
      }
      expect(code).toBe(1);
      expect(err).toMatch(/rmax: expected number, got "high"/);
      expect(existsSync(out)).toBe(false);
    });
  });
});
