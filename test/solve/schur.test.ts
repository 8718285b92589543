import { describe, expect, it } from "vitest";
import { greensFunction, schurComplement } from "../../src/solve/schur/index.ts";
import { nestedDissection } from "../../src/solve/schur/dissection.ts";
import { rng } from "./grid.ts";
import {
  denseCholesky,
  denseCholeskySolve,
  denseOf,
  denseSchur,
  maxRelDiff,
  randomConductance,
  rasterGraph,
  type TestRaster,
} from "./schur-grid.ts";

type Landscape = "plain" | "holes" | "barrier" | "regions";

function makeRaster(w: number, h: number, nb: 4 | 8, kind: Landscape, seed: number): TestRaster {
  const c = randomConductance(w, h, seed);
  const r = rng(seed + 1000);
  const regions: number[][] = [];
  if (kind === "holes") for (let i = 0; i < c.length; i++) if (r() < 0.15) c[i] = NaN;
  if (kind === "barrier") {
    // a full-height column of missing cells with a 2-cell gap: the two sides meet only through the gap
    const x = w >> 1;
    for (let y = 0; y < h; y++) if (y !== 1 && y !== 2) c[y * w + x] = NaN;
  }
  if (kind === "regions") {
    // three short-circuited 2 x 2 (or 1 x 3) blocks, one far corner each
    regions.push([0, 1, w, w + 1]);
    regions.push([(h - 1) * w + w - 1, (h - 1) * w + w - 2, (h - 2) * w + w - 1]);
    const m = (h >> 1) * w + (w >> 1);
    regions.push([m, m + 1, m + 2].filter((i) => i < w * h));
  }
  return rasterGraph(w, h, c, nb, regions);
}

type Keep = "band" | "column" | "scattered" | "empty" | "all";

function chooseKeep(g: TestRaster, kind: Keep, seed: number): number[] {
  const n = g.A.n;
  const keep: number[] = [];
  const rowOf = (v: number) => Math.floor(g.cellOfNode[v] / g.width);
  const colOf = (v: number) => g.cellOfNode[v] % g.width;
  if (kind === "all") {
    // every node, in a shuffled order (S's order is the caller's)
    const order = Array.from({ length: n }, (_, i) => i);
    const r = rng(seed);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
  }
  if (kind === "empty") return g.regionNodes.length ? [...g.regionNodes] : [];
  if (kind === "band") {
    // a road band 2 rows thick across the grid, plus its one-cell ring
    const y0 = Math.floor(g.height / 2) - 1;
    for (let v = 0; v < n; v++) if (g.cellOfNode[v] >= 0 && rowOf(v) >= y0 - 1 && rowOf(v) <= y0 + 2) keep.push(v);
  } else if (kind === "column") {
    const x0 = Math.floor(g.width / 3);
    for (let v = 0; v < n; v++) if (g.cellOfNode[v] >= 0 && colOf(v) >= x0 && colOf(v) < x0 + 3) keep.push(v);
  } else {
    const r = rng(seed);
    for (let v = 0; v < n; v++) if (g.cellOfNode[v] >= 0 && r() < 0.12) keep.push(v);
  }
  // region nodes must be kept; put them first so S's order differs from the node order
  return [...g.regionNodes, ...keep];
}

/** (A^-1)_TT from dense solves of A with the unit vectors of T: independent of the Schur complement. */
function denseGreens(M: Float64Array, n: number, keep: number[]): Float64Array {
  const nT = keep.length;
  const B = new Float64Array(n * nT);
  keep.forEach((v, t) => (B[v * nT + t] = 1));
  const X = denseCholeskySolve(denseCholesky(M, n), n, B, nT);
  const G = new Float64Array(nT * nT);
  for (let s = 0; s < nT; s++) for (let t = 0; t < nT; t++) G[s * nT + t] = X[keep[s] * nT + t];
  return G;
}

/** The 1-norm (largest column sum) of an n x n row-major matrix. */
function norm1(M: Float64Array, n = Math.round(Math.sqrt(M.length))): number {
  let m = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(M[i * n + j]);
    m = Math.max(m, s);
  }
  return m;
}

/** |b - M x|_inf / (|M|_inf |x|_inf + |b|_inf). */
function backwardError(M: Float64Array, n: number, x: ArrayLike<number>, b: ArrayLike<number>): number {
  let r = 0;
  let normM = 0;
  let nx = 0;
  let nb = 0;
  for (let i = 0; i < n; i++) {
    let s = b[i];
    let row = 0;
    for (let j = 0; j < n; j++) {
      s -= M[i * n + j] * x[j];
      row += Math.abs(M[i * n + j]);
    }
    r = Math.max(r, Math.abs(s));
    normM = Math.max(normM, row);
    nx = Math.max(nx, Math.abs(x[i]));
    nb = Math.max(nb, Math.abs(b[i]));
  }
  return r / (normM * nx + nb);
}

const cases: [number, number, 4 | 8, Landscape, Keep][] = [
  [5, 5, 4, "plain", "band"],
  [5, 5, 8, "plain", "scattered"],
  [5, 5, 4, "plain", "all"],
  [5, 5, 8, "plain", "empty"],
  [12, 9, 4, "holes", "band"],
  [12, 9, 8, "holes", "scattered"],
  [14, 11, 8, "barrier", "column"],
  [14, 11, 4, "barrier", "band"],
  [13, 13, 8, "regions", "band"],
  [13, 13, 4, "regions", "empty"],
  [16, 10, 8, "regions", "scattered"],
  [20, 20, 8, "holes", "all"],
  [30, 30, 4, "plain", "band"],
  [30, 30, 8, "regions", "band"],
  [30, 30, 8, "barrier", "scattered"],
];

describe("schurComplement", () => {
  for (const [w, h, nb, land, keepKind] of cases) {
    it(`${w}x${h}, ${nb} neighbours, ${land}, T = ${keepKind}: S, G_TT and A x = b match dense references`, () => {
      const seed = w * 100 + h + nb;
      const g = makeRaster(w, h, nb, land, seed);
      const n = g.A.n;
      const keep = chooseKeep(g, keepKind, seed);
      const M = denseOf(g.A);
      // small leaves, so that even a 5 x 5 grid is cut into several fronts
      const res = schurComplement(g.A, { width: w, height: h, cellOfNode: g.cellOfNode }, keep, { keepFactor: true, leaf: 4 });
      const nT = keep.length;
      expect(res.stats.nT).toBe(nT);
      expect(res.S.length).toBe(nT * nT);
      if (nT > 0) {
        const S = denseSchur(M, n, keep);
        expect(maxRelDiff(res.S, S)).toBeLessThan(1e-11);
        const G = greensFunction(res.S, nT);
        const Gref = denseGreens(M, n, keep);
        // G inherits S's error amplified by cond(S) (first-order perturbation: |dG|/|G| <= cond(S) |dS|/|S|),
        // plus the inversion's own eps * cond(S), twice (the reference has the same). With one ground of
        // conductance 1 beside edges up to 1e5, cond(S) reaches 1e8 on 30 x 30 grids, where no double
        // precision method, the reference included, is good to a fixed 1e-9.
        const errS = maxRelDiff(res.S, S);
        const tol = 2 * norm1(S) * norm1(Gref, nT) * (errS + 8 * Number.EPSILON);
        expect(maxRelDiff(G, Gref)).toBeLessThan(tol);
      }
      // the solve path: A x = b for a random b, against the dense Cholesky solve
      const r = rng(seed + 7);
      const b = new Float64Array(n);
      for (let i = 0; i < n; i++) b[i] = r() - 0.5;
      const x = new Float64Array(n);
      res.solve!(b, x);
      // a direct solve is backward stable whatever cond(A) (up to 1e9 here): its normwise backward error
      // |b - A x| / (|A| |x| + |b|) is a small multiple of eps; the forward error vs the dense solve is
      // bounded by cond(A) times that
      const xRef = denseCholeskySolve(denseCholesky(M, n), n, b, 1);
      expect(backwardError(M, n, x, b)).toBeLessThan(64 * Number.EPSILON);
      expect(backwardError(M, n, xRef, b)).toBeLessThan(64 * Number.EPSILON);
      expect(maxRelDiff(x, xRef)).toBeLessThan(1e-7);
    });
  }

  it("a leaf size that covers the whole grid gives one front per part of R and the same S", () => {
    const g = makeRaster(9, 7, 8, "holes", 3);
    const keep = chooseKeep(g, "band", 3);
    const nodes = { width: 9, height: 7, cellOfNode: g.cellOfNode };
    const one = schurComplement(g.A, nodes, keep, { leaf: 1000 });
    const many = schurComplement(g.A, nodes, keep, { leaf: 2 });
    expect(one.stats.blocks).toBe(2); // one front for each side of the band
    expect(many.stats.blocks).toBeGreaterThan(5);
    expect(maxRelDiff(many.S, one.S)).toBeLessThan(1e-12);
    expect(one.solve).toBeUndefined();
  });

  it("rejects a region node that is not kept, a bad keep entry and a matrix that is not grounded, naming what is wrong", () => {
    const g = makeRaster(6, 6, 4, "regions", 5);
    const nodes = { width: 6, height: 6, cellOfNode: g.cellOfNode };
    expect(() => schurComplement(g.A, nodes, [])).toThrow(/cellOfNode\[\d+\] = -1.*must be in keep/);
    expect(() => schurComplement(g.A, nodes, [...g.regionNodes, g.A.n])).toThrow(/keep\[3\] = \d+ is not a node index/);
    expect(() => schurComplement(g.A, nodes, [...g.regionNodes, 0, 0])).toThrow(/keep\[4\] = 0 is listed twice/);
    expect(() => schurComplement(g.A, { ...nodes, cellOfNode: g.cellOfNode.subarray(1) }, g.regionNodes)).toThrow(/cellOfNode has length/);
    // an indefinite matrix: a negative diagonal entry at the cell of row 3, column 4 (node 22: no holes)
    const c = randomConductance(6, 6, 9);
    const u = rasterGraph(6, 6, c, 4);
    u.A.diag[22] = -1;
    const un = { width: 6, height: 6, cellOfNode: u.cellOfNode };
    expect(() => schurComplement(u.A, un, [])).toThrow(/not positive definite: pivot -[\d.e+-]+ at node 22 \(row 3, col 4\)/);
    expect(() => greensFunction(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/Schur complement is not positive definite/);
  });
});

describe("nestedDissection", () => {
  it("orders the two sides of a band that cuts the grid one after the other, each block on one side, T last in the caller's order", () => {
    const w = 48; // wider than tall: without the edges, the first cut is a column across the band
    const h = 40;
    const g = rasterGraph(w, h, randomConductance(w, h, 1), 8);
    const keep: number[] = [];
    for (let v = g.A.n - 1; v >= 0; v--) if (Math.floor(g.cellOfNode[v] / w) === 19 || Math.floor(g.cellOfNode[v] / w) === 20) keep.push(v);
    const { perm, blockPtr, nR } = nestedDissection({ width: w, height: h, cellOfNode: g.cellOfNode }, keep, 16, g.A);
    expect(nR).toBe(w * h - keep.length);
    expect(Array.from(perm.subarray(nR))).toEqual(keep);
    expect(new Set(perm).size).toBe(g.A.n);
    const side = (v: number) => (Math.floor(g.cellOfNode[v] / w) < 19 ? 0 : 1);
    // every block lies on one side, and the first side's blocks all come before the second side's
    const sides: number[] = [];
    for (let b = 0; b + 1 < blockPtr.length; b++) {
      const s = new Set(Array.from(perm.subarray(blockPtr[b], blockPtr[b + 1]), side));
      expect(s.size).toBe(1);
      sides.push([...s][0]);
    }
    const firstSwitch = sides.findIndex((s) => s !== sides[0]);
    expect(firstSwitch).toBeGreaterThan(0);
    expect(sides.slice(firstSwitch).every((s) => s !== sides[0])).toBe(true);
    // without the edges, the first cut runs across the band and one separator mixes both sides
    const plain = nestedDissection({ width: w, height: h, cellOfNode: g.cellOfNode }, keep, 16);
    let mixed = 0;
    for (let b = 0; b + 1 < plain.blockPtr.length; b++) {
      if (new Set(Array.from(plain.perm.subarray(plain.blockPtr[b], plain.blockPtr[b + 1]), side)).size > 1) mixed++;
    }
    expect(mixed).toBeGreaterThan(0);
  });
});
