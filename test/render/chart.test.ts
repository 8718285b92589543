import { loadImage } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { pinchPoints, renderProfileChart } from "../../src/render/chart.ts";

describe("road profile chart", () => {
  it("pinch points are the segments with the most open-road current", () => {
    const current = [0.1, 0.5, 0.4, 0.9, 0.2, -0.3];
    const through = [0, 0, 0, 0.8, 0, 0]; // segment 3 carries most current, but through a structure
    expect(pinchPoints(current, through, 2)).toEqual([1, 2]);
    expect(pinchPoints(current, undefined, 2)).toEqual([3, 1]);
    expect(pinchPoints([0, -1], undefined, 3)).toEqual([]); // nothing crosses: no pinch point
  });

  it("renders a decodable PNG of the requested size", async () => {
    const n = 40;
    const fromKm = Array.from({ length: n }, (_, i) => i * 0.5);
    const toKm = fromKm.map((k) => k + 0.5);
    const current = fromKm.map((k) => Math.exp(-((k - 8) ** 2) / 4));
    const png = await renderProfileChart({
      title: "Road profile",
      fromKm,
      toKm,
      current,
      structures: [
        { km: 3, name: "Overpass", type: "overpass" },
        { km: 12, name: "Bridge", type: "bridge", proposed: true },
      ],
      illustrative: true,
      width: 1800,
      height: 800,
    });
    const img = await loadImage(png);
    expect([img.width, img.height]).toEqual([1800, 800]);
  });

  it("rejects arrays of different lengths", async () => {
    await expect(renderProfileChart({ title: "x", fromKm: [0, 1], toKm: [1], current: [1, 2] })).rejects.toThrow(/same length/);
  });
});
