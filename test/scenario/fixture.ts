// A small on-disk study for the run / sweep tests: 40 x 24 cells of 50 m in EPSG:32652, resistance
// 1..5, a north-south highway, two cores west and one east, two existing structures.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeGrid } from "../../src/grid/grid.ts";
import { crsFromEpsg } from "../../src/grid/crs.ts";
import { writeGeoTiff } from "../../src/io/geotiff.ts";

export const X0 = 500000;
export const Y0 = 4800000;
export const CS = 50;
const W = 40;
const H = 24;

export async function writeFixture(
  dir: string,
  opts: { scenarios?: string; sweep?: string } = {},
): Promise<{ scenario: string; sweep: string }> {
  mkdirSync(dir, { recursive: true });
  const crs = crsFromEpsg(32652);
  const transform = [X0, CS, 0, Y0 + H * CS, 0, -CS] as [number, number, number, number, number, number];
  const land = new Float32Array(W * H);
  const cores = new Float32Array(W * H);
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      land[r * W + c] = 1 + ((c * 7 + r * 13) % 5);
      if (c >= 2 && c <= 5 && r >= 8 && r <= 15) cores[r * W + c] = 1;
      if (c >= 2 && c <= 5 && r <= 3) cores[r * W + c] = 3;
      if (c >= 34 && c <= 37 && r >= 8 && r <= 15) cores[r * W + c] = 2;
    }
  land[0] = NaN; // a nodata corner
  await writeGeoTiff(join(dir, "land.tif"), makeGrid(W, H, land, { transform, crs }));
  await writeGeoTiff(join(dir, "cores.tif"), makeGrid(W, H, cores, { transform, crs }));
  const crsMember = { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32652" } };
  const xRoad = X0 + 20 * CS;
  writeFileSync(
    join(dir, "highway.geojson"),
    JSON.stringify({
      type: "FeatureCollection",
      crs: crsMember,
      features: [
        {
          type: "Feature",
          properties: {},
          geometry: {
            type: "LineString",
            coordinates: [
              [xRoad, Y0 + H * CS + 100],
              [xRoad + 10, Y0 + 600],
              [xRoad, Y0 - 100],
            ],
          },
        },
      ],
    }),
  );
  writeFileSync(
    join(dir, "crossings.geojson"),
    JSON.stringify({
      type: "FeatureCollection",
      crs: crsMember,
      features: [
        {
          type: "Feature",
          properties: { id: "U1", type: "underpass", width_m: 20 },
          geometry: { type: "Point", coordinates: [xRoad + 5, Y0 + 900] },
        },
        {
          type: "Feature",
          properties: { id: "C1", type: "culvert", width_m: 5, effectiveness: 0.05 },
          geometry: { type: "Point", coordinates: [xRoad + 2, Y0 + 300] },
        },
      ],
    }),
  );
  const scenario = join(dir, "study.yaml");
  writeFileSync(
    scenario,
    `name: fixture
landscape:
  resistance: land.tif
  highway: highway.geojson
  road: { width_m: 40, resistance: 800 }
  cores: { raster: cores.tif, sides: { "1": west, "2": east, "3": west } }
  crossings: crossings.geojson
species: leopard
analysis:
  tolerance: 1.0e-9
  segment_length_m: 200
scenarios:
${
  opts.scenarios ??
  `  - name: overpass-north
    add: [{ id: O1, type: overpass, chainage_m: 200, width_m: 60, cost_musd: 6 }]
  - name: fix-culvert
    change: [{ id: C1, type: underpass, width_m: 15, effectiveness: 0.6, cost_musd: 1.5 }]
  - name: fence-funnel
    fences: [{ id: F1, from_m: 0, to_m: 1400, cost_musd: 0.5 }]
  - name: remove-underpass
    remove: [U1]
`
}`,
  );
  const sweep = join(dir, "sweep.yaml");
  writeFileSync(sweep, opts.sweep ?? sweepYaml("400, 800"));
  return { scenario, sweep };
}

/** The fixture's sweep file (three candidates, at most two built) over the given road resistances. */
export function sweepYaml(roadResistances: string): string {
  return `scenario_file: study.yaml
candidates:
  - { id: A, type: overpass, chainage_m: 150, width_m: 50, cost_musd: 5 }
  - { id: B, type: underpass, chainage_m: 600, width_m: 20, cost_musd: 1 }
  - { id: C, type: bridge, chainage_m: 1050, width_m: 80, cost_musd: 3 }
max_structures: 2
parameters:
  road_resistance: [${roadResistances}]
`;
}
