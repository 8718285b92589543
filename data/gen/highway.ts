/**
 * The demo highway and its existing crossing structures. The route is laid like a real road: the
 * cheapest way from the north edge to the south edge over gentle ground, kept near a design line,
 * crossing rivers squarely. Structures then go where such a road needs them: a bridge over the
 * largest river, underpasses and a culvert at smaller streams, and a tunnel where the road meets its
 * highest ridge (the ground above the tunnel is an overpass for animals).
 */
import type { Position } from "geojson";
import type { Frame } from "./frame.ts";
import { chaikin, lineLength, roundPos, segmentIntersection, simplify } from "./geometry.ts";
import { leastCostRoute } from "./route.ts";

export interface HighwayDesign {
  /** x (m) where the road enters at the north edge and leaves at the south edge. */
  northX: number;
  southX: number;
  /** How far (m) the road may stray from the straight design line. */
  corridor: number;
}

export interface Structure {
  id: string;
  name: string;
  type: "overpass" | "underpass" | "culvert" | "bridge" | "tunnel";
  width_m: number;
  /** Distance along the highway from its north end (m). */
  chainage_m: number;
  at: Position;
  note: string;
}

/** Lay out the highway: a polyline in map coordinates, north to south. */
export function layHighway(
  frame: Frame,
  design: HighwayDesign,
  elevation: Float32Array,
  slope: Float32Array,
  water: Uint8Array,
  allowed: Uint8Array,
): Position[] {
  const { width, height, cell } = frame;
  const [, minY, , maxY] = frame.extent();
  const cost = new Float64Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const k = r * width + c;
      const x = frame.x0 + (c + 0.5) * frame.cell;
      const y = frame.yTop - (r + 0.5) * frame.cell;
      const t = (maxY - y) / (maxY - minY);
      const off = Math.abs(x - (design.northX + t * (design.southX - design.northX)));
      if (!allowed[k] || elevation[k] !== elevation[k] || off > design.corridor) {
        cost[k] = Infinity;
        continue;
      }
      // Steep ground is dear (cuttings, embankments); so is running along a river; straying far
      // from the design line costs a little.
      cost[k] = 1 + 400 * slope[k] * slope[k] + (water[k] ? 25 : 0) + 0.3 * (off / design.corridor) ** 2 + elevation[k] / 400;
    }
  }
  const start = frame.cellOf(design.northX, maxY - cell / 2)!;
  const end = frame.cellOf(design.southX, minY + cell / 2)!;
  const cells = leastCostRoute(cost, width, height, start[1] * width + start[0], end[1] * width + end[0]);
  let pts: Position[] = cells.map((k) => frame.center(k % width, Math.floor(k / width)));
  // Reach the frame's edges exactly.
  pts[0] = [pts[0][0], maxY];
  pts[pts.length - 1] = [pts[pts.length - 1][0], minY];
  pts = simplify(pts, cell * 0.75);
  pts = chaikin(pts, 3);
  pts = simplify(pts, 1);
  return pts.map((p) => roundPos(p));
}

/** Insert a point on segment i (between vertices i and i+1) as a vertex; returns its index. */
function insertVertex(line: Position[], i: number, p: Position): number {
  const q = roundPos(p);
  for (const j of [i, i + 1]) if (line[j][0] === q[0] && line[j][1] === q[1]) return j;
  line.splice(i + 1, 0, q);
  return i + 1;
}

function chainageOfVertex(line: Position[], v: number): number {
  return lineLength(line.slice(0, v + 1));
}

export interface RiverLine {
  coords: Position[];
  /** Upslope area at the river's downstream end (km2). */
  areaKm2: number;
  name: string;
}

/**
 * Place the existing structures on the highway. The highway gains a vertex at each structure, so that
 * each structure's point lies exactly on the line.
 * @param sampleElevation elevation at a map point
 * @param streamArea area (km2) draining through the cell at a map point
 */
export function placeStructures(
  highway: Position[],
  rivers: RiverLine[],
  sampleElevation: (p: Position) => number,
  streamArea: (p: Position) => number,
  minSpacing: number,
): Structure[] {
  const total = lineLength(highway);
  const chainageAt = (seg: number, t: number) =>
    lineLength(highway.slice(0, seg + 1)) + t * Math.hypot(highway[seg + 1][0] - highway[seg][0], highway[seg + 1][1] - highway[seg][1]);
  // Where the road crosses a mapped river: exact intersections with the river lines.
  type Hit = { ch: number; area: number; river: string };
  const hits: Hit[] = [];
  for (const rv of rivers) {
    for (let i = 0; i + 1 < highway.length; i++) {
      for (let j = 0; j + 1 < rv.coords.length; j++) {
        const x = segmentIntersection(highway[i], highway[i + 1], rv.coords[j], rv.coords[j + 1]);
        if (x) hits.push({ ch: chainageAt(i, x.t), area: streamArea(x.at), river: rv.name });
      }
    }
  }
  // Smaller, unmapped streams: where the area draining under the road peaks (valley bottoms).
  const step = 10;
  const areas = samplesAlong(highway, step).map(streamArea);
  for (let i = 1; i + 1 < areas.length; i++) {
    const ch = i * step;
    if (areas[i] < 1 || areas[i] < areas[i - 1] || areas[i] <= areas[i + 1]) continue;
    if (hits.some((h) => Math.abs(h.ch - ch) < 300)) continue;
    hits.push({ ch, area: areas[i], river: "" });
  }
  hits.sort((a, b) => b.area - a.area || a.ch - b.ch);
  const taken: number[] = [];
  const free = (ch: number) => ch > minSpacing / 2 && ch < total - minSpacing / 2 && taken.every((o) => Math.abs(o - ch) >= minSpacing);
  const picks: { kind: "bridge" | "underpass" | "culvert"; hit: Hit; ch: number }[] = [];
  const want: ("bridge" | "underpass" | "culvert")[] = ["bridge", "underpass", "underpass", "culvert"];
  for (const kind of want) {
    // The bridge takes the biggest river, the underpasses the next; the culvert the smallest stream.
    const order = kind === "culvert" ? [...hits].reverse() : hits;
    const h = order.find((x) => free(x.ch) && !picks.some((p) => p.hit === x));
    if (!h) throw new Error(`demo highway: no place for a ${kind} (the highway crosses ${hits.length} streams)`);
    taken.push(h.ch);
    picks.push({ kind, hit: h, ch: h.ch });
  }
  // The tunnel: the highest stretch of the road, away from the other structures.
  let best = -Infinity;
  let bestCh = -1;
  // Only the middle of the road: a tunnel at the frame's edge would be a poor demo.
  const every25 = samplesAlong(highway, 25);
  for (let i = 0; i < every25.length; i++) {
    const ch = i * 25;
    if (ch < 0.2 * total || ch > 0.8 * total || !free(ch)) continue;
    const z = sampleElevation(every25[i]);
    if (z > best) {
      best = z;
      bestCh = ch;
    }
  }
  if (bestCh < 0) throw new Error("demo highway: no place for the tunnel");
  const all = [
    ...picks.map((p) => ({ kind: p.kind as Structure["type"], ch: p.ch, area: p.hit.area, river: p.hit.river })),
    { kind: "tunnel" as Structure["type"], ch: bestCh, area: 0, river: "" },
  ];
  // Insert each structure as a vertex, southernmost first: an insertion never moves the chainage of
  // a point further north, so the remaining chainages stay valid.
  all.sort((x, y) => y.ch - x.ch);
  const at = all.map((x) => {
    const [seg, t] = segmentAt(highway, x.ch);
    const a = highway[seg];
    const b = highway[seg + 1];
    return highway[insertVertex(highway, seg, [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])])];
  });
  const out: Structure[] = [];
  let underpasses = 0;
  for (let i = all.length - 1; i >= 0; i--) {
    const s = all[i];
    const v = highway.indexOf(at[i]);
    const ch = Math.round(chainageOfVertex(highway, v));
    const p = at[i];
    const km = `km ${(ch / 1000).toFixed(1)}`;
    const stream = s.river || `stream at ${km}`;
    if (s.kind === "bridge") {
      out.push({ id: "", name: s.river ? `${s.river} bridge` : `Bridge ${km}`, type: "bridge", width_m: 120, chainage_m: ch, at: p,
        note: `highway bridge over the ${stream} (${s.area.toFixed(0)} km2 upstream); the river banks pass under it` });
    } else if (s.kind === "underpass") {
      underpasses++;
      out.push({ id: "", name: s.river ? `${s.river} underpass` : `Underpass ${km}`, type: "underpass", width_m: underpasses === 1 ? 20 : 12, chainage_m: ch, at: p,
        note: `box underpass where the highway crosses the ${stream}` });
    } else if (s.kind === "culvert") {
      out.push({ id: "", name: `Culvert ${km}`, type: "culvert", width_m: 3, chainage_m: ch, at: p,
        note: `culvert for the ${stream} (${s.area.toFixed(1)} km2 upstream); passable for small animals` });
    } else {
      out.push({ id: "", name: "Ridge tunnel", type: "tunnel", width_m: 500, chainage_m: ch, at: p,
        note: `the highway runs 500 m through a road tunnel under a ridge (${best.toFixed(0)} m); the forest above is a wildlife overpass` });
    }
  }
  out.forEach((x, i) => (x.id = `S${i + 1}`));
  return out;
}

/** The segment index and the fraction along it at a distance along a polyline. */
function segmentAt(line: Position[], ch: number): [number, number] {
  let acc = 0;
  for (let i = 0; i + 1 < line.length; i++) {
    const len = Math.hypot(line[i + 1][0] - line[i][0], line[i + 1][1] - line[i][1]);
    if (acc + len >= ch) return [i, len > 0 ? (ch - acc) / len : 0];
    acc += len;
  }
  return [line.length - 2, 1];
}

/** Points every `step` metres along a polyline, from its start (one walk, not one search per point). */
export function samplesAlong(line: Position[], step: number): Position[] {
  const out: Position[] = [];
  let seg = 0;
  let segStart = 0;
  const total = lineLength(line);
  for (let ch = 0; ch <= total; ch += step) {
    for (;;) {
      const len = Math.hypot(line[seg + 1][0] - line[seg][0], line[seg + 1][1] - line[seg][1]);
      if (ch <= segStart + len || seg + 2 >= line.length) {
        const t = len > 0 ? Math.min(1, (ch - segStart) / len) : 0;
        out.push([line[seg][0] + t * (line[seg + 1][0] - line[seg][0]), line[seg][1] + t * (line[seg + 1][1] - line[seg][1])]);
        break;
      }
      segStart += len;
      seg++;
    }
  }
  return out;
}
