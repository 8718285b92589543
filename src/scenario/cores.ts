/**
 * The cores of a study: a raster of core ids (aligned with the land) or polygons rasterised by cell
 * centre, each with the side of the highway it lies on (from landscape.cores.sides or a property).
 */
import { booleanPointInPolygon } from "@turf/turf";
import type { Feature, MultiPolygon, Polygon } from "geojson";
import { makeGrid, type Grid } from "../grid/grid.ts";
import { CrosswayError } from "../util/errors.ts";
import type { Core } from "./evaluate.ts";
import { checkAligned, readFeatures, readGrid } from "./inputs.ts";
import type { ScenarioFile } from "./schema.ts";

/** The focal grid (core id per cell, 0 elsewhere) and the cores, from a .tif/.asc or a GeoJSON file. */
export function loadCores(path: string, template: Grid, config: ScenarioFile, file: string): Promise<{ focal: Grid; cores: Core[] }> {
  return path.endsWith("json") ? rasterizeCores(path, template, config) : coresFromRaster(path, template, config, file);
}

async function coresFromRaster(path: string, template: Grid, config: ScenarioFile, file: string): Promise<{ focal: Grid; cores: Core[] }> {
  const g = await readGrid(path);
  checkAligned(g, path, template, "the landscape grid");
  const ids = new Set<number>();
  const data = new Float64Array(g.data.length);
  for (let i = 0; i < data.length; i++) {
    const v = g.data[i];
    if (v > 0) {
      if (!Number.isInteger(v)) throw new CrosswayError(`core id ${v} at cell ${i} is not an integer`, { file: path });
      ids.add(v);
      data[i] = v;
    }
  }
  const sides = config.landscape.cores.sides ?? {};
  const cores: Core[] = [...ids]
    .sort((a, b) => a - b)
    .map((id) => {
      const side = sides[String(id)];
      if (!side)
        throw new CrosswayError(`core id ${id} (in ${path}) has no side; add it to landscape.cores.sides`, {
          file,
          field: "landscape.cores.sides",
        });
      return { id, side };
    });
  for (const k of Object.keys(sides))
    if (!ids.has(Number(k)))
      throw new CrosswayError(`core id ${k} does not occur in ${path}`, { file, field: `landscape.cores.sides.${k}` });
  return { focal: makeGrid(g.width, g.height, data, { transform: template.transform, crs: template.crs }), cores };
}

/** Core polygons to a grid of ids: a cell belongs to a core when its centre lies inside the polygon. */
async function rasterizeCores(path: string, template: Grid, config: ScenarioFile): Promise<{ focal: Grid; cores: Core[] }> {
  const C = config.landscape.cores;
  const fc = await readFeatures(path, template.crs);
  const { width, height, transform: t } = template;
  const data = new Float64Array(width * height);
  const cores: Core[] = [];
  fc.features.forEach((f, i) => {
    const id = Number(f.properties?.[C.id_property]);
    const label = `feature ${i}`;
    if (!(Number.isInteger(id) && id > 0))
      throw new CrosswayError(
        `property '${C.id_property}' must be a positive integer, got ${JSON.stringify(f.properties?.[C.id_property])}`,
        { file: path, field: label },
      );
    const side = C.sides?.[String(id)] ?? f.properties?.[C.side_property];
    if (side !== "west" && side !== "east")
      throw new CrosswayError(`property '${C.side_property}' must be "west" or "east", got ${JSON.stringify(side)}`, {
        file: path,
        field: `${label} (core ${id})`,
      });
    if (!f.geometry || (f.geometry.type !== "Polygon" && f.geometry.type !== "MultiPolygon"))
      throw new CrosswayError("core geometry must be a Polygon or MultiPolygon", { file: path, field: label });
    const rings = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    const projected: Feature<MultiPolygon | Polygon> = {
      type: "Feature",
      properties: {},
      geometry: { type: "MultiPolygon", coordinates: rings.map((poly) => poly.map((ring) => ring.map(fc.toGrid))) },
    };
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (const poly of projected.geometry.coordinates as number[][][][])
      for (const ring of poly)
        for (const [x, y] of ring) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
    const c0 = Math.max(0, Math.floor((minX - t[0]) / t[1]));
    const c1 = Math.min(width - 1, Math.floor((maxX - t[0]) / t[1]));
    const r0 = Math.max(0, Math.floor((maxY - t[3]) / t[5]));
    const r1 = Math.min(height - 1, Math.floor((minY - t[3]) / t[5]));
    for (let r = r0; r <= r1; r++)
      for (let c = c0; c <= c1; c++) {
        if (booleanPointInPolygon([t[0] + (c + 0.5) * t[1], t[3] + (r + 0.5) * t[5]], projected)) data[r * width + c] = id;
      }
    if (!cores.some((x) => x.id === id)) cores.push({ id, side });
  });
  return {
    focal: makeGrid(width, height, data, { transform: template.transform, crs: template.crs }),
    cores: cores.sort((a, b) => a.id - b.id),
  };
}
