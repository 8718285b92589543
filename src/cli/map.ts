/**
 * `crossway map GRID --overlay [ROLE=]FILE ... --kind current|resistance|corridor|difference --out map.png`
 * Draws one map from any grid (GeoTIFF or ASCII) with GeoJSON overlays reprojected into its CRS.
 * An overlay's role (highway, crossings, cores, paths, villages, lines) is given as ROLE=FILE or
 * guessed: features with a crossing `type` are crossings, polygons are cores, points are villages,
 * lines named like a road are the highway, other lines are drawn as plain lines.
 * Readers and the renderer (canvas, proj4, geotiff) are imported inside the action: registering the
 * command needs only the light lists of kinds, ramps and crossing types.
 */
import type { Command } from "commander";
import type { FeatureCollection } from "geojson";
import { basename } from "node:path";
import { MAP_KINDS, mapKind, type MapKind } from "../render/kinds.ts";
import type { MapSpec } from "../render/map.ts";
import type { Overlays } from "../render/overlays.ts";
import { RAMP_NAMES, type RampName } from "../render/ramps.ts";
import type { StretchKind } from "../render/stretch.ts";
import { CROSSING_TYPES } from "../render/symbols.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { CrosswayError } from "../util/errors.ts";
import { ensureOutputParent, removeIfEmpty } from "../util/output-location.ts";

const ROLES = ["highway", "crossings", "cores", "paths", "villages", "lines"] as const;
type Role = (typeof ROLES)[number];
const STRETCHES: StretchKind[] = ["linear", "clip", "log", "equalize", "symmetric"];
const LINE_COLORS = ["#3a86ff", "#ff006e", "#8338ec", "#fb5607"];

/** Guess what an overlay file shows from its name and geometry. */
export function guessRole(file: string, fc: FeatureCollection): Role {
  const name = basename(file).toLowerCase();
  const types = fc.features.map((f) => f.geometry?.type ?? "");
  if (
    fc.features.some((f) => (CROSSING_TYPES as readonly string[]).includes(String(f.properties?.type))) ||
    /crossing|structure/.test(name)
  )
    return "crossings";
  if (/highway|road/.test(name)) return "highway";
  if (/path/.test(name)) return "paths";
  if (/village|settlement|town/.test(name)) return "villages";
  if (/core/.test(name) || (types.length && types.every((t) => t === "Polygon" || t === "MultiPolygon"))) return "cores";
  if (types.length && types.every((t) => t === "Point" || t === "MultiPoint")) return "villages";
  return "lines";
}

export function register(program: Command): void {
  program
    .command("map")
    .description("draw one map (PNG) of a grid with GeoJSON overlays, legend, scale bar and north arrow")
    .argument("<grid>", "grid to map (.tif GeoTIFF or .asc)")
    .option(
      "--overlay <[role=]file>",
      `GeoJSON overlay, repeatable; role one of ${ROLES.join(", ")} (guessed when omitted)`,
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option("--kind <kind>", `map kind: ${MAP_KINDS.join(", ")}`, "current")
    .option("--title <text>", "map title")
    .option("--subtitle <text>", "line under the title")
    .option("--ramp <name>", `override the colour ramp (${RAMP_NAMES.join(", ")})`)
    .option("--stretch <kind>", `override the stretch (${STRETCHES.join(", ")})`)
    .option("--legend <label>", "legend heading")
    .option("--units <text>", "legend units line")
    .option("--hillshade <dem>", "elevation grid for relief shading")
    .option("--illustrative", "add the note that the landscape is illustrative, not survey data")
    .requiredOption("--out <png>", "output PNG")
    .action(async (gridPath: string, o: MapOptions) => {
      if (!(MAP_KINDS as readonly string[]).includes(o.kind))
        throw new CrosswayError(`--kind must be one of ${MAP_KINDS.join(", ")}, got "${o.kind}"`);
      if (o.ramp && !(RAMP_NAMES as readonly string[]).includes(o.ramp))
        throw new CrosswayError(`--ramp must be one of ${RAMP_NAMES.join(", ")}, got "${o.ramp}"`);
      if (o.stretch && !STRETCHES.includes(o.stretch as StretchKind))
        throw new CrosswayError(`--stretch must be one of ${STRETCHES.join(", ")}, got "${o.stretch}"`);
      const loc = ensureOutputParent(o.out, "--out");
      try {
        await drawMap(gridPath, o);
      } catch (err) {
        removeIfEmpty(loc);
        throw err;
      }
    });
}

/** The parsed options of `crossway map`. */
type MapOptions = {
  overlay: string[];
  kind: string;
  title?: string;
  subtitle?: string;
  ramp?: string;
  stretch?: string;
  legend?: string;
  units?: string;
  hillshade?: string;
  illustrative?: boolean;
  out: string;
};

async function drawMap(gridPath: string, o: MapOptions): Promise<void> {
  const [{ readGeoJson, readGrid }, { renderMap }] = await Promise.all([import("../io/index.ts"), import("../render/map.ts")]);
  const grid = await readGrid(gridPath);
  const style = mapKind(o.kind as MapKind);
  const overlays: Overlays = {};
  let lineNo = 0;
  for (const arg of o.overlay) {
    const m = /^([a-z]+)=(.+)$/.exec(arg);
    if (m && !(ROLES as readonly string[]).includes(m[1]))
      throw new CrosswayError(`overlay role must be one of ${ROLES.join(", ")}, got "${m[1]}"`, { field: "--overlay" });
    const file = m ? m[2] : arg;
    const fc = await readGeoJson(file, grid.crs ?? undefined);
    const role = (m?.[1] as Role | undefined) ?? guessRole(file, fc);
    if (role === "lines") {
      (overlays.lines ??= []).push({
        data: fc,
        label: basename(file).replace(/\.(geo)?json$/i, ""),
        color: LINE_COLORS[lineNo++ % LINE_COLORS.length],
      });
    } else {
      const prev = overlays[role];
      overlays[role] = prev ? { type: "FeatureCollection", features: [...prev.features, ...fc.features] } : fc;
    }
  }
  const spec: MapSpec = {
    grid,
    ramp: (o.ramp as RampName | undefined) ?? style.ramp,
    reverseRamp: o.ramp ? false : style.reverseRamp,
    stretch: (o.stretch as StretchKind | undefined) ?? style.stretch,
    title: o.title ?? `${style.legend.label} - ${basename(gridPath)}`,
    subtitle: o.subtitle,
    legend: { label: o.legend ?? style.legend.label, units: o.units ?? style.legend.units },
    overlays,
    hillshade: o.hillshade ? await readGrid(o.hillshade) : undefined,
    illustrative: !!o.illustrative,
  };
  const png = await renderMap(spec);
  await writeFileAtomic(o.out, png);
  process.stdout.write(`wrote ${o.out} (${(png.length / 1024).toFixed(0)} KB)\n`);
}
