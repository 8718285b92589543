/**
 * Villages: placed on low, gentle ground near rivers (where villages are), away from the protected
 * cores, some along the highway. The names are invented.
 */
import type { Position } from "geojson";
import type { Frame } from "./frame.ts";
import { hash2 } from "./random.ts";

/** Invented, Russian-sounding names. Any likeness to a real place is a coincidence. */
export const VILLAGE_NAMES = [
  "Sosnovy Log",
  "Kedrovka",
  "Zarechnoye",
  "Berezovy Yar",
  "Kamennaya Pad",
  "Tikhaya Dolina",
  "Lesnoy Klyuch",
  "Olkhovka",
  "Dubovy Mys",
  "Ryabinovka",
];

export interface Village {
  id: number;
  name: string;
  at: Position;
  population: number;
  /** Radius of the built-up area (m). */
  radius: number;
}

export interface VillageInputs {
  frame: Frame;
  elevation: Float32Array;
  slope: Float32Array;
  riverDistance: Float32Array;
  highwayDistance: Float32Array;
  /** 1 where a village may not stand (cores and their margin, China, water). */
  excluded: Uint8Array;
  count: number;
  /** How many of them stand on the highway (within 1 km). */
  onHighway: number;
  spacing: number;
  seed: number;
}

export function placeVillages(inp: VillageInputs): Village[] {
  const { frame, elevation, slope, riverDistance, highwayDistance, excluded, seed } = inp;
  const { width, height } = frame;
  type Cand = { k: number; score: number; nearRoad: boolean };
  const cands: Cand[] = [];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const k = r * width + c;
      const z = elevation[k];
      if (z !== z || excluded[k] || z > 200 || slope[k] > 0.08 || riverDistance[k] > 600 || riverDistance[k] < 100) continue;
      // Keep a margin from the frame's edge, so that each village is whole.
      const x = frame.x0 + (c + 0.5) * frame.cell;
      const y = frame.yTop - (r + 0.5) * frame.cell;
      const [minX, minY, maxX, maxY] = frame.extent();
      if (x - minX < 1500 || maxX - x < 1500 || y - minY < 1500 || maxY - y < 1500) continue;
      const score = hash2(c, r, seed) - z / 400 - slope[k] * 3;
      cands.push({ k, score, nearRoad: highwayDistance[k] > 250 && highwayDistance[k] < 1000 });
    }
  }
  cands.sort((a, b) => b.score - a.score || a.k - b.k);
  const chosen: Cand[] = [];
  const far = (cand: Cand) => {
    const [x, y] = frame.center(cand.k % width, Math.floor(cand.k / width));
    return chosen.every((o) => {
      const [ox, oy] = frame.center(o.k % width, Math.floor(o.k / width));
      return Math.hypot(x - ox, y - oy) >= inp.spacing;
    });
  };
  for (const c of cands) {
    if (chosen.length >= inp.onHighway) break;
    if (c.nearRoad && far(c)) chosen.push(c);
  }
  for (const c of cands) {
    if (chosen.length >= inp.count) break;
    if (!chosen.includes(c) && far(c)) chosen.push(c);
  }
  // Number them north to south, west to east, so ids read naturally on a map.
  const pts = chosen.map((c) => ({ c, at: frame.center(c.k % width, Math.floor(c.k / width)) as Position }));
  pts.sort((a, b) => b.at[1] - a.at[1] || a.at[0] - b.at[0]);
  return pts.map(({ c, at }, i) => {
    const u = hash2(c.k, 7, seed + 1);
    const population = Math.round((150 + 2400 * u * u) / 10) * 10;
    return { id: i + 1, name: VILLAGE_NAMES[i % VILLAGE_NAMES.length], at, population, radius: 300 + 0.25 * population };
  });
}
