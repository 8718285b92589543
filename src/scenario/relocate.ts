/**
 * A scenario file's YAML document with its input paths rewritten to hold from another folder, so a
 * command can write a scenario file of its own into its output folder (`crossway site`'s
 * scenarios.yaml, `crossway calibrate`'s calibrated file) that `crossway run` reads as it stands.
 */
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { readYaml } from "../util/read-input.ts";

export function relocatedScenario(file: string, toDir: string): Record<string, unknown> {
  const raw = readYaml(file) as Record<string, unknown>;
  const from = dirname(file);
  const rel = (p: unknown) => (typeof p === "string" ? relative(toDir, isAbsolute(p) ? p : resolve(from, p)) || "." : p);
  const land = { ...(raw.landscape as Record<string, unknown>) };
  for (const k of ["resistance", "recipe", "highway", "crossings", "villages", "rivers"])
    if (typeof land[k] === "string") land[k] = rel(land[k]);
  const cores = { ...(land.cores as Record<string, unknown>) };
  for (const k of ["geojson", "raster", "names"]) if (typeof cores[k] === "string") cores[k] = rel(cores[k]);
  land.cores = cores;
  return { ...raw, landscape: land };
}
