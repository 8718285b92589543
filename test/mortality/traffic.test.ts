import { describe, expect, it } from "vitest";
import { crossingKillProbability, perCellProbability, resolveMortality, type TrafficSpec } from "../../src/mortality/traffic.ts";
import { SPECIES, ScenarioFileSchema } from "../../src/scenario/schema.ts";
import { validate } from "../../src/scenario/load.ts";
import { SPECIES_MORTALITY } from "../../src/scenario/species.ts";

const traffic = (over: Partial<TrafficSpec> = {}): TrafficSpec => ({ night_hours: 10, vehicle_width_m: 2, segments: [], ...over });
const spec = { road: "traffic" as const, background: 0, tolerance: 1e-10 };
const animal = { body_length_m: 1.2, crossing_speed_m_s: 1.2, night_crossing_share: 0.7 };

describe("road-kill probability", () => {
  it("P = 1 - exp(-N a / v) by hand: 8640 vehicles a day is 0.1 per second", () => {
    // a = 2 + 1.2 = 3.2 m, v = 1.6 m/s: 2 s in the path, 0.2 vehicles expected, P = 1 - e^-0.2
    expect(crossingKillProbability(8640, 3.2, 1.6)).toBeCloseTo(1 - Math.exp(-0.2), 15);
    expect(crossingKillProbability(0, 3.2, 1.6)).toBe(0);
  });

  it("day/night split: night traffic weighted by the animal's night crossings; an even split equals no split", () => {
    const aadt = 9000;
    const p = crossingKillProbability(aadt, 3, 1.5, { nightShare: 0.2, nightHours: 10, nightCrossingShare: 0.7 });
    const nN = (aadt * 0.2) / 36000;
    const nD = (aadt * 0.8) / (14 * 3600);
    expect(p).toBeCloseTo(0.7 * (1 - Math.exp((-nN * 3) / 1.5)) + 0.3 * (1 - Math.exp((-nD * 3) / 1.5)), 15);
    const even = crossingKillProbability(aadt, 3, 1.5, { nightShare: 10 / 24, nightHours: 10, nightCrossingShare: 0.9 });
    expect(even).toBeCloseTo(crossingKillProbability(aadt, 3, 1.5), 14);
  });

  it("m cells of q in a row kill with P", () => {
    for (const [p, m] of [
      [0.3, 2],
      [0.05, 3.7],
      [0.999, 1.5],
    ]) {
      const q = perCellProbability(p, m);
      expect(1 - (1 - q) ** m).toBeCloseTo(p, 13);
    }
    expect(perCellProbability(1, 3)).toBe(1);
  });

  it("AADT varies along the road: segments as given, the road's own AADT in the gaps", () => {
    const m = resolveMortality(
      spec,
      traffic({ aadt: 5000, segments: [{ from_m: 1000, to_m: 2000, aadt: 12000 }] }),
      animal,
      { lengthM: 3000, cellsPerCrossing: 2 },
      "f.yaml",
      "leopard",
    );
    expect(m.road.map((r) => [r.from_m, r.to_m, r.aadt])).toEqual([
      [0, 1000, 5000],
      [1000, 2000, 12000],
      [2000, 3000, 5000],
    ]);
    expect(m.road[1].p_crossing).toBeCloseTo(crossingKillProbability(12000, 3.2, 1.2), 15);
    expect(m.road[1].q_cell).toBeCloseTo(perCellProbability(m.road[1].p_crossing, 2), 15);
  });

  it("traffic_scale multiplies the hazard: P = 1 - exp(-s N a / v), and a fixed q becomes 1 - (1 - q)^s", () => {
    const t = traffic({ aadt: 5000 });
    const road = { lengthM: 3000, cellsPerCrossing: 2 };
    const one = resolveMortality(spec, t, animal, road, "f.yaml", "leopard");
    const scaled = resolveMortality({ ...spec, traffic_scale: 2.5 }, t, animal, road, "f.yaml", "leopard");
    // by hand: N = 5000 / 86400 per second, a = 3.2 m, v = 1.2 m/s
    const hazard = ((5000 / 86400) * 3.2) / 1.2;
    expect(one.road[0].p_crossing).toBeCloseTo(1 - Math.exp(-hazard), 14);
    expect(scaled.road[0].p_crossing).toBeCloseTo(1 - Math.exp(-2.5 * hazard), 14);
    expect(scaled.kill_width_m).toBe(one.kill_width_m);
    const fixed = resolveMortality({ ...spec, road: 0.2, traffic_scale: 3 }, t, animal, road, "f.yaml", "leopard");
    expect(fixed.road[0].q_cell).toBeCloseTo(1 - 0.8 ** 3, 14);
  });

  it("every species profile has what traffic mortality needs", () => {
    for (const s of SPECIES) {
      const a = SPECIES_MORTALITY[s];
      expect(a.body_length_m).toBeGreaterThan(0.5);
      expect(a.crossing_speed_m_s).toBeGreaterThan(0);
      expect(a.night_crossing_share).toBeGreaterThanOrEqual(0);
    }
  });
});

describe("bad input names the file and the key", () => {
  it("AADT missing where traffic mortality is asked for", () => {
    expect(() => resolveMortality(spec, undefined, animal, { lengthM: 3000, cellsPerCrossing: 2 }, "demo.yaml", "leopard")).toThrow(
      /demo\.yaml: landscape\.road\.traffic: .*aadt/,
    );
    expect(() =>
      resolveMortality(
        spec,
        traffic({ segments: [{ from_m: 0, to_m: 1000, aadt: 5000 }] }),
        animal,
        { lengthM: 3000, cellsPerCrossing: 2 },
        "demo.yaml",
        "leopard",
      ),
    ).toThrow(/demo\.yaml: landscape\.road\.traffic\.aadt: no AADT for chainage 1000-3000 m/);
  });

  it("a species without speed or length", () => {
    const fn = (a: object) => () =>
      resolveMortality(spec, traffic({ aadt: 5000 }), a, { lengthM: 3000, cellsPerCrossing: 2 }, "s.yaml", "lynx");
    expect(fn({ crossing_speed_m_s: 1 })).toThrow(/s\.yaml: mortality\.body_length_m: species 'lynx' has no body_length_m/);
    expect(fn({ body_length_m: 1 })).toThrow(/s\.yaml: mortality\.crossing_speed_m_s: species 'lynx' has no crossing_speed_m_s/);
    expect(() =>
      resolveMortality(
        spec,
        traffic({ aadt: 5000, night_share: 0.2 }),
        { body_length_m: 1, crossing_speed_m_s: 1 },
        { lengthM: 3000, cellsPerCrossing: 2 },
        "s.yaml",
        "lynx",
      ),
    ).toThrow(/mortality\.night_crossing_share/);
  });

  const file = (mortality: string, road = "{ width_m: 25, traffic: { aadt: 8000 } }") => ({
    landscape: { resistance: "r.tif", highway: "h.geojson", road: yamlish(road), cores: { raster: "c.tif", sides: { "1": "west" } } },
    mortality: yamlish(mortality),
  });
  // the cases below are written as JSON with bare keys
  function yamlish(s: string): unknown {
    return JSON.parse(s.replace(/(\w+):/g, '"$1":').replace(/'/g, '"'));
  }

  it("negative or > 1 mortality", () => {
    expect(() => validate(ScenarioFileSchema, file("{ background: -0.1 }"), "s.yaml")).toThrow(/s\.yaml.*mortality\.background/);
    expect(() => validate(ScenarioFileSchema, file("{ road: 1.5 }"), "s.yaml")).toThrow(/s\.yaml.*mortality\.road/);
    expect(() => validate(ScenarioFileSchema, file("{ road: 'traffic' }", "{ traffic: { aadt: -5 } }"), "s.yaml")).toThrow(
      /s\.yaml.*landscape\.road\.traffic\.aadt/,
    );
    expect(() => validate(ScenarioFileSchema, file("{ background: 0.001 }"), "s.yaml")).not.toThrow();
  });

  it("a mortality objective without a mortality block", () => {
    const f = { ...file("{}"), mortality: undefined, analysis: { objective: ["delta_road_deaths_pct"] } };
    expect(() => validate(ScenarioFileSchema, f, "s.yaml")).toThrow(/s\.yaml.*analysis\.objective\[0\].*needs a mortality block/);
  });
});
