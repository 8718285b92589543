import { describe, expect, it } from "vitest";
import { makeGrid } from "../../src/grid/grid.ts";
import { buildCircuitGraph, type CircuitGraph } from "../../src/graph/circuit-graph.ts";
import { mergeRegionLayers } from "../../src/graph/regions.ts";

/** Conductance of edge (u, v): each edge is stored once, in the row of its lower end. */
function edge(g: CircuitGraph, u: number, v: number): number {
  const L = g.laplacian;
  const [a, b] = u < v ? [u, v] : [v, u];
  for (let k = L.rowPtr[a]; k < L.rowPtr[a + 1]; k++) if (L.col[k] === b) return -L.val[k];
  return 0;
}

describe("buildCircuitGraph", () => {
  const r = makeGrid(2, 2, Float64Array.from([1, 2, 4, NaN]));
  it("averages conductances, diagonals / sqrt 2, leaves nodata out", () => {
    const g = buildCircuitGraph(r, { neighbors: 8 });
    expect(g.nNodes).toBe(3);
    expect(g.nodeOfCell[3]).toBe(-1);
    expect(edge(g, 0, 1)).toBeCloseTo((1 + 0.5) / 2, 14);
    expect(edge(g, 0, 2)).toBeCloseTo((1 + 0.25) / 2, 14);
    expect(edge(g, 1, 2)).toBeCloseTo((0.5 + 0.25) / 2 / Math.SQRT2, 14);
    // Laplacian rows sum to zero (the diagonal holds every edge of the node, the upper triangle each
    // edge once, from its lower end), columns strictly above the diagonal and sorted
    const L = g.laplacian;
    const rowSum = Float64Array.from(L.diag);
    for (let u = 0; u < L.n; u++) {
      for (let k = L.rowPtr[u]; k < L.rowPtr[u + 1]; k++) {
        rowSum[u] += L.val[k];
        rowSum[L.col[k]] += L.val[k];
        expect(L.col[k]).toBeGreaterThan(k > L.rowPtr[u] ? L.col[k - 1] : u);
      }
    }
    for (let u = 0; u < L.n; u++) expect(Math.abs(rowSum[u])).toBeLessThan(1e-15);
    expect(L.diag[0]).toBeCloseTo(0.75 + 0.625, 14);
  });
  it("averages resistances when asked, and 4 neighbours drop the diagonal", () => {
    const g = buildCircuitGraph(r, { neighbors: 4, avgResistance: true });
    expect(edge(g, 0, 1)).toBeCloseTo(1 / ((1 + 2) / 2), 14);
    expect(edge(g, 1, 2)).toBe(0);
  });
  it("reads conductances when told", () => {
    const g = buildCircuitGraph(r, { neighbors: 4, isResistance: false });
    expect(edge(g, 0, 1)).toBeCloseTo(1.5, 14);
  });
  it("treats zero conductance and infinite resistance as absent", () => {
    expect(buildCircuitGraph(makeGrid(2, 1, Float64Array.from([0, 1])), { isResistance: false }).nNodes).toBe(1);
    expect(buildCircuitGraph(makeGrid(2, 1, Float64Array.from([Infinity, 1]))).nNodes).toBe(1);
  });
  it("rejects negative and zero resistances, naming the file and the cell", () => {
    const bad = makeGrid(3, 2, Float64Array.from([1, 1, 1, 1, -5, 1]));
    expect(() => buildCircuitGraph(bad, { file: "r.asc" })).toThrow(/r\.asc: negative resistance -5 at row 1, column 1/);
    const zero = makeGrid(2, 1, Float64Array.from([0, 1]));
    expect(() => buildCircuitGraph(zero, { file: "z.asc" })).toThrow(/z\.asc: zero resistance at row 0, column 0/);
  });
  it("short-circuits a region into one node, merging parallel edges; region cells on nodata join it", () => {
    // 3 x 1: cells 0 and 2 in region 7 (cell 2 nodata) -> node of region, cell 1 its own node
    const g = buildCircuitGraph(makeGrid(3, 1, Float64Array.from([1, 1, NaN])), { neighbors: 4, regions: [7, 0, 7] });
    expect(g.nNodes).toBe(2);
    expect(g.nodeOfCell[0]).toBe(g.nodeOfCell[2]);
    // edges 0-1 (1+1)/2 = 1 and 1-2 (1+0)/2 = 0.5 (Circuitscape's average with the nodata cell's 0) merged
    expect(edge(g, g.nodeOfCell[0], g.nodeOfCell[1])).toBeCloseTo(1.5, 14);
  });
  it("finds connected components", () => {
    const g = buildCircuitGraph(makeGrid(5, 1, Float64Array.from([1, 1, NaN, 1, 1])), { neighbors: 8 });
    expect(g.nComponents).toBe(2);
    expect(g.component[0]).toBe(g.component[1]);
    expect(g.component[1]).not.toBe(g.component[2]);
  });
  it("masks cells out", () => {
    const g = buildCircuitGraph(makeGrid(3, 1, Float64Array.from([1, 1, 1])), { mask: [1, 0, 1] });
    expect(g.nNodes).toBe(2);
    expect(g.nComponents).toBe(2);
  });
  it("merges region layers transitively", () => {
    const m = mergeRegionLayers(5, [
      [1, 1, 0, 0, 2],
      [0, 3, 3, 0, 0],
    ]);
    expect(m[0]).toBe(m[1]);
    expect(m[1]).toBe(m[2]);
    expect(m[3]).toBe(0);
    expect(m[4]).not.toBe(m[0]);
  });
});
