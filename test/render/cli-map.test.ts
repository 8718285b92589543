import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCanvas, loadImage } from "@napi-rs/canvas";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { guessRole } from "../../src/cli/map.ts";
import { makeGrid } from "../../src/grid/grid.ts";
import { writeGeoTiff } from "../../src/io/geotiff.ts";
import { STYLE } from "../../src/render/style.ts";

const dir = mkdtempSync(join(tmpdir(), "crossway-cli-map-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("crossway map", () => {
  it("draws a map from a GeoTIFF with a highway given in WGS 84 (reprojected)", async () => {
    const w = 50;
    const h = 40;
    const d = new Float32Array(w * h).map((_, i) => 1 + (i % w));
    const tif = join(dir, "res.tif");
    await writeGeoTiff(tif, makeGrid(w, h, d, { transform: [700000, 100, 0, 4800000, 0, -100], crs: { epsg: 32652 } }));
    // A road in longitude/latitude near 130.5 E 43.3 N (inside UTM 52N).
    const road = join(dir, "highway.geojson");
    writeFileSync(
      road,
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: {},
            geometry: {
              type: "LineString",
              coordinates: [
                [131.47, 43.33],
                [131.47, 43.31],
              ],
            },
          },
        ],
      }),
    );
    const out = join(dir, "map.png");
    const code = await main([
      "node",
      "crossway",
      "map",
      tif,
      "--overlay",
      road,
      "--kind",
      "resistance",
      "--title",
      "Resistance",
      "--illustrative",
      "--out",
      out,
    ]);
    expect(code).toBe(0);
    const img = await loadImage(out);
    expect(Math.max(img.width, img.height)).toBeGreaterThanOrEqual(1600);
    // The road (UTM x ~ 700 250-700 315, y 4 800 425 -> 4 798 203) lies in the map's west part, from the
    // top edge to about 45 % down: its amber core must be there, near column 2.5-3.2 of 50.
    const c = createCanvas(img.width, img.height);
    const ctx = c.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, img.width, img.height).data;
    const [R, G, B] = STYLE.highwayCoreRgb;
    let n = 0;
    let xs = 0;
    const frameRight = img.width - 48 - 400 - 36; // leave out the legend's highway swatch
    for (let i = 0; i < px.length; i += 4) {
      const x = (i / 4) % img.width;
      if (x < frameRight && px[i] === R && px[i + 1] === G && px[i + 2] === B) {
        n++;
        xs += x;
      }
    }
    expect(n).toBeGreaterThan(500);
    const meanCol = (xs / n - 48) / ((frameRight - 48) / 50); // map frame starts at x = 48
    expect(meanCol).toBeGreaterThan(2);
    expect(meanCol).toBeLessThan(3.6);
  });

  it("rejects an unknown kind and an unknown overlay role with a clear error", async () => {
    const err = process.stderr.write;
    let msg = "";
    process.stderr.write = ((s: string) => ((msg += s), true)) as typeof process.stderr.write;
    try {
      const tif = join(dir, "res.tif");
      expect(await main(["node", "crossway", "map", tif, "--kind", "heat", "--out", join(dir, "x.png")])).toBe(1);
      expect(msg).toMatch(/--kind must be one of current, resistance/);
      expect(await main(["node", "crossway", "map", tif, "--overlay", "roads=x.geojson", "--out", join(dir, "x.png")])).toBe(1);
      expect(msg).toMatch(/overlay role must be one of highway/);
    } finally {
      process.stderr.write = err;
    }
    expect(existsSync(join(dir, "x.png"))).toBe(false);
  });

  it("guesses overlay roles from names and geometry", () => {
    const fc = (type: string, props: Record<string, unknown> = {}) => ({
      type: "FeatureCollection" as const,
      features: [{ type: "Feature" as const, properties: props, geometry: { type, coordinates: [] } as never }],
    });
    expect(guessRole("a/highway.geojson", fc("LineString"))).toBe("highway");
    expect(guessRole("x.geojson", fc("Point", { type: "overpass" }))).toBe("crossings");
    expect(guessRole("x.geojson", fc("Polygon"))).toBe("cores");
    expect(guessRole("towns.geojson", fc("Point"))).toBe("villages");
    expect(guessRole("lcp_paths.geojson", fc("LineString"))).toBe("paths");
    expect(guessRole("rivers.geojson", fc("LineString"))).toBe("lines");
  });
});
