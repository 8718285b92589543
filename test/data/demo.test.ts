/**
 * The committed demo landscape (data/): it opens, its layers align, it is what the generator makes
 * (deterministic), and its vectors keep the promises the scenario engine relies on: crossings on the
 * highway, cores on their declared side of it and on land.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FeatureCollection, LineString, Point, Polygon, Position } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Grid } from "../../src/grid/grid.ts";
import { readGeoJson, readGrid } from "../../src/io/index.ts";
import { buildDemo } from "../../data/gen/demo.ts";
import { GRID_FILES, VECTOR_FILES, writeDemo } from "../../data/gen/write.ts";

const DATA = join(import.meta.dirname, "../../data");

const grids: Record<string, Grid> = {};
const vectors: Record<string, FeatureCollection> = {};

beforeAll(async () => {
  for (const [name, file] of Object.entries(GRID_FILES)) grids[name] = await readGrid(join(DATA, file));
  for (const [name, file] of Object.entries(VECTOR_FILES)) vectors[name] = await readGeoJson(join(DATA, file));
});

/** Distance from p to segment a-b (written here again, independent of the generator's helper). */
function segDist(p: Position, a: Position, b: Position): number {
  const vx = b[0] - a[0];
  const vy = b[1] - a[1];
  const L = vx * vx + vy * vy;
  const t = L === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * vx + (p[1] - a[1]) * vy) / L));
  return Math.hypot(p[0] - a[0] - t * vx, p[1] - a[1] - t * vy);
}
function lineDist(p: Position, line: Position[]): number {
  let d = Infinity;
  for (let i = 0; i + 1 < line.length; i++) d = Math.min(d, segDist(p, line[i], line[i + 1]));
  return d;
}
/** x positions where the horizontal line at y crosses the polyline (half-open rule on y). */
function crossingsAtY(line: Position[], y: number): number[] {
  const xs: number[] = [];
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay] = line[i];
    const [bx, by] = line[i + 1];
    if (ay > y !== by > y) xs.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
  }
  return xs;
}
/** The highway runs from the north edge to the south edge, so a point is east of it when a ray going
 *  west from the point crosses it an odd number of times. */
function side(p: Position, line: Position[]): "west" | "east" {
  return crossingsAtY(line, p[1]).filter((x) => x < p[0]).length % 2 === 1 ? "east" : "west";
}
function cellIndex(g: Grid, p: Position): number {
  const c = Math.floor((p[0] - g.transform[0]) / g.transform[1]);
  const r = Math.floor((p[1] - g.transform[3]) / g.transform[5]);
  return c >= 0 && r >= 0 && c < g.width && r < g.height ? r * g.width + c : -1;
}
const highwayLine = () => (vectors.highway.features[0].geometry as LineString).coordinates;

describe("committed demo files", () => {
  it("exist, and the README says first that the landscape is illustrative", async () => {
    for (const f of [...Object.values(GRID_FILES), ...Object.values(VECTOR_FILES), "README.md", "make-demo.ts"]) {
      expect(existsSync(join(DATA, f)), f).toBe(true);
    }
    const readme = await readFile(join(DATA, "README.md"), "utf8");
    const firstParagraph = readme.split(/\n\s*\n/).slice(0, 2).join("\n");
    expect(firstParagraph).toMatch(/ILLUSTRATIVE/);
    expect(firstParagraph).toMatch(/not\s+survey\s+data/i);
  });

  it("grids share one frame: EPSG:32652, 1200 x 900 cells of 50 m, the same origin", () => {
    for (const [name, g] of Object.entries(grids)) {
      expect(g.crs?.epsg, name).toBe(32652);
      expect([g.width, g.height], name).toEqual([1200, 900]);
      expect(g.transform, name).toEqual([668000, 50, 0, 4815000, 0, -50]);
      expect(g.nodata, name).toBe(-9999);
    }
  });

  it("vectors carry the EPSG:32652 crs member and lie inside the frame", async () => {
    for (const file of Object.values(VECTOR_FILES)) {
      const doc = JSON.parse(await readFile(join(DATA, file), "utf8"));
      expect(doc.crs?.properties?.name, file).toBe("urn:ogc:def:crs:EPSG::32652");
      const coords: number[] = JSON.stringify(doc.features.map((f: any) => f.geometry.coordinates))
        .match(/-?\d+(\.\d+)?/g)!.map(Number);
      let outside = 0;
      for (let i = 0; i < coords.length; i += 2) {
        if (!(coords[i] >= 668000 && coords[i] <= 728000 && coords[i + 1] >= 4770000 && coords[i + 1] <= 4815000)) outside++;
      }
      expect(coords.length, file).toBeGreaterThan(0);
      expect(outside, file).toBe(0);
    }
  });

  it("sea is nodata in every grid at the same cells, and values are in their documented ranges", () => {
    const { elevation, landcover, habitat, cores } = grids;
    let sea = 0;
    const counts = new Map<number, number>();
    for (let k = 0; k < elevation.data.length; k++) {
      const isSea = Number.isNaN(elevation.data[k]);
      // Plain comparisons in this loop: a million expect() calls would take minutes.
      if ([landcover, habitat, cores].some((g) => Number.isNaN(g.data[k]) !== isSea)) {
        throw new Error(`cell ${k}: nodata differs between the grids`);
      }
      if (isSea) {
        sea++;
        continue;
      }
      const z = elevation.data[k];
      const h = habitat.data[k];
      const lc = landcover.data[k];
      if (!(z >= 0 && z <= 800) || !(h >= 0 && h <= 1) || ![1, 2, 3, 4, 5].includes(lc)) {
        throw new Error(`cell ${k}: elevation ${z}, habitat ${h}, landcover ${lc}`);
      }
      counts.set(lc, (counts.get(lc) ?? 0) + 1);
    }
    const n = elevation.data.length;
    // Real coastline in the south-east corner: some sea, mostly land.
    expect(sea / n).toBeGreaterThan(0.03);
    expect(sea / n).toBeLessThan(0.3);
    // Every class present; forest dominates, as in the real hills.
    for (const c of [1, 2, 3, 4, 5]) expect(counts.get(c) ?? 0, `class ${c}`).toBeGreaterThan(100);
    expect(counts.get(1)! / (n - sea)).toBeGreaterThan(0.4);
    // Relief of forested hills: hundreds of metres.
    let max = 0;
    for (const z of elevation.data) if (z > max) max = z;
    expect(max).toBeGreaterThan(500);
  });
});

describe("highway and crossing structures", () => {
  it("one highway LineString from the north edge to the south edge, with its properties", () => {
    expect(vectors.highway.features).toHaveLength(1);
    const f = vectors.highway.features[0];
    expect(f.geometry.type).toBe("LineString");
    expect(f.properties).toMatchObject({ id: "H1", class: "highway", width_m: 25 });
    expect(typeof f.properties!.lanes).toBe("number");
    expect(typeof f.properties!.traffic_aadt).toBe("number");
    const line = highwayLine();
    expect(line[0][1]).toBe(4815000);
    expect(line[line.length - 1][1]).toBe(4770000);
    // It stays on land.
    for (const p of line) expect(Number.isNaN(grids.elevation.data[cellIndex(grids.elevation, [p[0], Math.min(p[1], 4814999)])])).toBe(false);
  });

  it("has the structures of the brief, each lying on the highway line (within a metre)", () => {
    const line = highwayLine();
    const types = vectors.crossings.features.map((f) => f.properties!.type).sort();
    expect(types.filter((t) => t === "underpass")).toHaveLength(2);
    expect(types).toContain("bridge");
    expect(types).toContain("tunnel");
    const ids = new Set<string>();
    for (const f of vectors.crossings.features) {
      const p = f.properties!;
      expect(["overpass", "underpass", "culvert", "bridge", "tunnel"]).toContain(p.type);
      expect(p.width_m).toBeGreaterThan(0);
      expect(typeof p.name).toBe("string");
      ids.add(p.id);
      const at = (f.geometry as Point).coordinates;
      expect(lineDist(at, line), p.name).toBeLessThan(1);
    }
    expect(ids.size).toBe(vectors.crossings.features.length);
  });

  it("the bridge stands where the highway crosses the largest river it meets", () => {
    const line = highwayLine();
    const bridge = vectors.crossings.features.find((f) => f.properties!.type === "bridge")!;
    const at = (bridge.geometry as Point).coordinates;
    const rivers = vectors.rivers.features.map((f) => ({ area: f.properties!.upstream_km2 as number, line: (f.geometry as LineString).coordinates }));
    const under = rivers.filter((r) => lineDist(at, r.line) < 1);
    expect(under.length).toBeGreaterThan(0);
    // Rivers the highway crosses: some vertex pair of the river straddles the highway (by side).
    const crossed = rivers.filter((r) => r.line.some((p, i) => i > 0 && side(p, line) !== side(r.line[i - 1], line)));
    const biggest = Math.max(...crossed.map((r) => r.area));
    expect(Math.max(...under.map((r) => r.area))).toBe(biggest);
  });

  it("the tunnel sits on higher ground than the bridge and the underpasses", () => {
    const z = (f: any) => grids.elevation.data[cellIndex(grids.elevation, f.geometry.coordinates)];
    const tunnel = vectors.crossings.features.find((f) => f.properties!.type === "tunnel")!;
    for (const f of vectors.crossings.features) {
      if (["bridge", "underpass"].includes(f.properties!.type)) expect(z(tunnel)).toBeGreaterThan(z(f));
    }
  });
});

describe("cores", () => {
  it("ids 1..n, at least two on each side, polygons with their properties", () => {
    const fs = vectors.cores.features;
    expect(fs.map((f) => f.properties!.id)).toEqual(fs.map((_, i) => i + 1));
    expect(fs.filter((f) => f.properties!.side === "west").length).toBeGreaterThanOrEqual(2);
    expect(fs.filter((f) => f.properties!.side === "east").length).toBeGreaterThanOrEqual(2);
    expect(fs[0].properties!.name).toBe("Leopard core West");
    // The western core is the large one.
    const areas = fs.map((f) => f.properties!.area_km2 as number);
    expect(areas[0]).toBe(Math.max(...areas));
    expect(areas[0]).toBeGreaterThan(100);
    for (const f of fs) expect(f.geometry.type).toBe("Polygon");
  });

  it("every core lies wholly on its declared side of the highway: vertices and raster cells", () => {
    const line = highwayLine();
    const declared = new Map(vectors.cores.features.map((f) => [f.properties!.id as number, f.properties!.side as string]));
    for (const f of vectors.cores.features) {
      for (const p of (f.geometry as Polygon).coordinates[0]) expect(side(p, line), f.properties!.name).toBe(f.properties!.side);
      // and no vertex closer than a road width to it
      for (const p of (f.geometry as Polygon).coordinates[0]) expect(lineDist(p, line)).toBeGreaterThan(25);
    }
    const g = grids.cores;
    const seen = new Set<number>();
    for (let r = 0; r < g.height; r++) {
      const y = g.transform[3] + (r + 0.5) * g.transform[5];
      const xs = crossingsAtY(line, y);
      for (let c = 0; c < g.width; c++) {
        const id = g.data[r * g.width + c];
        if (!(id > 0)) continue;
        seen.add(id);
        const x = g.transform[0] + (c + 0.5) * g.transform[1];
        const s = xs.filter((v) => v < x).length % 2 === 1 ? "east" : "west";
        if (s !== declared.get(id)) throw new Error(`cores.tif row ${r} col ${c}: core ${id} cell is ${s} of the highway`);
      }
    }
    expect([...seen].sort()).toEqual([...declared.keys()].sort());
  });

  it("cores are on land: no core cell and no polygon vertex on the sea (nodata)", () => {
    const { cores, elevation } = grids;
    let onSea = 0;
    for (let k = 0; k < cores.data.length; k++) if (cores.data[k] > 0 && Number.isNaN(elevation.data[k])) onSea++;
    expect(onSea).toBe(0);
    for (const f of vectors.cores.features) {
      for (const p of (f.geometry as Polygon).coordinates[0]) {
        const k = cellIndex(elevation, p);
        expect(k).toBeGreaterThanOrEqual(0);
        expect(Number.isNaN(elevation.data[k]), `${f.properties!.name} vertex ${p}`).toBe(false);
      }
    }
  });

  it("cores.tif matches the polygons: cell ids are the polygon holding the cell centre", () => {
    const g = grids.cores;
    // Sample every 7th cell for speed; the side test above covers all of them.
    const rings = vectors.cores.features.map((f) => ({ id: f.properties!.id as number, ring: (f.geometry as Polygon).coordinates[0] }));
    for (let k = 0; k < g.data.length; k += 7) {
      if (Number.isNaN(g.data[k])) continue;
      const c = k % g.width;
      const r = Math.floor(k / g.width);
      const p: Position = [g.transform[0] + (c + 0.5) * 50, g.transform[3] - (r + 0.5) * 50];
      const holder = rings.find(({ ring }) => crossingsAtY(ring, p[1]).filter((x) => x < p[0]).length % 2 === 1);
      if (g.data[k] !== (holder ? holder.id : 0)) throw new Error(`cores.tif cell ${k}: id ${g.data[k]}, polygon ${holder?.id ?? "none"}`);
    }
  });
});

describe("villages", () => {
  it("named points on land, outside the cores", () => {
    const names = new Set<string>();
    for (const f of vectors.villages.features) {
      const k = cellIndex(grids.elevation, (f.geometry as Point).coordinates);
      expect(Number.isNaN(grids.elevation.data[k])).toBe(false);
      expect(grids.cores.data[k]).toBe(0);
      expect(grids.landcover.data[k]).toBe(4);
      names.add(f.properties!.name);
    }
    expect(names.size).toBe(vectors.villages.features.length);
    expect(names.size).toBeGreaterThanOrEqual(5);
  });
});

describe("determinism", () => {
  let dirA: string;
  let dirB: string;
  beforeAll(async () => {
    dirA = await mkdtemp(join(tmpdir(), "crossway-demo-a-"));
    dirB = await mkdtemp(join(tmpdir(), "crossway-demo-b-"));
  });
  afterAll(async () => {
    await rm(dirA, { recursive: true, force: true });
    await rm(dirB, { recursive: true, force: true });
  });

  it("two runs (downscaled, same code path) write identical bytes", async () => {
    await writeDemo(buildDemo({ scale: 0.25 }), dirA);
    await writeDemo(buildDemo({ scale: 0.25 }), dirB);
    const files = (await readdir(dirA)).sort();
    expect(files).toEqual([...Object.values(GRID_FILES), ...Object.values(VECTOR_FILES)].sort());
    for (const f of files) expect(Buffer.compare(await readFile(join(dirA, f)), await readFile(join(dirB, f))), f).toBe(0);
    const small = await readGrid(join(dirA, "elevation.tif"));
    expect([small.width, small.height, small.transform[1]]).toEqual([300, 225, 200]);
  });

  it("the generator reproduces the committed files' values exactly", async () => {
    const demo = buildDemo();
    for (const [name, g] of Object.entries(demo.grids)) {
      const committed = grids[name];
      expect(committed.data.length).toBe(g.data.length);
      let diff = 0;
      for (let k = 0; k < g.data.length; k++) {
        const a = g.data[k];
        const b = committed.data[k];
        if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)))) diff++;
      }
      expect(diff, `${name}: cells that differ from data/${GRID_FILES[name as keyof typeof GRID_FILES]}`).toBe(0);
    }
    for (const [name, fc] of Object.entries(demo.vectors)) {
      expect(JSON.parse(JSON.stringify(fc.features)), name).toEqual(vectors[name].features);
    }
  });
});
