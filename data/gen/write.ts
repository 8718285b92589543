/** Writing the demo through crossway's own writers: GeoTIFF (Float32, deflate, EPSG, GDAL_NODATA)
 *  and GeoJSON with the crs member. */
import { join } from "node:path";
import { writeGeoJson } from "../../src/io/geojson.ts";
import { writeGeoTiff } from "../../src/io/geotiff.ts";
import type { Demo, GridName, VectorName } from "./demo.ts";

export const GRID_FILES: Record<GridName, string> = {
  elevation: "elevation.tif",
  landcover: "landcover.tif",
  habitat: "habitat.tif",
  cores: "cores.tif",
};

export const VECTOR_FILES: Record<VectorName, string> = {
  highway: "highway.geojson",
  crossings: "crossings.geojson",
  villages: "villages.geojson",
  cores: "cores.geojson",
  rivers: "rivers.geojson",
  border: "border.geojson",
};

/** Write every layer into outDir; returns the paths written. */
export async function writeDemo(demo: Demo, outDir: string): Promise<string[]> {
  const written: string[] = [];
  for (const [name, file] of Object.entries(GRID_FILES) as [GridName, string][]) {
    const path = join(outDir, file);
    await writeGeoTiff(path, demo.grids[name], { level: 9 });
    written.push(path);
  }
  const crs = demo.grids.elevation.crs;
  for (const [name, file] of Object.entries(VECTOR_FILES) as [VectorName, string][]) {
    const path = join(outDir, file);
    await writeGeoJson(path, demo.vectors[name], crs);
    written.push(path);
  }
  return written;
}
