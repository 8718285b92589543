/**
 * Schur complement benchmark: reduce a grounded raster Laplacian onto a road band (the nodes every
 * crossing scenario touches) and 5 core nodes, then invert it (G_TT = (A^-1)_TT), and compare with
 * what the same G_TT costs by AMG-CG: one solve per kept node.
 *
 * The landscape: conductance = exp of a value noise at 3 scales (64, 16 and 4 cells), contrast 1e4
 * (1e-4..1 before the road), 8 neighbours; a road across the grid (a slow sine, 2 or 3 cells thick,
 * conductance 1e-5) whose cells and their one-cell ring are kept; 5 round cores of radius 12 cells,
 * each short-circuited into one node (kept); core 0 is grounded through conductance 1.
 *
 *   node --import tsx bench/schur.ts [--sizes 1000x1000,1200x900] [--amg-solves 3] [--no-amg]
 */
import { createSolver } from "../src/solve/index.ts";
import { greensFunction, schurComplement } from "../src/solve/schur/index.ts";
import type { SymMatrix } from "../src/solve/types.ts";
import { rng } from "../test/solve/grid.ts";

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

interface Landscape {
  A: SymMatrix;
  cellOfNode: Int32Array;
  keep: Int32Array;
  nRoad: number;
}

/** Value noise: bilinear interpolation of uniform random values on a lattice of spacing `scale`. */
function valueNoise(w: number, h: number, scale: number, seed: number): Float64Array {
  const r = rng(seed);
  const gw = Math.ceil(w / scale) + 2;
  const gh = Math.ceil(h / scale) + 2;
  const lattice = new Float64Array(gw * gh);
  for (let i = 0; i < lattice.length; i++) lattice[i] = r();
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    const fy = y / scale;
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = x / scale;
      const x0 = Math.floor(fx);
      const tx = fx - x0;
      const a = lattice[y0 * gw + x0] * (1 - tx) + lattice[y0 * gw + x0 + 1] * tx;
      const b = lattice[(y0 + 1) * gw + x0] * (1 - tx) + lattice[(y0 + 1) * gw + x0 + 1] * tx;
      out[y * w + x] = a * (1 - ty) + b * ty;
    }
  }
  return out;
}

function buildLandscape(w: number, h: number): Landscape {
  const n1 = valueNoise(w, h, 64, 1);
  const n2 = valueNoise(w, h, 16, 2);
  const n3 = valueNoise(w, h, 4, 3);
  const c = new Float64Array(w * h);
  for (let i = 0; i < c.length; i++) c[i] = Math.exp(Math.log(1e-4) * (1 - (0.5 * n1[i] + 0.3 * n2[i] + 0.2 * n3[i])));
  // the road: centre line y = h/2 + h/10 sin(3 pi x / w), half thickness 1..1.25 cells
  const road = new Uint8Array(w * h);
  for (let x = 0; x < w; x++) {
    const yc = h / 2 + (h / 10) * Math.sin((3 * Math.PI * x) / w);
    const half = 1 + 0.125 * (1 + Math.sin((2 * Math.PI * x) / 97));
    for (let y = Math.floor(yc - half); y <= Math.ceil(yc + half); y++) {
      if (y >= 0 && y < h && Math.abs(y - yc) <= half) {
        road[y * w + x] = 1;
        c[y * w + x] = 1e-5;
      }
    }
  }
  const band = new Uint8Array(w * h); // road + its one-cell ring (8 neighbours)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!road[y * w + x]) continue;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < h && xx >= 0 && xx < w) band[yy * w + xx] = 1;
        }
      }
    }
  }
  // 5 cores: 3 north of the road, 2 south
  const centres = [
    [0.2, 0.15],
    [0.5, 0.1],
    [0.8, 0.2],
    [0.3, 0.85],
    [0.7, 0.9],
  ];
  const regionOfCell = new Int32Array(w * h).fill(-1);
  centres.forEach(([fx, fy], k) => {
    const cx = Math.round(fx * w);
    const cy = Math.round(fy * h);
    for (let y = cy - 12; y <= cy + 12; y++)
      for (let x = cx - 12; x <= cx + 12; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= 144) regionOfCell[y * w + x] = k;
  });
  const nodeOfCell = new Int32Array(w * h);
  let nCellNodes = 0;
  for (let i = 0; i < w * h; i++) nodeOfCell[i] = regionOfCell[i] < 0 ? nCellNodes++ : -1;
  const n = nCellNodes + centres.length;
  for (let i = 0; i < w * h; i++) if (regionOfCell[i] >= 0) nodeOfCell[i] = nCellNodes + regionOfCell[i];
  const cellOfNode = new Int32Array(n).fill(-1);
  for (let i = 0; i < w * h; i++) if (regionOfCell[i] < 0) cellOfNode[nodeOfCell[i]] = i;
  // upper CSR: a cell's edges to larger node numbers (region nodes are numbered last, so their edges sit
  // in the cells' rows); a cell next to several cells of one core gets one summed entry
  const rowPtr = new Int32Array(n + 1);
  const col = new Int32Array(n * 4 + 8 * 4 * 200);
  const val = new Float64Array(col.length);
  const diag = new Float64Array(n);
  const offs = [
    [0, 1, 1],
    [1, -1, Math.SQRT1_2],
    [1, 0, 1],
    [1, 1, Math.SQRT1_2],
    [0, -1, 1],
    [-1, -1, Math.SQRT1_2],
    [-1, 0, 1],
    [-1, 1, Math.SQRT1_2],
  ];
  let k = 0;
  for (let v = 0; v < n; v++) {
    const i = cellOfNode[v];
    const start = k;
    if (i >= 0) {
      const y = Math.floor(i / w);
      const x = i - y * w;
      for (const [dy, dx, f] of offs) {
        const yy = y + dy;
        const xx = x + dx;
        if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
        const j = yy * w + xx;
        const u = nodeOfCell[j];
        const g = ((c[i] + c[j]) / 2) * f;
        if (u < v) continue; // stored (and counted on both diagonals) from u's row
        diag[v] += g;
        diag[u] += g;
        let p = start;
        while (p < k && col[p] !== u) p++;
        if (p < k) val[p] -= g;
        else {
          col[k] = u;
          val[k++] = -g;
        }
      }
      // sort the few entries of the row
      for (let a = start + 1; a < k; a++) {
        const cc = col[a];
        const vv = val[a];
        let b = a - 1;
        while (b >= start && col[b] > cc) {
          col[b + 1] = col[b];
          val[b + 1] = val[b];
          b--;
        }
        col[b + 1] = cc;
        val[b + 1] = vv;
      }
    }
    rowPtr[v + 1] = k;
  }
  diag[nCellNodes] += 1; // ground core 0
  const keepList: number[] = [];
  let nRoad = 0;
  for (let i = 0; i < w * h; i++) {
    if (band[i] && regionOfCell[i] < 0) {
      keepList.push(nodeOfCell[i]);
      if (road[i]) nRoad++;
    }
  }
  for (let r = 0; r < centres.length; r++) keepList.push(nCellNodes + r);
  return { A: { n, diag, rowPtr, col: col.slice(0, k), val: val.slice(0, k) }, cellOfNode, keep: Int32Array.from(keepList), nRoad };
}

const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MB`;
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;
/** CPU seconds of this process: on a shared, oversubscribed machine a fairer clock for GFLOP/s than wall time. */
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function run(w: number, h: number, amgSolves: number): void {
  const t0 = performance.now();
  const L = buildLandscape(w, h);
  const nT = L.keep.length;
  console.log(
    `\n${w} x ${h}: ${L.A.n} nodes, |T| = ${nT} (road ${L.nRoad} cells, ring ${nT - L.nRoad - 5}, 5 cores); built in ${((performance.now() - t0) / 1000).toFixed(1)} s, peak RSS ${mb(peakRss())}`,
  );
  const c0 = cpu();
  const res = schurComplement(L.A, { width: w, height: h, cellOfNode: L.cellOfNode }, L.keep);
  const cpuSchur = cpu() - c0;
  const st = res.stats;
  console.log(`  ordering   ${st.orderSeconds.toFixed(2)} s  (${st.blocks} fronts, largest ${st.maxFront})`);
  console.log(
    `  symbolic   ${st.symbolicSeconds.toFixed(2)} s  (L would hold ${(st.factorEntries / 1e6).toFixed(0)} M entries = ${mb(st.factorEntries * 8)}; not kept)`,
  );
  console.log(
    `  factor + S ${st.factorSeconds.toFixed(2)} s  ${(st.flops / 1e9).toFixed(1)} GFLOP, ${(st.flops / 1e9 / st.factorSeconds).toFixed(2)} GFLOP/s wall; fronts + pending updates peak ${mb(st.peakWorkBytes)}, S ${mb(nT * nT * 8)}; peak RSS ${mb(peakRss())}`,
  );
  const wallSchur = st.orderSeconds + st.symbolicSeconds + st.factorSeconds;
  console.log(
    `             (ordering + symbolic + factor: ${wallSchur.toFixed(1)} s wall, ${cpuSchur.toFixed(1)} s CPU: >= ${(st.flops / 1e9 / cpuSchur).toFixed(2)} GFLOP per CPU second)`,
  );
  const t1 = performance.now();
  const c1 = cpu();
  const G = greensFunction(res.S, nT);
  const tg = (performance.now() - t1) / 1000;
  const cg = cpu() - c1;
  const gflop = nT ** 3 / 1e9; // n^3/3 Cholesky + n^3/3 inverse of L + n^3/3 product, 2 flops per multiply-add
  console.log(
    `  G_TT       ${tg.toFixed(2)} s  ${gflop.toFixed(1)} GFLOP, ${(gflop / tg).toFixed(2)} GFLOP/s wall, ${cg.toFixed(1)} s CPU = ${(gflop / cg).toFixed(2)} GFLOP per CPU second; peak RSS ${mb(peakRss())}`,
  );
  const total = st.orderSeconds + st.symbolicSeconds + st.factorSeconds + tg;
  console.log(`  total      ${total.toFixed(1)} s for every column of G_TT`);
  if (amgSolves <= 0) return;
  const ts = performance.now();
  const c2 = cpu();
  const solver = createSolver(L.A, { method: "amg", tol: 1e-12, maxIter: 2000 });
  const setup = (performance.now() - ts) / 1000;
  const cpuSetup = cpu() - c2;
  const b = new Float64Array(L.A.n);
  const x = new Float64Array(L.A.n);
  let solveSeconds = 0;
  let worst = 0;
  let iters = 0;
  const r = rng(7);
  for (let s = 0; s < amgSolves; s++) {
    const t = Math.floor(r() * nT);
    b.fill(0);
    x.fill(0);
    b[L.keep[t]] = 1;
    const tt = performance.now();
    const out = solver.solve(b, x, { tol: 1e-12 });
    solveSeconds += (performance.now() - tt) / 1000;
    iters += out.iterations;
    // column t of G_TT against x restricted to T
    let num = 0;
    let den = 0;
    for (let a = 0; a < nT; a++) {
      const d = G[a * nT + t] - x[L.keep[a]];
      num += d * d;
      den += x[L.keep[a]] ** 2;
    }
    worst = Math.max(worst, Math.sqrt(num / den));
  }
  const per = solveSeconds / amgSolves;
  const cpuPer = (cpu() - c2 - cpuSetup) / amgSolves;
  console.log(
    `  AMG-CG     setup ${setup.toFixed(2)} s, ${per.toFixed(2)} s per solve to 1e-12 (${(iters / amgSolves).toFixed(0)} iterations); column of G_TT vs AMG x_T: ${worst.toExponential(1)} relative (worst of ${amgSolves}); CPU: setup ${cpuSetup.toFixed(1)} s, ${cpuPer.toFixed(2)} s per solve`,
  );
  const cpuDirect = cpuSchur + cg;
  const cpuAmgAll = cpuSetup + cpuPer * nT;
  console.log(
    `  |T| AMG solves, extrapolated: ${(setup + per * nT).toFixed(0)} s wall (${((setup + per * nT) / total).toFixed(0)} x the direct path), ${cpuAmgAll.toFixed(0)} s CPU (${(cpuAmgAll / cpuDirect).toFixed(0)} x the direct path's ${cpuDirect.toFixed(0)} s)`,
  );
}

const sizes = arg("sizes", "1000x1000,1200x900")
  .split(",")
  .map((s) => s.split("x").map(Number) as [number, number]);
const amgSolves = process.argv.includes("--no-amg") ? 0 : Number(arg("amg-solves", "3"));
console.log(
  `Schur complement onto a road band + 5 cores, then G_TT = S^-1 (machine shared with other jobs: times are noisy; load average ${(await import("node:os")).loadavg()[0].toFixed(1)} on ${(await import("node:os")).cpus().length} cores at start)`,
);
for (const [w, h] of sizes) run(w, h, amgSolves);
