/**
 * Outlines of raster regions (core areas given as a grid of ids) as GeoJSON polygons in the grid's
 * CRS, so they draw like vector cores: every cell edge between an id and anything else becomes a
 * directed edge (region on the left), and the edges are chained into closed rings.
 */
import type { Feature, FeatureCollection, Polygon } from "geojson";
import type { Grid } from "../grid/grid.ts";

export function regionOutlines(ids: Grid, names: (id: number) => string = (id) => `Core ${id}`): FeatureCollection<Polygon> {
  const { width: w, height: h, data, transform: t } = ids;
  const at = (c: number, r: number) => (c < 0 || r < 0 || c >= w || r >= h ? 0 : data[r * w + c] || 0);
  // Edges per id, keyed by start vertex (vertex index = r * (w + 1) + c).
  const edges = new Map<number, Map<number, number[]>>();
  const add = (id: number, a: number, b: number) => {
    let m = edges.get(id);
    if (!m) edges.set(id, (m = new Map()));
    const l = m.get(a);
    if (l) l.push(b);
    else m.set(a, [b]);
  };
  const V = (c: number, r: number) => r * (w + 1) + c;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const id = at(c, r);
      if (!id || Number.isNaN(id)) continue;
      // Walk each cell counter-clockwise on screen (rows grow down): the region stays on one side.
      if (at(c, r - 1) !== id) add(id, V(c + 1, r), V(c, r));
      if (at(c - 1, r) !== id) add(id, V(c, r), V(c, r + 1));
      if (at(c, r + 1) !== id) add(id, V(c, r + 1), V(c + 1, r + 1));
      if (at(c + 1, r) !== id) add(id, V(c + 1, r + 1), V(c + 1, r));
    }
  }
  const xy = (v: number): [number, number] => {
    const c = v % (w + 1);
    const r = (v - c) / (w + 1);
    return [t[0] + c * t[1] + r * t[2], t[3] + c * t[4] + r * t[5]];
  };
  const features: Feature<Polygon>[] = [];
  for (const [id, m] of [...edges].sort((a, b) => a[0] - b[0])) {
    const rings: [number, number][][] = [];
    for (const start of [...m.keys()]) {
      while (m.get(start)?.length) {
        const ring: number[] = [start];
        let v = m.get(start)!.pop()!;
        while (v !== start) {
          ring.push(v);
          const next = m.get(v);
          if (!next?.length) break;
          v = next.pop()!;
        }
        ring.push(start);
        // Drop collinear vertices: a 50 m staircase outline has thousands of them.
        const pts = ring.map(xy);
        const keep: [number, number][] = [pts[0]];
        for (let i = 1; i < pts.length - 1; i++) {
          const a = keep[keep.length - 1];
          const b = pts[i];
          const c = pts[i + 1];
          if ((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) !== 0) keep.push(b);
        }
        keep.push(pts[pts.length - 1]);
        rings.push(keep);
      }
    }
    // Largest ring first (the outer boundary of the main patch) so labels go at its centroid.
    const area = (ring: [number, number][]) => {
      let a = 0;
      for (let i = 1; i < ring.length; i++) a += ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1];
      return Math.abs(a / 2);
    };
    rings.sort((a, b) => area(b) - area(a));
    features.push({ type: "Feature", properties: { id, name: names(id) }, geometry: { type: "Polygon", coordinates: rings } });
  }
  return { type: "FeatureCollection", features };
}
