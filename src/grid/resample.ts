/**
 * Resampling a layer onto a template grid: every template cell takes the value of the source at its
 * centre - the nearest source cell (for classes), or bilinear interpolation between the four nearest
 * source cell centres (for continuous values). A centre that falls in a nodata source cell is nodata. When the CRSs differ each template centre is first
 * projected into the source CRS with proj4. Cells outside the source are NaN.
 */
import { makeTransformer, sameCrs } from "../io/crs.ts";
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

export function resampleTo(src: Grid, template: Grid, method: ResampleMethod): Grid {
  if (method !== "nearest" && method !== "bilinear") {
    throw new CrosswayError(`unknown resampling method "${method}" (expected "nearest" or "bilinear")`);
  }
  const needsProjection = src.crs !== null && template.crs !== null && !sameCrs(src.crs, template.crs);
  const project = needsProjection ? makeTransformer(template.crs!, src.crs!) : null;
  const toPixel = invert(src.transform);
  const { width: sw, height: sh, data: sd } = src;
  const { width: tw, height: th } = template;
  const t = template.transform;
  const out = src.data instanceof Float64Array ? new Float64Array(tw * th) : new Float32Array(tw * th);
  const px = new Float64Array(2);
  for (let r = 0; r < th; r++) {
    for (let c = 0; c < tw; c++) {
      let x = t[0] + (c + 0.5) * t[1] + (r + 0.5) * t[2];
      let y = t[3] + (c + 0.5) * t[4] + (r + 0.5) * t[5];
      if (project !== null) [x, y] = project(x, y);
      toPixel(x, y, px);
      const fc = px[0];
      const fr = px[1];
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
            const w = ((k & 1) ? wx : 1 - wx) * ((k >> 1) ? wy : 1 - wy);
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
