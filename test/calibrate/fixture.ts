// A reduced landscape for calibration tests and the coverage benchmark: 60 x 40 cells of 50 m, a land
// built by a recipe (habitat through a negative exponential with shape c, three land-cover classes,
// combined by max) so that habitat_c and the class resistances change where animals cross; a
// north-south highway with traffic, two existing structures, two cores on each side, and a mortality
// block. Segments of 100 m: 20 along the road.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crsFromEpsg } from "../../src/grid/crs.ts";
import { makeGrid } from "../../src/grid/grid.ts";
import { writeGeoTiff } from "../../src/io/geotiff.ts";

export const X0 = 500000;
export const Y0 = 4800000;
const CS = 50;
const W = 60;
const H = 40;
const CRS = { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32652" } };

export async function writeCalibrationFixture(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const crs = crsFromEpsg(32652);
  const transform = [X0, CS, 0, Y0 + H * CS, 0, -CS] as [number, number, number, number, number, number];
  const habitat = new Float32Array(W * H);
  const cover = new Float32Array(W * H);
  const cores = new Float32Array(W * H);
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      // habitat quality: broad hills plus a finer ripple, so the road meets good and poor land in turn
      const h = 0.5 + 0.3 * Math.sin(c / 7 + r / 5) * Math.cos(r / 6) + 0.2 * Math.sin((c * 3 + r * 7) / 9);
      habitat[r * W + c] = Math.min(1, Math.max(0, h));
      // land cover: forest, with farmland in the south-west and a settlement north-east of the road
      cover[r * W + c] = c < 28 && r > 26 ? 2 : c > 33 && c < 44 && r < 9 ? 3 : 1;
      if (c >= 3 && c <= 6 && r >= 5 && r <= 10) cores[r * W + c] = 1;
      if (c >= 3 && c <= 6 && r >= 28 && r <= 33) cores[r * W + c] = 2;
      if (c >= 53 && c <= 56 && r >= 4 && r <= 9) cores[r * W + c] = 3;
      if (c >= 53 && c <= 56 && r >= 24 && r <= 31) cores[r * W + c] = 4;
    }
  await writeGeoTiff(join(dir, "habitat.tif"), makeGrid(W, H, habitat, { transform, crs }));
  await writeGeoTiff(join(dir, "cover.tif"), makeGrid(W, H, cover, { transform, crs }));
  await writeGeoTiff(join(dir, "cores.tif"), makeGrid(W, H, cores, { transform, crs }));
  const xRoad = X0 + 30 * CS;
  const fc = (features: unknown[]) => JSON.stringify({ type: "FeatureCollection", crs: CRS, features });
  writeFileSync(
    join(dir, "highway.geojson"),
    fc([
      {
        type: "Feature",
        properties: {},
        geometry: {
          type: "LineString",
          coordinates: [
            [xRoad, Y0 + H * CS + 100],
            [xRoad, Y0 - 100],
          ],
        },
      },
    ]),
  );
  writeFileSync(
    join(dir, "crossings.geojson"),
    fc([
      {
        type: "Feature",
        properties: { id: "U1", type: "underpass", width_m: 20 },
        geometry: { type: "Point", coordinates: [xRoad, Y0 + 1500] },
      },
      {
        type: "Feature",
        properties: { id: "B1", type: "bridge", width_m: 60 },
        geometry: { type: "Point", coordinates: [xRoad, Y0 + 500] },
      },
    ]),
  );
  writeFileSync(
    join(dir, "recipe.yaml"),
    `template: cover.tif
rmax: 500
habitat: { path: habitat.tif, scale: unit, transform: negative_exponential, c: 4 }
landcover: { path: cover.tif, table: { 1: 1, 2: 40, 3: 300 } }
combine: max
`,
  );
  const scenario = join(dir, "study.yaml");
  writeFileSync(
    scenario,
    `name: reduced
landscape:
  recipe: recipe.yaml
  highway: highway.geojson
  road: { width_m: 25, resistance: 2000, traffic: { aadt: 8000, night_share: 0.2 } }
  cores: { raster: cores.tif, sides: { "1": west, "2": west, "3": east, "4": east } }
  crossings: crossings.geojson
species: leopard
mortality: { road: traffic }
analysis:
  tolerance: 1.0e-10
  segment_length_m: 100
  least_cost: false
`,
  );
  return scenario;
}
