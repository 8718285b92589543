/**
 * Crossing structures (overpasses, underpasses, culverts, bridges, tunnels) burnt into the road.
 * This is the ONE crossing rule of crossway: `crossway resistance` (recipe.ts) and the scenario
 * engine (`crossway run` / `crossway sweep`, src/scenario/burn.ts) both burn structures here.
 *
 * Geometry. A structure is a Point on the road, or a short line across it (the scenario engine
 * gives a Point on the centreline at the structure's chainage). Its centre P is the nearest point
 * of a road centreline (for a line: the nearest approach between the line and a centreline). It
 * must touch the road: the distance to a centreline may not exceed half the road's width plus
 * half a cell diagonal (the rasterized road can be that much wider).
 *
 * Lanes. A structure of width w (along the road) is cut into lanes one cell apart, measured
 * ALONG THE CENTRELINE (so a 500 m tunnel follows the road's curve): lane j sits at arc offset
 * j * cell from P, j = -m..m with m = ceil((w - cell) / (2 cell)), and stands for the strip
 * [j cell - cell/2, j cell + cell/2] of the road. Its share of the opening is
 *     f_j = |[j cell - cell/2, j cell + cell/2] ∩ [-w/2, w/2]| / cell        (0 < f_j <= 1)
 * so the f_j add up to w / cell: a 3 m culvert on 50 m cells is one lane with f = 0.06, a 60 m
 * overpass one full lane and two lanes with f = 0.1. Each lane walks from its point outwards in
 * both directions across the road (the road's local normal; a line structure's own direction),
 * through every cell the straight walk passes (a 4-connected chain), and opens each road or fence
 * cell it meets, until it has gone `fenceReach` beyond the road's half width without meeting
 * another road or fence cell (so a fence a little off the road edge is opened too). Every
 * structure of width > 0, however narrow, thus opens a 4-connected chain of cells from habitat on
 * one side to habitat on the other, through the whole road and its fences.
 *
 * Resistance. The opening itself passes
 *     c_open = 1 / R_given                              if the type or feature gives a resistance
 *     c_open = e / R_hab + (1 - e) / R_road             from the effectiveness e in [0, 1]
 * i.e. the fraction e of what the habitat would pass if there were no road, and the road's own
 * (tiny) conductance for the rest. R_road: the highest road resistance met by the lane (the rmax
 * setting when a lane meets only fences). R_hab: the geometric mean of the resistances of the
 * first passable cells beyond the opened cells on the two sides (one side only if the other is
 * nodata) - the habitat the animals approach from, not the value under the asphalt, which often
 * encodes the road itself. A lane cell whose resistance before structures is R_cell becomes
 *     1 / R = f_j * c_open + (1 - f_j) / R_cell                (opening and rest side by side)
 * (R_cell = +Infinity on a fence cell: the rest of a fenced cell stays shut), and never more than
 * R_cell (a structure never makes a cell harder to cross). Where lanes or structures overlap, a
 * cell takes the lowest resistance offered, so adding a structure, widening it or raising its
 * effectiveness never raises any cell's resistance (effective resistance is then monotone, by
 * Rayleigh's principle).
 * Why conductance: current through a cell, like the rate at which animals pass it, scales with its
 * conductance, and parallel conductances add in proportion to width - so e reads as what
 * monitoring measures (passages through the structure relative to passages expected across the
 * same width of unroaded habitat) and a structure's effect scales with its width.
 * e = 1 on a full lane -> habitat (the road vanishes there); e = 0 -> the plain road.
 */
import type { Feature, FeatureCollection } from "geojson";
import { makePolyline, nearest, nearestApproach, pointAt, type Polyline } from "../geometry/polyline.ts";
import type { Grid } from "../grid/grid.ts";
import { CrosswayError } from "../util/errors.ts";
import { type XY, featureLabel, featuresOf, lineParts } from "./geometry.ts";
import { frameOf, traverseSegment } from "./rasterize.ts";
import type { RoadLine } from "./roads.ts";

export const CROSSING_TYPES = ["overpass", "underpass", "culvert", "bridge", "tunnel"] as const;
export type CrossingType = (typeof CROSSING_TYPES)[number];

export interface CrossingTypeSpec {
  effectiveness?: number;
  resistance?: number;
  /** Width (map units) for features that give none. */
  defaultWidth?: number;
}

export interface Crossing {
  /** Point [x, y] or a line across the road, in the grid CRS. */
  geometry: { point: XY } | { line: XY[] };
  type: CrossingType;
  width: number;
  effectiveness?: number;
  resistance?: number;
  id?: string | number;
  label: string;
}

export interface CrossingResult {
  index: number;
  id?: string | number;
  label: string;
  type: CrossingType;
  width: number;
  effectiveness?: number;
  /** Resistance given directly (type or feature), if any. */
  resistance?: number;
  /** Lanes burnt (one per cell-wide strip of road the opening overlaps; see the file comment). */
  lanes: number;
  /** Number of cells opened (road or fence cells now belonging to this structure). */
  cells: number;
  /** Centre on the road, grid CRS. */
  x: number;
  y: number;
}

function prop(f: Feature, key: string): unknown {
  return (f.properties as Record<string, unknown> | null | undefined)?.[key];
}

function num(f: Feature, key: string, label: string, file?: string): number | undefined {
  const raw = prop(f, key);
  if (raw === undefined || raw === null) return undefined;
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new CrosswayError(`${label}: ${key} = ${JSON.stringify(raw)} is not a number`, { file });
  return v;
}

/** Property names read from each crossing feature. */
export interface CrossingAttributes {
  type: string;
  /** Width in map units (metres in a UTM grid). */
  width: string;
}

/**
 * Read crossings (GeoJSON already in the grid CRS). Properties: type and width (names from
 * `attrs`, default "type" and "width_m"), optional effectiveness or resistance overriding the
 * type table, optional id (else the feature's id).
 */
export function crossingsFromGeoJson(
  doc: FeatureCollection | Feature,
  types: Partial<Record<CrossingType, CrossingTypeSpec>>,
  file?: string,
  attrs: CrossingAttributes = { type: "type", width: "width_m" },
): Crossing[] {
  return featuresOf(doc, file).map((f, i) => {
    const label = featureLabel(f, i);
    const g = f.geometry;
    let geometry: Crossing["geometry"];
    if (g && g.type === "Point") {
      const [x, y] = g.coordinates;
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new CrosswayError(`${label} has a non-numeric coordinate`, { file });
      geometry = { point: [x, y] };
    } else {
      const parts = lineParts(g, label, file);
      if (parts.length !== 1) throw new CrosswayError(`${label}: a crossing must be a Point or a single LineString`, { file });
      geometry = { line: parts[0] };
    }
    const type = prop(f, attrs.type);
    if (typeof type !== "string" || !(CROSSING_TYPES as readonly string[]).includes(type)) {
      throw new CrosswayError(`${label}: ${attrs.type} ${JSON.stringify(type)} is not one of ${CROSSING_TYPES.join(", ")}`, { file });
    }
    const spec = types[type as CrossingType];
    if (!spec) throw new CrosswayError(`${label}: type "${type}" has no entry in the recipe's crossing types table`, { file });
    const width = num(f, attrs.width, label, file) ?? spec.defaultWidth;
    if (width === undefined)
      throw new CrosswayError(`${label} has no "${attrs.width}" property and type "${type}" sets no default_width`, { file });
    if (!(width > 0)) throw new CrosswayError(`${label}: ${attrs.width} ${width} must be > 0`, { file });
    const effectiveness = num(f, "effectiveness", label, file);
    const resistance = num(f, "resistance", label, file);
    const idRaw = f.id ?? prop(f, "id");
    const c: Crossing = { geometry, type: type as CrossingType, width, label, id: idRaw as string | number | undefined };
    if (resistance !== undefined) c.resistance = resistance;
    else if (effectiveness !== undefined) c.effectiveness = effectiveness;
    else if (spec.resistance !== undefined) c.resistance = spec.resistance;
    else if (spec.effectiveness !== undefined) c.effectiveness = spec.effectiveness;
    else throw new CrosswayError(`${label}: type "${type}" has neither effectiveness nor resistance`, { file });
    return c;
  });
}

export interface BurnContext {
  grid: Grid;
  roads: RoadLine[];
  /** Road cells (from rasterizeRoads). */
  roadMask: Uint8Array;
  /** Road resistance on road cells, NaN elsewhere. */
  roadResistance: Float64Array;
  /** Fence cells, or null. */
  fenceMask: Uint8Array | null;
  /** Upper clip; stands in for R_road where a lane meets only fences. */
  rmax: number;
  /** How far past the road's half width a lane keeps looking for a fence (map units). Default 2 cells. */
  fenceReach?: number;
}

export interface BurnResult {
  /** The resistance with the structures burnt in (a new array). */
  resistance: Float64Array;
  /** Index of the structure owning each cell, -1 elsewhere. */
  structureOfCell: Int32Array;
  structures: CrossingResult[];
}

interface Anchor {
  x: number;
  y: number;
  /** unit vector across the road */
  ux: number;
  uy: number;
  /** |cos| of the angle between the across direction and the road's own direction there. */
  along: number;
  road: RoadLine;
  /** The road part and the chainage (map units from its first vertex) of the anchor point. */
  line: Polyline;
  arc: number;
  /** True for a line structure: every lane walks along (ux, uy); false: the road's local normal. */
  ownDirection: boolean;
  dist: number;
}

/**
 * Nearest road point to a crossing, with the across direction (for a Point, the road's normal is
 * taken lane by lane, so ux, uy and along are only filled for a line). The first road part wins a tie.
 */
function anchor(c: Crossing, roads: RoadLine[], parts: Polyline[][]): Anchor | null {
  let best: Anchor | null = null;
  const point = "point" in c.geometry ? c.geometry.point : null;
  const own = "line" in c.geometry ? makePolyline(c.geometry.line) : null;
  for (let r = 0; r < roads.length; r++) {
    for (const line of parts[r]) {
      if (line.length === 0) continue; // a part that is one point has no direction
      if (point !== null) {
        const q = nearest(line, point[0], point[1]);
        if (best !== null && !(q.dist < best.dist)) continue;
        best = { x: q.x, y: q.y, ux: 0, uy: 0, along: 0, road: roads[r], line, arc: q.chainage, ownDirection: false, dist: q.dist };
      } else if (own !== null) {
        const q = nearestApproach(line, own);
        if (q === null || (best !== null && !(q.dist < best.dist))) continue;
        const t = segmentDirection(line, q.seg);
        const u = segmentDirection(own, q.otherSeg);
        best = {
          x: q.x,
          y: q.y,
          ux: u[0],
          uy: u[1],
          along: Math.abs(u[0] * t[0] + u[1] * t[1]),
          road: roads[r],
          line,
          arc: q.chainage,
          ownDirection: true,
          dist: q.dist,
        };
      }
    }
  }
  return best;
}

/** Unit direction of segment s of a polyline. */
function segmentDirection(line: Polyline, s: number): [number, number] {
  const dx = line.xy[2 * s + 2] - line.xy[2 * s];
  const dy = line.xy[2 * s + 3] - line.xy[2 * s + 1];
  const len = Math.hypot(dx, dy);
  return [dx / len, dy / len];
}

/**
 * Burn crossings into `resistance` (the surface with roads and fences applied; not modified).
 * `file` names the crossings file in messages.
 */
export function burnCrossings(resistance: Float64Array, crossings: Crossing[], ctx: BurnContext, file?: string): BurnResult {
  const out = Float64Array.from(resistance);
  const owner = new Int32Array(out.length).fill(-1);
  const structures = burnCrossingsInto(
    (i) => resistance[i],
    {
      value: (i) => out[i],
      owner: (i) => owner[i],
      set(i, r, k) {
        out[i] = r;
        owner[i] = k;
      },
    },
    crossings,
    ctx,
    file,
  );
  // Cell counts after overlaps settled.
  for (const s of structures) s.cells = 0;
  for (let i = 0; i < owner.length; i++) if (owner[i] >= 0) structures[owner[i]].cells++;
  return { resistance: out, structureOfCell: owner, structures };
}

/** Where burnCrossingsInto writes: the burnt value and the owning structure of a cell (-1: none yet). */
export interface BurnTarget {
  value(i: number): number;
  owner(i: number): number;
  set(i: number, r: number, k: number): void;
}

/**
 * The crossing rule itself, reading the surface through `read` and writing only the cells it burns
 * (road and fence cells) into `target`, so that a caller may keep just those (src/incremental's band
 * burn) instead of copying the grid. The structures' `cells` are left at 0 for the caller to count.
 */
export function burnCrossingsInto(
  read: (i: number) => number,
  target: BurnTarget,
  crossings: Crossing[],
  ctx: BurnContext,
  file?: string,
): CrossingResult[] {
  const { grid, roadMask, roadResistance, fenceMask, rmax } = ctx;
  const f = frameOf(grid);
  const cell = Math.max(Math.abs(f.dx), Math.abs(f.dy));
  const structures: CrossingResult[] = [];
  const blocked = (i: number) => roadMask[i] === 1 || (fenceMask !== null && fenceMask[i] === 1);
  const fenceReach = ctx.fenceReach ?? 2 * cell;
  const parts = ctx.roads.map((road) => road.parts.map((p) => makePolyline(p)));

  crossings.forEach((c, k) => {
    if (!(c.width > 0) || !Number.isFinite(c.width)) {
      throw new CrosswayError(`${c.label}: width ${c.width} must be a finite number > 0`, { file });
    }
    if (c.effectiveness !== undefined && !(c.effectiveness >= 0 && c.effectiveness <= 1)) {
      throw new CrosswayError(`${c.label}: effectiveness ${c.effectiveness} must lie in 0..1`, { file });
    }
    if (c.resistance !== undefined && !(c.resistance > 0)) {
      throw new CrosswayError(`${c.label}: resistance ${c.resistance} must be > 0`, { file });
    }
    if (ctx.roads.length === 0) throw new CrosswayError(`${c.label}: there are no roads for it to cross`, { file });
    const a = anchor(c, ctx.roads, parts);
    const tol = a ? a.road.width / 2 + (cell * Math.SQRT2) / 2 : 0;
    if (!a || a.dist > tol) {
      throw new CrosswayError(
        `${c.label} (${c.type}) does not touch the road: it lies ${a ? a.dist.toFixed(1) : "?"} map units from the nearest centreline, ` +
          `more than half the road width plus half a cell (${tol.toFixed(1)})`,
        { file },
      );
    }
    // A line that runs along the road (within 30 degrees of it) does not say where to cross.
    if (a.along > Math.cos(Math.PI / 6)) {
      throw new CrosswayError(
        `${c.label} (${c.type}) runs along the road (${((Math.acos(Math.min(1, a.along)) * 180) / Math.PI).toFixed(0)} degrees from it); draw it across the road, or give a Point`,
        { file },
      );
    }
    // Lanes one cell apart along the centreline (see the file comment for f_j).
    const half = c.width / 2;
    const m = Math.max(0, Math.ceil((half - cell / 2) / cell - 1e-9));
    // Walk far enough to cross the widest road plus fence reach; the walk ends earlier normally.
    const maxWalk = a.road.width / 2 + fenceReach + 2 * cell;
    let lanes = 0;
    for (let j = -m; j <= m; j++) {
      const frac = (Math.min(j * cell + cell / 2, half) - Math.max(j * cell - cell / 2, -half)) / cell;
      if (!(frac > 0)) continue;
      const arc = a.arc + j * cell;
      if (arc < -1e-9 || arc > a.line.length + 1e-9) continue; // beyond the end of the road line
      const at = pointAt(a.line, arc);
      lanes++;
      const sx = at.x;
      const sy = at.y;
      // Across: a line structure's own direction, else the road's normal at this lane.
      const ux = a.ownDirection ? a.ux : -at.dy;
      const uy = a.ownDirection ? a.uy : at.dx;
      const lane: number[] = [];
      const ends: number[] = [];
      for (const dir of [1, -1]) {
        let lastBlocked = -1;
        let endCell = -1;
        const walked: number[] = [];
        traverseSegment(f, sx, sy, sx + dir * ux * maxWalk * 4, sy + dir * uy * maxWalk * 4, (idx, col, row) => {
          const cx = f.x0 + (col + 0.5) * f.dx;
          const cy = f.y0 + (row + 0.5) * f.dy;
          const along = Math.abs((cx - sx) * ux + (cy - sy) * uy);
          walked.push(idx);
          if (blocked(idx)) {
            lastBlocked = walked.length - 1;
            endCell = -1;
            return false;
          }
          // A passable cell: remember the first one after the last blocked cell as the approach.
          if (endCell === -1 && Number.isFinite(read(idx))) endCell = idx;
          // Stop once past the road and the fence reach with no blocked cell in between.
          return along > a.road.width / 2 + fenceReach && endCell !== -1;
        });
        for (let q = 0; q <= lastBlocked; q++) lane.push(walked[q]);
        if (endCell !== -1) ends.push(endCell);
      }
      let rRoad = -Infinity;
      for (const idx of lane) if (roadMask[idx] && roadResistance[idx] > rRoad) rRoad = roadResistance[idx];
      if (rRoad === -Infinity) rRoad = rmax;
      let rHab: number;
      if (ends.length === 0) {
        if (c.resistance === undefined && lane.length > 0) {
          throw new CrosswayError(`${c.label}: no passable habitat on either side of the road to connect`, { file });
        }
        rHab = rRoad;
      } else
        rHab = Math.exp(
          ends.reduce((t, i) => {
            const ri = read(i);
            return t + Math.log(ri > 0 && ri < Infinity ? ri : rRoad);
          }, 0) / ends.length,
        );
      const e = c.effectiveness ?? 0;
      const cOpen = c.resistance !== undefined ? 1 / c.resistance : e / rHab + (1 - e) / rRoad;
      for (const idx of lane) {
        if (!blocked(idx)) continue; // habitat between road and fence keeps its own value
        const before = read(idx);
        if (Number.isNaN(before)) continue; // nodata under the road stays nodata
        // The opening (share frac) beside the rest of the cell as it was; never harder than before.
        const r = Math.min(before, 1 / (frac * cOpen + (1 - frac) / before));
        // Overlaps: the lowest resistance offered wins (ties keep the first structure).
        if (target.owner(idx) !== -1 && target.value(idx) <= r) continue;
        target.set(idx, r, k);
      }
    }
    structures.push({
      index: k,
      id: c.id,
      label: c.label,
      type: c.type,
      width: c.width,
      effectiveness: c.effectiveness,
      resistance: c.resistance,
      lanes,
      cells: 0,
      x: a.x,
      y: a.y,
    });
  });
  return structures;
}
