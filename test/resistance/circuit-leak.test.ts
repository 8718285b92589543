// The road as the circuit graph sees it: no edge of the cell graph may carry current across the
// road except through road cells, under 8 neighbours and either averaging rule. Checked on the CSR
// Laplacian that the circuit engine solves (src/graph), for straight and bent roads of any width.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeGrid } from "../../src/grid/grid.ts";
import { buildCircuitGraph } from "../../src/graph/circuit-graph.ts";
import { burnCrossings } from "../../src/resistance/crossings.ts";
import { frameOf, traverseSegment } from "../../src/resistance/rasterize.ts";
import { applyRoads, rasterizeRoads, type RoadLine } from "../../src/resistance/roads.ts";
import { blankGrid } from "./helpers.ts";

const N = 30;
const CELL = 10;
const RROAD = 1e4;

/** Cells whose centres lie above the polyline y = f(x) (x increasing): the line's left side. */
function sideOf(pts: [number, number][]): (i: number) => boolean {
  return (i) => {
    const x = (i % N) * CELL + CELL / 2;
    const y = N * CELL - (Math.floor(i / N) + 0.5) * CELL;
    for (let s = 0; s + 1 < pts.length; s++) {
      const [ax, ay] = pts[s];
      const [bx, by] = pts[s + 1];
      if (x >= ax && x <= bx) return (bx - ax) * (y - ay) - (by - ay) * (x - ax) > 0;
    }
    throw new Error("x outside the line");
  };
}

/** Every graph edge joining the two sides: [cell u, cell v, conductance]. */
function edgesAcross(data: Float64Array, left: (i: number) => boolean, avgResistance: boolean): [number, number, number][] {
  const g = buildCircuitGraph(makeGrid(N, N, data, { transform: [0, CELL, 0, N * CELL, 0, -CELL] }), { neighbors: 8, avgResistance });
  const cellOf = new Int32Array(g.nNodes);
  g.nodeOfCell.forEach((node, cell) => node >= 0 && (cellOf[node] = cell));
  const out: [number, number, number][] = [];
  const A = g.laplacian;
  for (let r = 0; r < A.n; r++) {
    for (let k = A.rowPtr[r]; k < A.rowPtr[r + 1]; k++) {
      const c = A.col[k];
      if (c <= r) continue;
      const u = cellOf[r];
      const v = cellOf[c];
      if (left(u) !== left(v)) out.push([u, v, -A.val[k]]);
    }
  }
  return out;
}

const line = fc
  .tuple(
    fc.array(fc.double({ min: 40, max: 260, noNaN: true }), { minLength: 2, maxLength: 5 }),
    fc.double({ min: 0.1, max: 45, noNaN: true }),
  )
  .map(([ys, width]) => {
    const xs = ys.map((_, k) => -10 + (320 * k) / (ys.length - 1));
    return { pts: ys.map((y, k) => [xs[k], y] as [number, number]), width };
  });

describe("no current leaks across a road in the circuit graph", () => {
  it("property: every edge across the road joins two road cells, so its conductance is at most 1 / R_road", () => {
    fc.assert(
      fc.property(line, fc.boolean(), ({ pts, width }, avg) => {
        const g = blankGrid(N, N, CELL);
        for (let i = 0; i < N * N; i++) g.data[i] = 1 + ((i * 7) % 5);
        const roads: RoadLine[] = [{ parts: [pts], width, resistance: RROAD, label: "road" }];
        const rr = rasterizeRoads(g, roads);
        const surface = applyRoads(g.data, rr, null);
        const across = edgesAcross(surface, sideOf(pts), avg);
        expect(across.length).toBeGreaterThan(0);
        for (const [u, v, gval] of across) {
          expect(rr.mask[u] && rr.mask[v], `edge ${u}-${v}`).toBe(1);
          expect(gval).toBeLessThanOrEqual(1 / RROAD + 1e-15);
        }
        // With a structure burnt in, the edges across still join road cells (now partly structure cells).
        // a structure where the line crosses x = 150 (inside the grid)
        const s = pts.findIndex((q, k) => k + 1 < pts.length && q[0] <= 150 && pts[k + 1][0] >= 150);
        const t = (150 - pts[s][0]) / (pts[s + 1][0] - pts[s][0]);
        const mid: [number, number] = [150, pts[s][1] + t * (pts[s + 1][1] - pts[s][1])];
        const burnt = burnCrossings(surface, [{ geometry: { point: mid }, type: "overpass", width: 25, effectiveness: 0.9, label: "o" }], {
          grid: g,
          roads,
          roadMask: rr.mask,
          roadResistance: rr.resistance,
          fenceMask: null,
          rmax: 1000,
        });
        let through = 0;
        for (const [u, v, gval] of edgesAcross(burnt.resistance, sideOf(pts), avg)) {
          expect(rr.mask[u] && rr.mask[v]).toBe(1);
          if (gval > 1 / RROAD + 1e-15) {
            expect(burnt.structureOfCell[u] >= 0 || burnt.structureOfCell[v] >= 0).toBe(true);
            through++;
          }
        }
        expect(through).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });

  it("the check can fail: the centreline's own cells (a 1-cell road) leak across under average conductance", () => {
    const g = blankGrid(N, N, CELL);
    const pts: [number, number][] = [
      [-10, 100],
      [310, 200],
    ];
    const mask = new Uint8Array(N * N);
    traverseSegment(frameOf(g), pts[0][0], pts[0][1], pts[1][0], pts[1][1], (i) => {
      mask[i] = 1;
    });
    const thin = Float64Array.from(g.data, (v, i) => (mask[i] ? RROAD : v));
    const leaks = edgesAcross(thin, sideOf(pts), false).filter(([, , gval]) => gval > 0.1);
    expect(leaks.length).toBeGreaterThan(0);
  });
});
