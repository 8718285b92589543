import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { galerkinFused, galerkinProduct, galerkinThroughAP } from "../../src/solve/galerkin.ts";
import type { Prolongator } from "../../src/solve/prolongator.ts";
import { csrFromSym, lowerIndex, symFromCsr } from "../../src/solve/sym.ts";
import type { SymMatrix } from "../../src/solve/types.ts";
import { laplacianFromEdges, randomLaplacian, toDense } from "./helpers.ts";
import { rng } from "./grid.ts";

/** A random prolongator: every fine row touches 1..maxRow coarse columns (sorted), every column used. */
function randomP(n: number, nc: number, maxRow: number, seed: number): Prolongator {
  const r = rng(seed);
  const rowPtr = new Int32Array(n + 1);
  const col: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < n; i++) {
    const cols = new Set<number>([i % nc]);
    const len = 1 + Math.floor(r() * maxRow);
    while (cols.size < Math.min(len, nc)) cols.add(Math.floor(r() * nc));
    for (const c of [...cols].sort((a, b) => a - b)) {
      col.push(c);
      val.push(Math.fround(r() * 2 - 0.5));
    }
    rowPtr[i + 1] = col.length;
  }
  return { rows: n, cols: nc, rowPtr, col: Int32Array.from(col), val: Float32Array.from(val) };
}

/** P^T A P densely, in plain arithmetic. */
function denseGalerkin(A: SymMatrix, P: Prolongator): number[][] {
  const a = toDense(csrFromSym(A));
  const n = A.n;
  const p = Array.from({ length: n }, () => new Array<number>(P.cols).fill(0));
  for (let i = 0; i < n; i++) for (let q = P.rowPtr[i]; q < P.rowPtr[i + 1]; q++) p[i][P.col[q]] = P.val[q];
  const ap = a.map((row) => Array.from({ length: P.cols }, (_, J) => row.reduce((s, x, j) => s + x * p[j][J], 0)));
  return Array.from({ length: P.cols }, (_, I) =>
    Array.from({ length: P.cols }, (_, J) => p.reduce((s, row, i) => s + row[I] * ap[i][J], 0)),
  );
}

function maxDiff(C: SymMatrix, ref: number[][]): number {
  const d = toDense(csrFromSym(C));
  let m = 0;
  let scale = 0;
  for (let I = 0; I < ref.length; I++) {
    for (let J = 0; J < ref.length; J++) {
      m = Math.max(m, Math.abs(d[I][J] - ref[I][J]));
      scale = Math.max(scale, Math.abs(ref[I][J]));
    }
  }
  return m / scale;
}

describe("Galerkin product A_c = P^T A P", () => {
  it("both ways (fused, and through A P stored) equal a dense product on random matrices and prolongators", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 40 }),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        (n, extra, maxRow, seed) => {
          const A = symFromCsr(randomLaplacian(n, extra, seed));
          const nc = Math.max(1, Math.floor(n / 3));
          const P = randomP(n, nc, maxRow, seed + 7);
          const low = lowerIndex(A);
          const ref = denseGalerkin(A, P);
          expect(maxDiff(galerkinFused(A, low, P), ref)).toBeLessThan(1e-12);
          expect(maxDiff(galerkinThroughAP(A, low, P), ref)).toBeLessThan(1e-12);
          expect(maxDiff(galerkinProduct(A, low, P), ref)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("a hub (one node joined to every other, as a short-circuited core) with long rows of P: the same product", () => {
    const n = 60;
    const edges: [number, number, number][] = [];
    for (let i = 1; i < n; i++) edges.push([0, i, 1 + (i % 7)]);
    for (let i = 1; i + 1 < n; i++) edges.push([i, i + 1, 2]);
    const A = symFromCsr(laplacianFromEdges(n, edges, [1, ...new Array(n - 1).fill(0)]));
    const P = randomP(n, 15, 10, 3);
    expect(P.rowPtr[n]).toBeGreaterThan(4 * n); // galerkinProduct takes the stored-A P way
    const low = lowerIndex(A);
    const ref = denseGalerkin(A, P);
    const C = galerkinProduct(A, low, P);
    expect(maxDiff(C, ref)).toBeLessThan(1e-12);
    // exactly symmetric storage: only the upper triangle is kept, each row sorted
    for (let I = 0; I < C.n; I++) for (let q = C.rowPtr[I]; q < C.rowPtr[I + 1]; q++) expect(C.col[q]).toBeGreaterThan(I);
  });
});
