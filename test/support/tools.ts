/**
 * Optional system tools some tests compare against or run (GDAL's command-line tools, Chromium,
 * redis-server).
 * They are Debian packages that .ci/run installs; on a machine with Node alone the tests that
 * need them skip, and test/support/global-setup.ts prints one line per missing package.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** The first executable called `name` on PATH, or undefined. */
export function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/** A Debian package of tools, and whether every one of them is on PATH. */
export interface ToolSet {
  readonly pkg: string;
  readonly tools: readonly string[];
  readonly missing: readonly string[];
  readonly available: boolean;
}

function toolSet(pkg: string, tools: readonly string[]): ToolSet {
  const missing = tools.filter((t) => findOnPath(t) === undefined);
  return { pkg, tools, missing, available: missing.length === 0 };
}

/** GDAL's command-line tools used by the interoperability tests. */
export const GDAL = toolSet("gdal-bin", [
  "gdalinfo",
  "gdal_translate",
  "gdaltransform",
  "gdalwarp",
  "gdalsrsinfo",
  "gdaldem",
  "gdal_rasterize",
  "ogr2ogr",
  "ogrinfo",
]);

/** Headless Chromium for the report screenshot test. */
export const CHROMIUM_SET = toolSet("chromium", ["chromium"]);
export const CHROMIUM: string | undefined = findOnPath("chromium") ?? findOnPath("chromium-browser");

/** A Redis server for the queue tests (started on a free port, on 127.0.0.1 only). */
export const REDIS = toolSet("redis-server", ["redis-server"]);

export const OPTIONAL_TOOLS: readonly ToolSet[] = [GDAL, CHROMIUM_SET, REDIS];
