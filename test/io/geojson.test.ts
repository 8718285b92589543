import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GDAL } from "../support/tools.ts";
import type { LineString, Point, Polygon } from "geojson";
import { crsFromEpsg } from "../../src/grid/crs.ts";
import { readGeoJson, writeGeoJson } from "../../src/io/geojson.ts";
import { CrosswayError } from "../../src/util/errors.ts";

const tmp = (): string => mkdtempSync(join(tmpdir(), "crossway-geojson-"));

/** GDAL's projection of lon/lat points (an independent reference for proj4's). */
function gdalTransform(pts: number[][], from: string, to: string): number[][] {
  const out = execFileSync("gdaltransform", ["-s_srs", from, "-t_srs", to, "-output_xy"], {
    input: pts.map((p) => p.join(" ")).join("\n") + "\n",
    encoding: "utf8",
  });
  return out
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number));
}

const lonlat = [
  [131.1, 43.05],
  [131.45, 43.2],
  [131.8, 42.9],
];

describe("readGeoJson", () => {
  it.skipIf(!GDAL.available)("reprojects RFC 7946 lon/lat to UTM 52N as GDAL does, for points, lines and polygons", async () => {
    const d = tmp();
    const p = join(d, "a.geojson");
    const doc = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", id: 7, properties: { name: "A-189" }, geometry: { type: "LineString", coordinates: lonlat } },
        { type: "Feature", properties: {}, geometry: { type: "Point", coordinates: lonlat[1] } },
        { type: "Feature", properties: {}, geometry: { type: "Polygon", coordinates: [[...lonlat, lonlat[0]]] } },
      ],
    };
    writeFileSync(p, JSON.stringify(doc));
    const fc = await readGeoJson(p, crsFromEpsg(32652));
    const want = gdalTransform(lonlat, "EPSG:4326", "EPSG:32652");
    const line = fc.features[0].geometry as LineString;
    expect(fc.features[0].id).toBe(7);
    expect(fc.features[0].properties).toEqual({ name: "A-189" });
    line.coordinates.forEach((c, i) => {
      expect(c[0]).toBeCloseTo(want[i][0], 3);
      expect(c[1]).toBeCloseTo(want[i][1], 3);
    });
    expect((fc.features[1].geometry as Point).coordinates[0]).toBeCloseTo(want[1][0], 3);
    expect((fc.features[2].geometry as Polygon).coordinates[0][3][1]).toBeCloseTo(want[0][1], 3);
    // Without a target CRS the coordinates are left as they are.
    expect(((await readGeoJson(p)).features[0].geometry as LineString).coordinates).toEqual(lonlat);
  });

  it.skipIf(!GDAL.available)("honours the legacy crs member, in every spelling, and round-trips through writeGeoJson", async () => {
    const d = tmp();
    const utm = gdalTransform(lonlat, "EPSG:4326", "EPSG:32652");
    for (const crs of ["urn:ogc:def:crs:EPSG::32652", "EPSG:32652", { type: "name", properties: { name: "EPSG:32652" } }]) {
      const p = join(d, "u.geojson");
      const member = typeof crs === "string" ? { type: "name", properties: { name: crs } } : crs;
      writeFileSync(
        p,
        JSON.stringify({
          type: "FeatureCollection",
          crs: member,
          features: [{ type: "Feature", properties: {}, geometry: { type: "MultiPoint", coordinates: utm } }],
        }),
      );
      const back = await readGeoJson(p, crsFromEpsg(4326));
      const pts = (back.features[0].geometry as { coordinates: number[][] }).coordinates;
      pts.forEach((c, i) => {
        expect(c[0]).toBeCloseTo(lonlat[i][0], 7);
        expect(c[1]).toBeCloseTo(lonlat[i][1], 7);
      });
    }
    const fc = await readGeoJson(join(d, "u.geojson"));
    await writeGeoJson(join(d, "w.geojson"), fc, crsFromEpsg(32652));
    const written = JSON.parse(readFileSync(join(d, "w.geojson"), "utf8"));
    expect(written.crs).toEqual({ type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32652" } });
    // GDAL sees the CRS we wrote.
    const info = execFileSync("ogrinfo", ["-so", "-al", join(d, "w.geojson")], { encoding: "utf8" });
    expect(info).toMatch(/ID\["EPSG",32652\]\]/);
    await writeGeoJson(join(d, "w4326.geojson"), fc, crsFromEpsg(4326));
    expect(JSON.parse(readFileSync(join(d, "w4326.geojson"), "utf8")).crs).toBeUndefined();
  });

  it("bad input: missing file, bad JSON, unknown CRS, bad feature named by index and id", async () => {
    const d = tmp();
    const err = async (p: string): Promise<string> => {
      const e = await readGeoJson(p, crsFromEpsg(32652)).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(CrosswayError);
      return (e as Error).message;
    };
    expect(await err(join(d, "none.geojson"))).toMatch(/none\.geojson: file not found/);
    writeFileSync(join(d, "b.geojson"), "{ not json");
    expect(await err(join(d, "b.geojson"))).toMatch(/b\.geojson: not valid JSON/);
    writeFileSync(
      join(d, "c.geojson"),
      JSON.stringify({ type: "FeatureCollection", crs: { type: "name", properties: { name: "EPSG:99999" } }, features: [] }),
    );
    expect(await err(join(d, "c.geojson"))).toMatch(/c\.geojson: crs: unknown CRS EPSG:99999/);
    writeFileSync(
      join(d, "f.geojson"),
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          { type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [1, 2] } },
          {
            type: "Feature",
            id: "x1",
            properties: {},
            geometry: {
              type: "LineString",
              coordinates: [
                [1, 2],
                ["a", 3],
              ],
            },
          },
        ],
      }),
    );
    expect(await err(join(d, "f.geojson"))).toMatch(/f\.geojson: feature 1 \(id "x1"\): a position must be \[x, y\] numbers/);
  });
});
