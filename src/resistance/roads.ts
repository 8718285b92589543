/**
 * Roads and fences burnt into a resistance surface.
 *
 * Road footprint (lines already in the grid's CRS, widths in map units):
 *   road cells = { cells whose centre lies within width/2 of the centreline }   (the true width)
 *              U { cells the centreline passes through }                       (never thinner than
 *                                                                                a cell, no gaps)
 *              U { both end cells of every 8-neighbour step between cell centres that crosses
 *                  the centreline }                                              (see below)
 *   then made 4-connected (rasterize.ts), so no 8-neighbour move slips between two road cells
 *   that meet only at a corner.
 * Why the step ends: in the circuit graph an edge's conductance is the mean of its two cells'
 * conductances (Circuitscape's default), so an edge from land (1/5) to a road cell (1/10000)
 * still has g ~ 0.1 and a road one cell thick barely blocks current. Only when every step across
 * the centreline joins two road cells does the road's resistance act in full on every path (the
 * edge across is then 1/R_road under either averaging rule). It costs a second cell row where a
 * narrow road happens to fall inside a single row of cells. The first set is what gdal_rasterize burns for a buffer polygon
 *   (default centre rule), the second what it burns for the line with -at (all touched).
 * A road cell takes the road's resistance, or keeps the underlying value if that is higher (a road
 * never makes a cell easier to cross). Where roads overlap, the higher resistance wins. Nodata
 * under a road stays nodata (it marks the edge of the study area, not land).
 *
 * Optional disturbance beside the road: a non-road cell at distance d from the nearest road edge
 * (centre distance minus half the width) gains A * exp(-d / L) resistance, for d <= maxDistance.
 *
 * Fences are barriers: +Infinity on the cells their lines pass through (4-connected by
 * construction), plus cells within width/2 when a fence is given a width.
 */
import type { Feature, FeatureCollection } from "geojson";
import { stepCrossing } from "../geometry/polyline.ts";
import type { Grid } from "../grid/grid.ts";
import { CrosswayError } from "../util/errors.ts";
import { type XY, featureLabel, featuresOf, lineParts } from "./geometry.ts";
import { cellsWithin, frameOf, makeFourConnected, traverseSegment } from "./rasterize.ts";

export interface RoadLine {
  parts: XY[][];
  /** Full width in map units. */
  width: number;
  resistance: number;
  label: string;
}

export interface RoadSpec {
  /** Property holding the width in map units (metres for UTM grids). */
  widthAttribute?: string;
  defaultWidth?: number;
  /** Property holding the class looked up in `table`. */
  classAttribute?: string;
  table?: Record<string, number>;
  /** Property holding a numeric traffic value (e.g. vehicles/day) looked up in `breaks`. */
  trafficAttribute?: string;
  /** Ascending thresholds: the resistance of the last break whose `min` <= the value. */
  breaks?: { min: number; resistance: number }[];
  /** One resistance for every road when no table applies. */
  resistance?: number;
}

export interface RoadDecay {
  amplitude: number;
  length: number;
  maxDistance: number;
}

export interface RoadRaster {
  /** 1 on road cells. */
  mask: Uint8Array;
  /** Road resistance on road cells, NaN elsewhere. */
  resistance: Float64Array;
  /** Added disturbance resistance beside roads (0 elsewhere), or null without decay. */
  added: Float64Array | null;
  /** Cells added beyond the width and the centreline walk: step ends across the line, and cells closing diagonal contacts. */
  thickened: number;
}

function prop(f: Feature, key: string): unknown {
  return (f.properties as Record<string, unknown> | null | undefined)?.[key];
}

/** Road lines with their width and resistance, from GeoJSON already in the grid CRS. */
export function roadLinesFromGeoJson(doc: FeatureCollection | Feature, spec: RoadSpec, file?: string): RoadLine[] {
  const feats = featuresOf(doc, file);
  return feats.map((f, i) => {
    const label = featureLabel(f, i);
    const parts = lineParts(f.geometry, label, file);
    let width: number | undefined;
    if (spec.widthAttribute !== undefined && prop(f, spec.widthAttribute) !== undefined && prop(f, spec.widthAttribute) !== null) {
      const w = Number(prop(f, spec.widthAttribute));
      if (!Number.isFinite(w)) {
        throw new CrosswayError(`${label}: ${spec.widthAttribute} = ${JSON.stringify(prop(f, spec.widthAttribute))} is not a number`, {
          file,
        });
      }
      width = w;
    } else width = spec.defaultWidth;
    if (width === undefined) {
      throw new CrosswayError(`${label} has no "${spec.widthAttribute ?? "width"}" property and the recipe sets no default_width`, {
        file,
      });
    }
    if (!(width > 0)) throw new CrosswayError(`${label}: width ${width} must be positive`, { file });
    return { parts, width, resistance: roadResistance(f, spec, label, file), label };
  });
}

function roadResistance(f: Feature, spec: RoadSpec, label: string, file?: string): number {
  if (spec.classAttribute !== undefined && spec.table) {
    const v = prop(f, spec.classAttribute);
    if (v === undefined || v === null) {
      throw new CrosswayError(`${label} has no "${spec.classAttribute}" property (needed for the road table)`, { file });
    }
    const r = spec.table[String(v)];
    if (r === undefined) {
      throw new CrosswayError(
        `${label}: ${spec.classAttribute} = ${JSON.stringify(v)} has no entry in the road table (known: ${Object.keys(spec.table).join(", ")})`,
        { file },
      );
    }
    return r;
  }
  if (spec.trafficAttribute !== undefined && spec.breaks) {
    const raw = prop(f, spec.trafficAttribute);
    const v = Number(raw);
    if (raw === undefined || raw === null || !Number.isFinite(v)) {
      throw new CrosswayError(`${label}: "${spec.trafficAttribute}" = ${JSON.stringify(raw)} is not a number`, { file });
    }
    let r: number | undefined;
    for (const b of spec.breaks) if (v >= b.min) r = b.resistance;
    if (r === undefined) {
      throw new CrosswayError(`${label}: ${spec.trafficAttribute} = ${v} is below the lowest traffic break (${spec.breaks[0]?.min})`, {
        file,
      });
    }
    return r;
  }
  if (spec.resistance !== undefined) return spec.resistance;
  throw new CrosswayError("roads need a resistance: a class table, traffic breaks or one resistance value", { file });
}

/** Rasterize roads onto the template grid (see the file comment for the rules). */
export function rasterizeRoads(grid: Grid, roads: RoadLine[], decay?: RoadDecay | null): RoadRaster {
  const f = frameOf(grid);
  const n = grid.width * grid.height;
  const mask = new Uint8Array(n);
  const res = new Float64Array(n).fill(NaN);
  // Distance from a cell centre to the nearest centreline: picks which cell closes a diagonal contact.
  const near = new Float32Array(n).fill(Infinity);
  const edge = decay ? new Float32Array(n).fill(Infinity) : null;
  const cell = Math.max(Math.abs(f.dx), Math.abs(f.dy));
  const w = grid.width;
  let stepEnds = 0;
  let rMin = grid.height;
  let rMax = -1;
  let cMin = grid.width;
  let cMax = -1;
  const mark = (idx: number, r: number) => {
    mask[idx] = 1;
    if (!(res[idx] >= r)) res[idx] = r;
    const row = Math.floor(idx / grid.width);
    const col = idx - row * grid.width;
    if (row < rMin) rMin = row;
    if (row > rMax) rMax = row;
    if (col < cMin) cMin = col;
    if (col > cMax) cMax = col;
  };
  for (const road of roads) {
    const half = road.width / 2;
    // A step across the line has both ends within one diagonal (cell * sqrt 2) of it.
    const reach = Math.max(half, cell * Math.SQRT2) + (decay ? decay.maxDistance : 0);
    for (const part of road.parts) {
      for (let s = 0; s + 1 < part.length; s++) {
        const [ax, ay] = part[s];
        const [bx, by] = part[s + 1];
        traverseSegment(f, ax, ay, bx, by, (idx) => mark(idx, road.resistance));
        cellsWithin(f, ax, ay, bx, by, reach, (idx, d) => {
          if (d < near[idx]) near[idx] = d;
          if (d <= half) mark(idx, road.resistance);
          if (edge) {
            const e = d - half;
            if (e < edge[idx]) edge[idx] = e;
          }
        });
        // Both ends of every step that crosses this segment (forward half of the 8 neighbours
        // from each candidate cell, so each step is tested once per segment).
        cellsWithin(f, ax, ay, bx, by, cell * Math.SQRT2, (u) => {
          const ur = Math.floor(u / w);
          const uc = u - ur * w;
          const ux = f.x0 + (uc + 0.5) * f.dx;
          const uy = f.y0 + (ur + 0.5) * f.dy;
          for (let k = 0; k < 4; k++) {
            const vc = uc + STEP_DC[k];
            const vr = ur + STEP_DR[k];
            if (vc < 0 || vr < 0 || vc >= w || vr >= grid.height) continue;
            const v = vr * w + vc;
            // The scenario engine's centreline test (half-open rule), so every step it counts as
            // crossing the road is marked here too.
            if (Number.isNaN(stepCrossing(ux, uy, f.x0 + (vc + 0.5) * f.dx, f.y0 + (vr + 0.5) * f.dy, ax, ay, bx, by))) continue;
            for (const idx of [u, v]) {
              if (!mask[idx]) stepEnds++;
              mark(idx, road.resistance);
            }
          }
        });
      }
    }
  }
  let thickened = stepEnds;
  if (rMax >= 0) {
    thickened += makeFourConnected(
      mask,
      grid.width,
      grid.height,
      (i) => near[i],
      (i, a, b) => {
        res[i] = Math.max(res[a], res[b]);
      },
      [rMin, rMax, cMin, cMax],
    );
  }
  let added: Float64Array | null = null;
  if (decay && edge) {
    checkDecay(decay);
    added = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (mask[i]) continue;
      const d = edge[i] < 0 ? 0 : edge[i];
      if (d <= decay.maxDistance) added[i] = decay.amplitude * Math.exp(-d / decay.length);
    }
  }
  return { mask, resistance: res, added, thickened };
}

const STEP_DC = [1, 0, 1, -1];
const STEP_DR = [0, 1, 1, 1];

function checkDecay(d: RoadDecay): void {
  if (!(d.amplitude >= 0) || !(d.length > 0) || !(d.maxDistance >= 0)) {
    throw new CrosswayError(
      `road decay needs amplitude >= 0, length > 0 and max_distance >= 0; got ${d.amplitude}, ${d.length}, ${d.maxDistance}`,
      { field: "roads.decay" },
    );
  }
}

/** Fence lines -> mask of barrier cells (4-connected). `width` in map units, 0 for a thin fence. */
export function rasterizeFences(grid: Grid, fences: { parts: XY[][]; width?: number }[]): Uint8Array {
  const f = frameOf(grid);
  const mask = new Uint8Array(grid.width * grid.height);
  const near = new Float32Array(mask.length).fill(Infinity);
  const cell = Math.max(Math.abs(f.dx), Math.abs(f.dy));
  for (const fence of fences) {
    const half = (fence.width ?? 0) / 2;
    for (const part of fence.parts) {
      for (let s = 0; s + 1 < part.length; s++) {
        const [ax, ay] = part[s];
        const [bx, by] = part[s + 1];
        traverseSegment(f, ax, ay, bx, by, (idx) => {
          mask[idx] = 1;
        });
        cellsWithin(f, ax, ay, bx, by, Math.max(half, cell), (idx, d) => {
          if (d < near[idx]) near[idx] = d;
          if (d <= half) mask[idx] = 1;
        });
      }
    }
  }
  // The walk alone is 4-connected, but a thick fence's centre-rule cells need not be.
  makeFourConnected(mask, grid.width, grid.height, (i) => near[i]);
  return mask;
}

/** Fence features from GeoJSON (in the grid CRS); an optional width property in map units. */
export function fenceLinesFromGeoJson(
  doc: FeatureCollection | Feature,
  file?: string,
  widthAttribute = "width",
): { parts: XY[][]; width?: number; label: string }[] {
  return featuresOf(doc, file).map((f, i) => {
    const label = featureLabel(f, i);
    const raw = prop(f, widthAttribute);
    const width = raw === undefined || raw === null ? undefined : Number(raw);
    if (width !== undefined && !(width >= 0))
      throw new CrosswayError(`${label}: fence width ${JSON.stringify(raw)} must be >= 0`, { file });
    return { parts: lineParts(f.geometry, label, file), width, label };
  });
}

/**
 * base -> base with roads, disturbance and fences. Road cells: max(base, road); others: base +
 * disturbance; fence cells: +Infinity. NaN (nodata) stays NaN everywhere.
 */
export function applyRoads(base: Float64Array, roads: RoadRaster | null, fences: Uint8Array | null): Float64Array {
  const out = Float64Array.from(base);
  for (let i = 0; i < out.length; i++) {
    const b = out[i];
    if (Number.isNaN(b)) continue;
    if (roads) {
      if (roads.mask[i]) {
        const r = roads.resistance[i];
        if (r > b) out[i] = r;
      } else if (roads.added) out[i] = b + roads.added[i];
    }
    if (fences && fences[i]) out[i] = Infinity;
  }
  return out;
}
