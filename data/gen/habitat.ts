/**
 * Habitat suitability 0..1 for a large forest carnivore (leopard-like): highest in mid-elevation
 * forest far from people, low on farmland, near zero in villages; the highway and the villages
 * depress the habitat around them. Invented rules, plausible in shape only.
 */
import { fbm } from "./noise.ts";
import type { Frame } from "./frame.ts";

/** Suitability of each land-cover class before disturbance (index = class code). */
export const CLASS_SUITABILITY = [0, 0.9, 0.6, 0.2, 0.02, 0.35];

export interface HabitatInputs {
  frame: Frame;
  landcover: Float32Array;
  elevation: Float32Array;
  /** Distance to the nearest settlement cell (m). */
  settlementDistance: Float32Array;
  /** Distance to the highway (m). */
  highwayDistance: Float32Array;
  seed: number;
}

/** Suitability in [0, 1], quantised to 1/1024 (exact in binary: compresses well), NaN at sea. */
export function habitat(inp: HabitatInputs): Float32Array {
  const { frame, landcover, elevation, settlementDistance, highwayDistance, seed } = inp;
  const { width, height } = frame;
  const out = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const k = r * width + c;
      const cls = landcover[k];
      if (cls !== cls) {
        out[k] = NaN;
        continue;
      }
      const x = frame.x0 + (c + 0.5) * frame.cell;
      const y = frame.yTop - (r + 0.5) * frame.cell;
      const z = elevation[k];
      const elevFactor = 0.8 + 0.2 * Math.exp(-(((z - 350) / 250) ** 2));
      const people = 1 - 0.85 * Math.exp(-settlementDistance[k] / 700);
      const road = 1 - 0.7 * Math.exp(-highwayDistance[k] / 400);
      const texture = 1 + 0.08 * fbm(x, y, 2000, 3, seed + 1);
      const h = CLASS_SUITABILITY[cls] * elevFactor * people * road * texture;
      out[k] = Math.round(Math.min(1, Math.max(0, h)) * 1024) / 1024;
    }
  }
  return out;
}
