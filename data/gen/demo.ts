/**
 * The illustrative demo landscape: builds every layer in memory (buildDemo) and writes them
 * (writeDemo). Deterministic: the same options give the same values, byte for byte.
 *
 * Real: the frame's position (southwest Primorye, EPSG:32652), the coastline and the Russia-China
 * border (Natural Earth). Invented: everything else - terrain, rivers, land cover, habitat, highway,
 * structures, villages, cores.
 */
import type { Feature, FeatureCollection, Position } from "geojson";
import { type Grid, makeGrid } from "../../src/grid/grid.ts";
import { crsFromEpsg } from "../../src/grid/crs.ts";
import { type CoreDesign, makeCores, ringArea } from "./cores.ts";
import { distanceTransform } from "./distance.ts";
import { type Frame, makeFrame } from "./frame.ts";
import { borderLines, cellLonLat, landMask, russiaMask } from "./geo.ts";
import { roundPos, simplify, lineLength } from "./geometry.ts";
import { habitat } from "./habitat.ts";
import { type HighwayDesign, layHighway, placeStructures, type RiverLine } from "./highway.ts";
import { traceRivers } from "./hydro.ts";
import { LANDCOVER, landcover, slopeOf } from "./landcover.ts";
import { fbm } from "./noise.ts";
import { utm52n } from "./project.ts";
import { subSeed } from "./random.ts";
import { burnLine, burnRing } from "./raster.ts";
import { terrain } from "./terrain.ts";
import { placeVillages } from "./villages.ts";

export const EPSG = 32652;

/** The demo's design: every hand-chosen number in one place. */
export const DESIGN = {
  seed: 20260601,
  /** North-west corner (m, EPSG:32652) and size: about 131.07-131.82 E, 43.06-43.47 N. */
  x0: 668_000,
  yTop: 4_815_000,
  widthM: 60_000,
  heightM: 45_000,
  cell: 50,
  maxElevation: 800,
  /** Steepest slope kept (rise/run); steeper cliffs are cut back. */
  maxSlope: 0.6,
  /** The main divide runs NE-SW near the border. */
  divide: { x: 678_000, y: 4_790_000, dx: 0.242535625, dy: 0.9701425001 },
  /** Streams draining at least this area (km2) are mapped rivers (water cells). */
  riverKm2: 6,
  /** Rivers draining at least this area are wider than one cell (at 50 m cells). */
  bigRiverKm2: 150,
  highway: { northX: 699_500, southX: 701_500, corridor: 4_000 } satisfies HighwayDesign,
  /** Structures on the highway keep at least this far apart (m). */
  structureSpacing: 2_500,
  cores: [
    { name: "Leopard core West", side: "west", x: 688_000, y: 4_797_000, radius: 8_000 },
    { name: "Southwest core", side: "west", x: 689_500, y: 4_777_000, radius: 3_500 },
    { name: "Northeast core", side: "east", x: 714_000, y: 4_807_000, radius: 4_500 },
    { name: "East core", side: "east", x: 714_500, y: 4_792_000, radius: 3_500 },
    { name: "Coastal core", side: "east", x: 707_500, y: 4_779_000, radius: 2_500 },
  ] satisfies CoreDesign[],
  /** Cores keep this far from the highway (m). */
  coreClearance: 1_500,
  villages: { count: 9, onHighway: 3, spacing: 4_500 },
  highwayProps: { id: "H1", name: "Coastal highway (illustrative)", class: "highway", lanes: 2, traffic_aadt: 6500, width_m: 25 },
  riverNames: ["Barsuchya", "Tigrovka", "Olenya", "Medvezhya", "Sobolinaya", "Lisya", "Kabanya", "Rysya", "Gornaya", "Kamenka", "Belkina", "Ivovaya"],
};

export interface DemoOptions {
  /** 1 = 50 m cells (the committed demo); 0.25 = 200 m cells, same landscape, coarser (for tests). */
  scale?: number;
  seed?: number;
}

export type GridName = "elevation" | "landcover" | "habitat" | "cores";
export type VectorName = "highway" | "crossings" | "villages" | "cores" | "rivers" | "border";

export interface Demo {
  frame: Frame;
  grids: Record<GridName, Grid>;
  vectors: Record<VectorName, FeatureCollection>;
  stats: Record<string, number | string>;
}

function fc(features: Feature[]): FeatureCollection {
  return { type: "FeatureCollection", features };
}

export function buildDemo(opts: DemoOptions = {}): Demo {
  const scale = opts.scale ?? 1;
  const seed = opts.seed ?? DESIGN.seed;
  const frame = makeFrame(DESIGN.x0, DESIGN.yTop, DESIGN.widthM, DESIGN.heightM, DESIGN.cell / scale);
  const { width, height, cell } = frame;
  const n = width * height;
  const cellKm2 = (cell * cell) / 1e6;
  const proj = utm52n();
  const stats: Record<string, number | string> = { width, height, cell };

  // Real context: the coast and the border.
  const lonLat = cellLonLat(frame, proj);
  const land = landMask(frame, lonLat);
  const russia = russiaMask(frame, lonLat);
  const border = borderLines(frame, proj);
  const sea = new Uint8Array(n);
  for (let k = 0; k < n; k++) sea[k] = land[k] ? 0 : 1;
  const seaDistance = distanceTransform(sea, width, height, cell);

  // Terrain and rivers.
  const terr = terrain(frame, land, seaDistance, {
    seed: subSeed(seed, "terrain"),
    maxElevation: DESIGN.maxElevation,
    maxSlope: DESIGN.maxSlope,
    divide: DESIGN.divide,
  });
  const elev = terr.elevation;
  // Eighth-metre steps are exact in binary, so the stored floats compress well.
  for (let k = 0; k < n; k++) if (land[k]) elev[k] = Math.round(elev[k] * 8) / 8;
  const slope = slopeOf(elev, width, height, cell);
  const river = new Uint8Array(n);
  const bigRiver = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const a = terr.accumulation[k] * cellKm2;
    if (land[k] && a >= DESIGN.riverKm2) river[k] = 1;
    if (land[k] && a >= DESIGN.bigRiverKm2) bigRiver[k] = 1;
  }
  const bigDist = distanceTransform(bigRiver, width, height, cell);
  const water = new Uint8Array(n);
  for (let k = 0; k < n; k++) water[k] = land[k] && (river[k] || bigDist[k] <= 60) ? 1 : 0;
  const riverDistance = distanceTransform(water, width, height, cell);

  const chains = traceRivers(terr, river);
  // Name the rivers by size (area at their mouth), biggest first.
  const riverLines = chains
    .map((cells) => ({ cells, area: terr.accumulation[cells[cells.length - 1]] * cellKm2 }))
    .sort((a, b) => b.area - a.area || a.cells[0] - b.cells[0])
    .map(({ cells, area }, i): RiverLine => ({
      coords: simplify(cells.map((k) => frame.center(k % width, Math.floor(k / width))), cell / 2).map((p) => roundPos(p, 1)),
      areaKm2: area,
      name: i < DESIGN.riverNames.length ? DESIGN.riverNames[i] : `stream ${i + 1}`,
    }));
  stats.rivers = riverLines.length;

  // The highway and its structures.
  const roadAllowed = new Uint8Array(n);
  for (let k = 0; k < n; k++) roadAllowed[k] = land[k] && russia[k] ? 1 : 0;
  const highway = layHighway(frame, DESIGN.highway, elev, slope, water, roadAllowed);
  const cellAt = (p: Position) => frame.cellOf(p[0], p[1]);
  const sampleElevation = (p: Position) => {
    const c = cellAt(p);
    return c ? elev[c[1] * width + c[0]] : NaN;
  };
  const streamArea = (p: Position) => {
    const c = cellAt(p);
    if (!c) return 0;
    let best = 0;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const cc = c[0] + dc;
        const rr = c[1] + dr;
        if (cc >= 0 && rr >= 0 && cc < width && rr < height) best = Math.max(best, terr.accumulation[rr * width + cc] * cellKm2);
      }
    }
    return best;
  };
  const structures = placeStructures(highway, riverLines, sampleElevation, streamArea, DESIGN.structureSpacing);
  const highwayCells = new Uint8Array(n);
  burnLine(highwayCells, frame, highway);
  const highwayDistance = distanceTransform(highwayCells, width, height, cell);
  stats.highway_km = Math.round(lineLength(highway)) / 1000;

  // Cores. Which side of the highway each cell centre lies on: the highway runs from the north edge
  // to the south edge, so a cell is east of it when the road crosses its row to the west of it an odd
  // number of times.
  const eastOfRoad = new Uint8Array(n);
  for (let r = 0; r < height; r++) {
    const y = frame.yTop - (r + 0.5) * cell;
    const xs: number[] = [];
    for (let i = 0; i + 1 < highway.length; i++) {
      const [ax, ay] = highway[i];
      const [bx, by] = highway[i + 1];
      if (ay > y !== by > y) xs.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
    }
    for (let c = 0; c < width; c++) {
      const x = frame.x0 + (c + 0.5) * cell;
      let count = 0;
      for (const v of xs) if (v < x) count++;
      eastOfRoad[r * width + c] = count & 1;
    }
  }
  const allowed = (p: Position, side: "west" | "east") => {
    const c = cellAt(p);
    if (!c) return false;
    const k = c[1] * width + c[0];
    return land[k] === 1 && russia[k] === 1 && highwayDistance[k] >= DESIGN.coreClearance && (eastOfRoad[k] === 1) === (side === "east");
  };
  const cores = makeCores(DESIGN.cores, allowed, subSeed(seed, "cores"));
  const coreIds = new Float32Array(n);
  for (const core of cores) burnRing(coreIds, frame, core.ring, core.id);
  for (let k = 0; k < n; k++) if (!land[k]) coreIds[k] = NaN;
  const inCore = new Uint8Array(n);
  for (let k = 0; k < n; k++) inCore[k] = coreIds[k] > 0 ? 1 : 0;
  const coreDistance = distanceTransform(inCore, width, height, cell);

  // Villages and their built-up areas.
  const excluded = new Uint8Array(n);
  for (let k = 0; k < n; k++) excluded[k] = !land[k] || !russia[k] || water[k] || coreDistance[k] < 1500 ? 1 : 0;
  const villages = placeVillages({
    frame, elevation: elev, slope, riverDistance, highwayDistance, excluded,
    count: DESIGN.villages.count, onHighway: DESIGN.villages.onHighway, spacing: DESIGN.villages.spacing,
    seed: subSeed(seed, "villages"),
  });
  const settlement = new Uint8Array(n);
  const vSeed = subSeed(seed, "village-shape");
  for (const v of villages) {
    const reach = Math.ceil((v.radius * 1.4) / cell);
    const c0 = frame.cellOf(v.at[0], v.at[1])!;
    for (let r = c0[1] - reach; r <= c0[1] + reach; r++) {
      for (let c = c0[0] - reach; c <= c0[0] + reach; c++) {
        if (r < 0 || c < 0 || r >= height || c >= width) continue;
        const k = r * width + c;
        if (!land[k] || water[k] || inCore[k]) continue;
        const x = frame.x0 + (c + 0.5) * frame.cell;
      const y = frame.yTop - (r + 0.5) * frame.cell;
        const wob = 1 + 0.3 * fbm(x, y, 400, 2, vSeed + v.id);
        if (Math.hypot(x - v.at[0], y - v.at[1]) <= v.radius * wob) settlement[k] = 1;
      }
    }
  }
  // A village always covers at least its own cell, even on a coarse grid.
  for (const v of villages) {
    const c = frame.cellOf(v.at[0], v.at[1])!;
    settlement[c[1] * width + c[0]] = 1;
  }
  const settlementDistance = distanceTransform(settlement, width, height, cell);

  // Land cover and habitat.
  const lc = landcover({
    frame, elevation: elev, slope, water, settlement, protectedArea: inCore, riverDistance, seed: subSeed(seed, "landcover"),
  });
  const hab = habitat({ frame, landcover: lc, elevation: elev, settlementDistance, highwayDistance, seed: subSeed(seed, "habitat") });
  const counts = [0, 0, 0, 0, 0, 0];
  let landCells = 0;
  for (let k = 0; k < n; k++) if (lc[k] === lc[k]) { counts[lc[k]]++; landCells++; }
  for (const [name, code] of Object.entries(LANDCOVER)) stats[`${name}_pct`] = Math.round((1000 * counts[code]) / landCells) / 10;
  stats.sea_pct = Math.round((1000 * (n - landCells)) / n) / 10;

  // Assemble.
  const crs = crsFromEpsg(EPSG);
  const grid = (data: Float32Array): Grid => makeGrid(width, height, data, { transform: [...frame.transform], crs, nodata: -9999 });
  const grids: Record<GridName, Grid> = { elevation: grid(elev), landcover: grid(lc), habitat: grid(hab), cores: grid(coreIds) };

  const vectors: Record<VectorName, FeatureCollection> = {
    highway: fc([{ type: "Feature", properties: { ...DESIGN.highwayProps, length_m: Math.round(lineLength(highway)) }, geometry: { type: "LineString", coordinates: highway } }]),
    crossings: fc(structures.map((s) => ({
      type: "Feature",
      properties: { id: s.id, name: s.name, type: s.type, width_m: s.width_m, chainage_m: s.chainage_m, note: s.note },
      geometry: { type: "Point", coordinates: s.at },
    }))),
    villages: fc(villages.map((v) => ({
      type: "Feature",
      properties: { id: v.id, name: v.name, population: v.population },
      geometry: { type: "Point", coordinates: roundPos(v.at) },
    }))),
    cores: fc(cores.map((c) => ({
      type: "Feature",
      properties: { id: c.id, name: c.name, side: c.side, area_km2: Math.round(ringArea(c.ring) / 1e4) / 100 },
      geometry: { type: "Polygon", coordinates: [c.ring] },
    }))),
    rivers: fc(riverLines.map((r, i) => ({
      type: "Feature",
      properties: { id: i + 1, name: r.name, upstream_km2: Math.round(r.areaKm2 * 10) / 10 },
      geometry: { type: "LineString", coordinates: r.coords },
    }))),
    border: fc(border.map((line) => ({
      type: "Feature",
      properties: { name: "Russia-China border", source: "Natural Earth 1:10m admin-0 (public domain), via world-atlas" },
      geometry: { type: "LineString", coordinates: line.map((p) => roundPos(p, 1)) },
    }))),
  };
  return { frame, grids, vectors, stats };
}
