/**
 * Land-cover classes of the illustrative landscape, by simple rules that mimic the pattern of
 * southwest Primorye: forest on the ridges and slopes, farmland on the flat valley floors and around
 * villages, shrub on old burns and as a belt between field and forest, rivers as water.
 */
import type { Frame } from "./frame.ts";
import { distanceTransform } from "./distance.ts";
import { fbm } from "./noise.ts";

export const LANDCOVER = { forest: 1, shrub: 2, agriculture: 3, settlement: 4, water: 5 } as const;

export interface LandcoverInputs {
  frame: Frame;
  elevation: Float32Array;
  /** Slope as rise/run. */
  slope: Float32Array;
  /** 1 on river (water) cells. */
  water: Uint8Array;
  /** 1 on settlement cells. */
  settlement: Uint8Array;
  /** 1 inside protected cores (no new farmland there). */
  protectedArea: Uint8Array;
  /** Distance to the nearest river cell (m). */
  riverDistance: Float32Array;
  seed: number;
}

/** Class codes 1..5, NaN at sea. */
export function landcover(inp: LandcoverInputs): Float32Array {
  const { frame, elevation, slope, water, settlement, protectedArea, riverDistance, seed } = inp;
  const { width, height } = frame;
  const n = width * height;
  const settleDist = distanceTransform(settlement, width, height, frame.cell);
  // Farmland: flat, low ground near a river or a village; patchy edges from noise.
  const farm = new Uint8Array(n);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const k = r * width + c;
      const z = elevation[k];
      if (z !== z || water[k] || settlement[k] || protectedArea[k]) continue;
      const x = frame.x0 + (c + 0.5) * frame.cell;
      const y = frame.yTop - (r + 0.5) * frame.cell;
      const patch = fbm(x, y, 2500, 3, seed + 3);
      const valleyFloor = z < 130 + 50 * patch && slope[k] < 0.06 && riverDistance[k] < 900 + 500 * patch;
      const nearVillage = settleDist[k] < 1200 + 500 * patch && slope[k] < 0.1;
      if (valleyFloor || nearVillage) farm[k] = 1;
    }
  }
  const open = new Uint8Array(n);
  for (let k = 0; k < n; k++) open[k] = farm[k] || settlement[k] ? 1 : 0;
  const openDist = distanceTransform(open, width, height, frame.cell);
  const out = new Float32Array(n);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const k = r * width + c;
      const z = elevation[k];
      if (z !== z) {
        out[k] = NaN;
        continue;
      }
      if (water[k]) out[k] = LANDCOVER.water;
      else if (settlement[k]) out[k] = LANDCOVER.settlement;
      else if (farm[k]) out[k] = LANDCOVER.agriculture;
      else {
        const x = frame.x0 + (c + 0.5) * frame.cell;
      const y = frame.yTop - (r + 0.5) * frame.cell;
        // Old burns: large shrubby patches, commoner on the low hills than in the high forest.
        const burn = fbm(x, y, 5000, 4, seed + 7) + (z < 300 ? 0.1 : -0.1);
        const belt = openDist[k] <= 150 + 100 * fbm(x, y, 800, 2, seed + 9);
        out[k] = burn > 0.32 || belt ? LANDCOVER.shrub : LANDCOVER.forest;
      }
    }
  }
  return out;
}

/** Slope (rise / run) by central differences, edges one-sided; 0 beside the sea. */
export function slopeOf(elev: Float32Array, width: number, height: number, cell: number): Float32Array {
  const out = new Float32Array(width * height);
  const at = (c: number, r: number, fallback: number) => {
    if (c < 0 || r < 0 || c >= width || r >= height) return fallback;
    const v = elev[r * width + c];
    return v === v ? v : fallback;
  };
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const z = elev[r * width + c];
      if (z !== z) continue;
      const dx = (at(c + 1, r, z) - at(c - 1, r, z)) / (2 * cell);
      const dy = (at(c, r + 1, z) - at(c, r - 1, z)) / (2 * cell);
      out[r * width + c] = Math.hypot(dx, dy);
    }
  }
  return out;
}
