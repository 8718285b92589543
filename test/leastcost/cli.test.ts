import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.ts";
import { readGrid, writeGrid } from "../../src/io/index.ts";
import { relDiff } from "./helpers.ts";

const FIX = join(import.meta.dirname, "../fixtures/leastcost");
const tmp = mkdtempSync(join(tmpdir(), "crossway-leastcost-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(["node", "crossway", ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

function readTable(path: string): { ids: number[]; m: number[][] } {
  const rows = readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split(" ").map(Number));
  return { ids: rows[0].slice(1), m: rows.slice(1).map((r) => r.slice(1)) };
}

describe("crossway leastcost", () => {
  it("writes the four outputs from .asc inputs, creating the folder; the table matches scikit-image", async () => {
    const prefix = join(tmp, "new/folder/c");
    const r = await run("leastcost", "--resistance", join(FIX, "c_res.asc"), "--focal", join(FIX, "c_focal.asc"), "--out", prefix);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/4 focal regions, 6 pairs \(3 with no path: -1 in the tables\)/);

    const { ids, m } = readTable(`${prefix}_costdistances.out`);
    expect(ids).toEqual([1, 2, 3, 4]);
    const ref = JSON.parse(readFileSync(join(FIX, "c_ref8.json"), "utf8").replace(/\bInfinity\b/g, "null")).distances;
    for (const [a, b, d] of ref as [number, number, number | null][]) {
      const ours = m[ids.indexOf(a)][ids.indexOf(b)];
      expect(m[ids.indexOf(b)][ids.indexOf(a)]).toBe(ours);
      if (d === null) expect(ours).toBe(-1);
      else expect(relDiff(ours, d)).toBeLessThan(1e-9);
    }

    const csv = readFileSync(`${prefix}_linkages.csv`, "utf8").trim().split("\n");
    expect(csv[0]).toBe("from_id,to_id,connected,cwd,lcp_length,cwd_to_path_length_ratio,euclidean_distance,cwd_to_euclidean_ratio");
    expect(csv).toHaveLength(7);
    const row12 = csv[1].split(",");
    expect(Number(row12[3])).toBe(m[0][1]);
    expect(Number(row12[5])).toBeCloseTo(Number(row12[3]) / Number(row12[4]), 9);
    expect(csv.join("\n")).not.toMatch(/Infinity|NaN/);

    const paths = JSON.parse(readFileSync(`${prefix}_paths.geojson`, "utf8"));
    expect(paths.features).toHaveLength(3);
    for (const f of paths.features) {
      expect(f.geometry.type).toBe("LineString");
      const [x, y] = f.geometry.coordinates[0];
      expect(x).toBeGreaterThan(500000); // map coordinates (the fixture's xllcorner), not cell indices
      expect(y).toBeGreaterThan(4800000);
      expect(f.properties.cost).toBe(m[ids.indexOf(f.properties.from_id)][ids.indexOf(f.properties.to_id)]);
    }

    const cor = await readGrid(`${prefix}_corridors.asc`);
    let zeros = 0;
    for (const v of cor.data) if (v === 0) zeros++;
    expect(zeros).toBeGreaterThan(10); // the least-cost paths themselves
    expect(readdirSync(join(tmp, "new/folder")).sort()).toEqual([
      "c_corridors.asc",
      "c_costdistances.out",
      "c_linkages.csv",
      "c_paths.geojson",
    ]);
  });

  it("GeoTIFF in, GeoTIFF corridors out with the CRS; the cut-off blanks wide corridor cells", async () => {
    const res = await readGrid(join(FIX, "b_res.asc"));
    const focal = await readGrid(join(FIX, "b_focal.asc"));
    res.crs = focal.crs = { epsg: 32652 };
    await writeGrid(join(tmp, "b_res.tif"), res);
    await writeGrid(join(tmp, "b_focal.tif"), focal);
    const full = join(tmp, "tif/full");
    const cut = join(tmp, "tif/cut");
    expect(
      (
        await run(
          "leastcost",
          "--resistance",
          join(tmp, "b_res.tif"),
          "--focal",
          join(tmp, "b_focal.tif"),
          "--out",
          full,
          "--neighbors",
          "16",
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await run(
          "leastcost",
          "--resistance",
          join(tmp, "b_res.tif"),
          "--focal",
          join(tmp, "b_focal.tif"),
          "--out",
          cut,
          "--neighbors",
          "16",
          "--corridor-cutoff",
          "5000",
        )
      ).code,
    ).toBe(0);
    const a = await readGrid(`${full}_corridors.tif`);
    const b = await readGrid(`${cut}_corridors.tif`);
    expect(a.crs?.epsg).toBe(32652);
    let kept = 0;
    for (let i = 0; i < a.data.length; i++) {
      if (a.data[i] <= 5000) {
        expect(b.data[i]).toBe(a.data[i]);
        kept++;
      } else expect(b.data[i]).toBeNaN();
    }
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(a.data.filter((v) => !Number.isNaN(v)).length);
    expect(JSON.parse(readFileSync(`${full}_paths.geojson`, "utf8")).crs.properties.name).toBe("urn:ogc:def:crs:EPSG::32652");
  });

  it("bad input: clear message, exit 1, nothing written", async () => {
    const prefix = join(tmp, "bad/x");
    const misaligned = await run("leastcost", "--resistance", join(FIX, "a_res.asc"), "--focal", join(FIX, "b_focal.asc"), "--out", prefix);
    expect(misaligned.code).toBe(1);
    expect(misaligned.err).toMatch(
      /b_focal\.asc: grids do not align: .*b_focal\.asc and .*a_res\.asc differ in size \(columns x rows\): 64 x 48 vs 40 x 30/,
    );
    const nb = await run(
      "leastcost",
      "--resistance",
      join(FIX, "a_res.asc"),
      "--focal",
      join(FIX, "a_focal.asc"),
      "--out",
      prefix,
      "--neighbors",
      "6",
    );
    expect(nb.code).toBe(1);
    expect(nb.err).toMatch(/--neighbors: expected 4, 8 or 16, got "6"/);
    const cut = await run(
      "leastcost",
      "--resistance",
      join(FIX, "a_res.asc"),
      "--focal",
      join(FIX, "a_focal.asc"),
      "--out",
      prefix,
      "--corridor-cutoff",
      "-3",
    );
    expect(cut.code).toBe(1);
    expect(cut.err).toMatch(/--corridor-cutoff/);
    const missing = await run("leastcost", "--resistance", join(tmp, "nope.asc"), "--focal", join(FIX, "a_focal.asc"), "--out", prefix);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.asc/);
    expect(existsSync(join(tmp, "bad"))).toBe(false);
  });
});
