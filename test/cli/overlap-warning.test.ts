/**
 * End-to-end, through bin/crossway.js: a structure placed inside another (an overpass inside a 500 m
 * tunnel) is legal but gains little or nothing for its cost, because overlapping openings do not add
 * up. `run` warns, naming both structures and the chainage they share.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CS, X0, Y0, writeFixture } from "../scenario/fixture.ts";
import { cli } from "./spawn.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-overlap-"));

describe("crossway run: overlapping structures", async () => {
  const dir = join(root, "study");
  const { scenario } = await writeFixture(dir, {
    scenarios: `  - name: overpass-in-tunnel
    add: [{ id: O-in, type: overpass, chainage_m: 420, width_m: 40, cost_musd: 12 }]
  - name: overpass-at-portal
    add: [{ id: O-portal, type: overpass, chainage_m: 640, width_m: 40, cost_musd: 12 }]
  - name: overpass-apart
    add: [{ id: O-apart, type: overpass, chainage_m: 1000, width_m: 40, cost_musd: 12 }]
`,
  });
  // The existing structures: one 500 m tunnel centred where the fixture's underpass is (chainage 400 m,
  // so it spans 150-650 m). Road: x = X0 + 20 cells, running south from y = Y0 + 1300.
  const xRoad = X0 + 20 * CS;
  writeFileSync(
    join(dir, "crossings.geojson"),
    JSON.stringify({
      type: "FeatureCollection",
      crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::32652" } },
      features: [
        {
          type: "Feature",
          properties: { id: "T1", type: "tunnel", width_m: 500, chainage_m: 400 },
          geometry: { type: "Point", coordinates: [xRoad + 5, Y0 + 900] },
        },
      ],
    }),
  );
  const r = await cli(["run", scenario, "--out", join(root, "out"), "--quiet", "--no-maps"]);
  const overlapLines = () => r.stderr.split("\n").filter((l) => /^crossway: warning: .*structures .* overlap over/.test(l));

  it("warns once for the overpass inside the tunnel, naming both and the chainage they share", () => {
    expect(r.status, r.stderr).toBe(0);
    const lines = overlapLines().filter((l) => l.includes("O-in"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      "structures O-in (overpass, 40 m wide, chainage 400-440 m) and T1 (tunnel, 500 m wide, chainage 150-650 m) overlap over 40 m of road (chainage 400-440 m): O-in lies entirely within T1",
    );
    expect(lines[0]).toMatch(/\(scenario 'overpass-in-tunnel'\)$/);
  });

  it("warns for a partial overlap with its length, and not for a structure clear of the others", () => {
    const lines = overlapLines();
    const portal = lines.filter((l) => l.includes("O-portal"));
    expect(portal).toHaveLength(1);
    expect(portal[0]).toContain(
      "structures O-portal (overpass, 40 m wide, chainage 620-660 m) and T1 (tunnel, 500 m wide, chainage 150-650 m) overlap over 30 m of road (chainage 620-650 m);",
    );
    expect(portal[0]).not.toContain("lies entirely within");
    expect(lines.filter((l) => l.includes("O-apart"))).toEqual([]);
    expect(lines).toHaveLength(2);
  });
});
