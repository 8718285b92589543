/**
 * Hillshade by Horn's (1981) method, the one ArcGIS and gdaldem use by default: slope and aspect
 * from a 3 x 3 window with weights 1-2-1, lit from azimuth 315 deg (north-west, so that relief reads
 * as raised to the eye) at altitude 45 deg.
 *
 * Window (rows go south):   a b c
 *                           d e f
 *                           g h i
 * dz/dx = ((c + 2f + i) - (a + 2d + g)) / (8 dx)
 * dz/dy = ((g + 2h + i) - (a + 2b + c)) / (8 dy)
 * slope = atan(zFactor * sqrt(dz/dx^2 + dz/dy^2)),  aspect = atan2(dz/dy, -dz/dx)
 * shade = cos(zenith) cos(slope) + sin(zenith) sin(slope) cos(azimuthMath - aspect)
 * with zenith = 90 - altitude and azimuthMath = 450 - azimuth (compass to maths angle).
 * Edges and nodata neighbours take the centre value (a flat continuation), so the border is shaded
 * instead of dropped; nodata centres give NaN.
 */
import type { Grid } from "../grid/grid.ts";

export interface HillshadeOptions {
  azimuth?: number;
  altitude?: number;
  zFactor?: number;
}

/** Shade 0..1 per cell (NaN where the elevation is nodata). */
export function hillshade(dem: Grid, opts: HillshadeOptions = {}): Float32Array {
  const { width: w, height: h, data } = dem;
  const dx = Math.abs(dem.transform[1]);
  const dy = Math.abs(dem.transform[5]);
  const zf = opts.zFactor ?? 1;
  const zen = ((90 - (opts.altitude ?? 45)) * Math.PI) / 180;
  const az = (((450 - (opts.azimuth ?? 315)) % 360) * Math.PI) / 180;
  const cz = Math.cos(zen);
  const sz = Math.sin(zen);
  const out = new Float32Array(w * h);
  for (let r = 0; r < h; r++) {
    const rn = r > 0 ? r - 1 : r;
    const rs = r < h - 1 ? r + 1 : r;
    for (let c = 0; c < w; c++) {
      const e = data[r * w + c];
      if (Number.isNaN(e)) {
        out[r * w + c] = NaN;
        continue;
      }
      const cw = c > 0 ? c - 1 : c;
      const ce = c < w - 1 ? c + 1 : c;
      // Inline reads with NaN -> centre substitution; no closures or arrays in the inner loop.
      let a = data[rn * w + cw];
      if (a !== a) a = e;
      let b = data[rn * w + c];
      if (b !== b) b = e;
      let cc = data[rn * w + ce];
      if (cc !== cc) cc = e;
      let d = data[r * w + cw];
      if (d !== d) d = e;
      let f = data[r * w + ce];
      if (f !== f) f = e;
      let g = data[rs * w + cw];
      if (g !== g) g = e;
      let hh = data[rs * w + c];
      if (hh !== hh) hh = e;
      let i = data[rs * w + ce];
      if (i !== i) i = e;
      const dzdx = (cc + 2 * f + i - (a + 2 * d + g)) / (8 * dx);
      const dzdy = (g + 2 * hh + i - (a + 2 * b + cc)) / (8 * dy);
      const slope = Math.atan(zf * Math.sqrt(dzdx * dzdx + dzdy * dzdy));
      const aspect = Math.atan2(dzdy, -dzdx);
      const s = cz * Math.cos(slope) + sz * Math.sin(slope) * Math.cos(az - aspect);
      out[r * w + c] = s < 0 ? 0 : s;
    }
  }
  return out;
}
