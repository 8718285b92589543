import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Grid, makeGrid } from "../../src/grid/grid.ts";
import {
  costDistance,
  DIR_DC,
  DIR_DR,
  focalRegions,
  leastCostAnalysis,
  type Neighbors,
  pairwiseDistances,
  tracePath,
} from "../../src/leastcost/index.ts";
import { bellmanFord, moves, relDiff } from "./helpers.ts";

/** A random landscape: resistances in [1, 50], some nodata and barriers, and `k` single-cell or blob focal regions. */
const landscape = (k: number, blobs: boolean) =>
  fc
    .record({
      w: fc.integer({ min: 4, max: 12 }),
      h: fc.integer({ min: 4, max: 12 }),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
      holes: fc.double({ min: 0, max: 0.25, noNaN: true }),
      neighbors: fc.constantFrom<Neighbors>(4, 8, 16),
      cell: fc.constantFrom(1, 30, 2.5),
    })
    .map(({ w, h, seed, holes, neighbors, cell }) => {
      let s = seed;
      const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
      const res = new Float64Array(w * h);
      for (let i = 0; i < w * h; i++) {
        const u = rnd();
        res[i] = u < holes ? NaN : u < holes * 1.2 ? Infinity : 1 + Math.floor(rnd() * 49 * 4) / 4;
      }
      const focal = new Float64Array(w * h);
      for (let id = 1; id <= k; id++) {
        let c = Math.floor(rnd() * w * h);
        for (let tries = 0; tries < 50 && (focal[c] !== 0 || !(res[c] < Infinity)); tries++) c = Math.floor(rnd() * w * h);
        if (focal[c] !== 0 || !(res[c] < Infinity)) res[c] = 1;
        focal[c] = id;
        if (blobs && c + 1 < w * h && focal[c + 1] === 0) focal[c + 1] = id;
      }
      const t = [0, cell, 0, h * cell, 0, -cell] as [number, number, number, number, number, number];
      return { res: makeGrid(w, h, res, { transform: t }), focal: makeGrid(w, h, focal, { transform: t }), neighbors, cell };
    });

function stepCostSum(res: Grid, cells: Int32Array, cell: number): number {
  let sum = 0;
  for (let k = 1; k < cells.length; k++) {
    const a = cells[k - 1];
    const b = cells[k];
    const dr = Math.floor(b / res.width) - Math.floor(a / res.width);
    const dc = (b % res.width) - (a % res.width);
    sum += ((res.data[a] + res.data[b]) / 2) * Math.hypot(dr, dc) * cell;
  }
  return sum;
}

describe("least-cost properties", () => {
  it("Dijkstra equals an independent Bellman-Ford on the same graph, with either heap", () => {
    fc.assert(
      fc.property(landscape(1, true), ({ res, focal, neighbors, cell }) => {
        const src = focalRegions(focal, res).cells[0];
        const ref = bellmanFord(res, Array.from(src), moves(neighbors, cell));
        for (const heap of ["lazy", "indexed"] as const) {
          const cd = costDistance(res, src, { neighbors, heap });
          for (let i = 0; i < ref.length; i++) {
            if (ref[i] === Infinity) expect(cd.dist[i]).toBe(Infinity);
            else expect(relDiff(cd.dist[i], ref[i])).toBeLessThan(1e-12);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("pairwise distances are symmetric, and the early-stopped search agrees with full searches", () => {
    fc.assert(
      fc.property(landscape(4, true), ({ res, focal, neighbors }) => {
        const an = leastCostAnalysis(res, focal, { neighbors });
        const pw = pairwiseDistances(res, an.regions, { neighbors });
        const k = an.regions.ids.length;
        for (let a = 0; a < k; a++) {
          for (let b = 0; b < k; b++) {
            if (a === b) continue;
            // From b's own full search: the cheapest cell of a.
            let back = Infinity;
            for (const c of an.regions.cells[a]) back = Math.min(back, an.costDistances[b].dist[c]);
            const d = an.distance[a * k + b];
            if (d === Infinity) expect(back).toBe(Infinity);
            else expect(relDiff(d, back)).toBeLessThan(1e-12);
            expect(pw.distance[a * k + b]).toBe(d);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("triangle inequality between single-cell sources", () => {
    // Holds for cells (a shortest-path metric). It need NOT hold for many-cell regions: a path into region B
    // and a path out of it may touch B at different cells, and B's cells are not free to cross.
    fc.assert(
      fc.property(landscape(3, false), ({ res, focal, neighbors }) => {
        const an = leastCostAnalysis(res, focal, { neighbors });
        const d = an.distance;
        const k = an.regions.ids.length;
        for (let a = 0; a < k; a++)
          for (let b = 0; b < k; b++)
            for (let c = 0; c < k; c++) expect(d[a * k + c]).toBeLessThanOrEqual((d[a * k + b] + d[b * k + c]) * (1 + 1e-12));
      }),
      { numRuns: 80 },
    );
  });

  it("a traced path's summed step costs equal its reported cost, and it runs from source to target", () => {
    fc.assert(
      fc.property(landscape(3, true), ({ res, focal, neighbors, cell }) => {
        const an = leastCostAnalysis(res, focal, { neighbors });
        for (const l of an.linkages) {
          if (!l.path) {
            expect(l.cwd).toBe(Infinity);
            continue;
          }
          const cells = l.path.cells;
          expect(an.regions.labels[cells[0]]).toBe(an.regions.ids.indexOf(l.from) + 1);
          expect(an.regions.labels[cells[cells.length - 1]]).toBe(an.regions.ids.indexOf(l.to) + 1);
          expect(relDiff(stepCostSum(res, cells, cell) + 0, l.cwd)).toBeLessThan(1e-12);
          // every step is one of the allowed moves
          for (let s = 1; s < cells.length; s++) {
            const dr = Math.floor(cells[s] / res.width) - Math.floor(cells[s - 1] / res.width);
            const dc = (cells[s] % res.width) - (cells[s - 1] % res.width);
            let ok = false;
            for (let d = 0; d < neighbors; d++) ok ||= DIR_DR[d] === dr && DIR_DC[d] === dc;
            expect(ok).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("lowering a resistance never raises a distance", () => {
    fc.assert(
      fc.property(
        landscape(3, true),
        fc.nat(),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        ({ res, focal, neighbors }, pick, factor) => {
          const before = leastCostAnalysis(res, focal, { neighbors }).distance;
          const cell = pick % res.data.length;
          if (!(res.data[cell] < Infinity)) return;
          const lowered = { ...res, data: res.data.slice() };
          lowered.data[cell] = Math.max(1e-3, res.data[cell] * factor);
          const after = leastCostAnalysis(lowered, focal, { neighbors }).distance;
          for (let i = 0; i < before.length; i++) expect(after[i]).toBeLessThanOrEqual(before[i] * (1 + 1e-12));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("the corridor is 0 along each least-cost path and >= 0 everywhere", () => {
    fc.assert(
      fc.property(landscape(2, true), ({ res, focal, neighbors }) => {
        const an = leastCostAnalysis(res, focal, { neighbors });
        for (let i = 0; i < an.corridors.length; i++) if (!Number.isNaN(an.corridors[i])) expect(an.corridors[i]).toBeGreaterThanOrEqual(0);
        const l = an.linkages[0];
        if (l.path) for (const c of l.path.cells) expect(an.corridors[c]).toBeLessThan(1e-9 * l.cwd);
      }),
      { numRuns: 40 },
    );
  });
});

describe("tracePath", () => {
  it("from any cell leads to a source", () => {
    fc.assert(
      fc.property(landscape(1, true), ({ res, focal, neighbors }) => {
        const src = focalRegions(focal, res).cells[0];
        const cd = costDistance(res, src, { neighbors });
        for (let t = 0; t < res.data.length; t++) {
          const p = tracePath(cd, t);
          if (!p) continue;
          expect(src.includes(p.cells[0])).toBe(true);
          expect(p.cells[p.cells.length - 1]).toBe(t);
        }
      }),
      { numRuns: 30 },
    );
  });
});
