/**
 * Resampling a layer onto a template grid: every template cell takes the value of the source at its
 * centre - the nearest source cell (for classes), or bilinear interpolation between the four nearest
 * source cell centres (for continuous values). A centre that falls in a nodata source cell is nodata. When the CRSs differ each template centre is first
 * projected into the source CRS with proj4. Cells outside the source are NaN.
 */
import { makeTransformer, sameCrs } from "./crs.ts";
import { CrosswayError } from "../util/errors.ts";
import type { Grid, GeoTransform } from "./grid.ts";

export type ResampleMethod = "nearest" | "bilinear";

/** Inverse of an affine geotransform: map (x, y) -> fractional (col, row). */
function invert(t: GeoTransform): (x: number, y: number, out: Float64Array) => void {
  const det = t[1] * t[5] - t[2] * t[4];
  if (det === 0 || !Number.isFinite(det)) throw new CrosswayError(`geotransform [${t.join(", ")}] is not invertible`);
  const a = t[5] / det;
  const b = -t[2] / det;
  const c = -t[4] / det;
  const d = t[1] / det;
  return (x, y, out) => {
    const dx = x - t[0];
    const dy = y - t[3];
    out[0] = a * dx + b * dy;
    out[1] = c * dx + d * dy;
  };
}

export interface ResampleOptions {
  /**
   * Across CRSs, the largest error (in source cells) allowed when cell centres between exactly
   * projected ones are interpolated linearly along a row - GDAL's approximate transformer, with its
   * default of 0.125. 0 projects every cell centre exactly.
   */
  maxError?: number;
}

/** Cells between exactly projected ones along a row when the error check allows it. */
const STEP = 32;

export function resampleTo(src: Grid, template: Grid, method: ResampleMethod, opts: ResampleOptions = {}): Grid {
  if (method !== "nearest" && method !== "bilinear") {
    throw new CrosswayError(`unknown resampling method "${method}" (expected "nearest" or "bilinear")`);
  }
  const maxError = opts.maxError ?? 0.125;
  const needsProjection = src.crs !== null && template.crs !== null && !sameCrs(src.crs, template.crs);
  const project = needsProjection ? makeTransformer(template.crs!, src.crs!) : null;
  const toPixel = invert(src.transform);
  const { width: sw, height: sh, data: sd } = src;
  const { width: tw, height: th } = template;
  const t = template.transform;
  const out = src.data instanceof Float64Array ? new Float64Array(tw * th) : new Float32Array(tw * th);
  const px = new Float64Array(2);
  // Source (col, row) of each template cell centre in the current row.
  const rowC = new Float64Array(tw);
  const rowR = new Float64Array(tw);
  const exact = (c: number, r: number): void => {
    let x = t[0] + (c + 0.5) * t[1] + (r + 0.5) * t[2];
    let y = t[3] + (c + 0.5) * t[4] + (r + 0.5) * t[5];
    if (project !== null) [x, y] = project(x, y);
    toPixel(x, y, px);
    rowC[c] = px[0];
    rowR[c] = px[1];
  };
  for (let r = 0; r < th; r++) {
    if (project === null || maxError <= 0 || tw < 3) {
      for (let c = 0; c < tw; c++) exact(c, r);
    } else {
      exact(0, r);
      for (let a = 0; a < tw - 1; a += STEP) {
        const b = Math.min(a + STEP, tw - 1);
        exact(b, r);
        if (b - a < 2) continue;
        const m = (a + b) >> 1;
        exact(m, r);
        const f = (m - a) / (b - a);
        const errC = Math.abs(rowC[a] + f * (rowC[b] - rowC[a]) - rowC[m]);
        const errR = Math.abs(rowR[a] + f * (rowR[b] - rowR[a]) - rowR[m]);
        if (errC <= maxError && errR <= maxError) {
          for (let c = a + 1; c < b; c++) {
            const g = (c - a) / (b - a);
            rowC[c] = rowC[a] + g * (rowC[b] - rowC[a]);
            rowR[c] = rowR[a] + g * (rowR[b] - rowR[a]);
          }
        } else {
          // Too curved (or outside the projection's domain) here: project every centre.
          for (let c = a + 1; c < b; c++) exact(c, r);
        }
      }
    }
    for (let c = 0; c < tw; c++) {
      const fc = rowC[c];
      const fr = rowR[c];
      let v = NaN;
      if (fc >= 0 && fr >= 0 && fc < sw && fr < sh) {
        v = sd[Math.floor(fr) * sw + Math.floor(fc)];
        // A point inside a nodata source cell stays nodata in both methods (nodata may be a barrier).
        if (method === "bilinear" && v === v) {
          // Between the four nearest cell centres; neighbours that are nodata or off the grid drop out and
          // the remaining weights are renormalised (as GDAL does), so values near edges and holes survive.
          const gx = fc - 0.5;
          const gy = fr - 0.5;
          const c0 = Math.floor(gx);
          const r0 = Math.floor(gy);
          const wx = gx - c0;
          const wy = gy - r0;
          let sum = 0;
          let wsum = 0;
          for (let k = 0; k < 4; k++) {
            const cc = c0 + (k & 1);
            const rr = r0 + (k >> 1);
            if (cc < 0 || rr < 0 || cc >= sw || rr >= sh) continue;
            const w = (k & 1 ? wx : 1 - wx) * (k >> 1 ? wy : 1 - wy);
            const s = sd[rr * sw + cc];
            if (w === 0 || s !== s) continue;
            sum += w * s;
            wsum += w;
          }
          v = wsum > 0 ? sum / wsum : NaN;
        }
      }
      out[r * tw + c] = v;
    }
  }
  return { width: tw, height: th, data: out, transform: [...t] as GeoTransform, crs: template.crs ?? src.crs, nodata: src.nodata };
}
