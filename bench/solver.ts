/**
 * Solver benchmark: crossway's AMG-CG (src/solve) beside pyamg's smoothed_aggregation_solver +
 * solve(accel="cg") on the SAME matrix and right-hand sides, in the same run. The matrix is a grounded
 * grid Laplacian (cell conductances log-uniform in [1e-3, 1], a 3-cell road strip of conductance 1e-6,
 * node 0 grounded through conductance 1), with 4 or 8 neighbours. The CSR arrays are written as raw
 * binary files to a temp folder and read by numpy, so both tools see identical numbers.
 * Each tool runs in its own process so that its peak RSS is its own.
 *
 *   node --import tsx bench/solver.ts [--size 1000] [--solves 5] [--neighbours 4,8] [--tol 1e-6]
 *                                     [--theta T] [--no-pyamg]
 *   node --import tsx bench/solver.ts --profile [--size 1000] [--nb 8]   (where one CG iteration's time goes)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSolver } from "../src/solve/index.ts";
import { AmgHierarchy, backwardGaussSeidel, forwardSweepFromZero, prolongAdd, upperResidualRestrict } from "../src/solve/amg.ts";
import { choleskySolve } from "../src/solve/cholesky.ts";
import { symFromCsr, symSpmv } from "../src/solve/sym.ts";
import type { CsrMatrix } from "../src/solve/types.ts";
import { gridLaplacian, landscape, rng } from "../test/solve/grid.ts";

const SELF = fileURLToPath(import.meta.url);

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}

function buildMatrix(size: number, nb: 4 | 8): CsrMatrix {
  const c = landscape(size, size, 1, 1e-3, 1, { x0: size >> 1, w: 3, c: 1e-6 });
  return gridLaplacian(size, size, c, nb, [[0, 1]]);
}

/** Unit current between two random cells per solve (what a pairwise circuit run asks of the solver). */
function rhsPairs(n: number, solves: number): [number, number][] {
  const r = rng(42);
  return Array.from({ length: solves }, () => [Math.floor(r() * n), Math.floor(r() * n)] as [number, number]);
}

interface Result {
  tool: string;
  setup_s: number;
  solve_s: number[];
  iterations: number[];
  rel_residual: number[];
  peak_rss_mb: number;
  extra?: string;
}

/** Child mode: run crossway on the matrix, print a JSON Result. */
function runCrossway(size: number, nb: 4 | 8, solves: number, tol: number, theta: number | undefined): Result {
  const A = buildMatrix(size, nb);
  const rssMatrix = process.memoryUsage().rss;
  const t0 = performance.now();
  const s = createSolver(A, { method: "amg", theta });
  const setup = (performance.now() - t0) / 1000;
  const out: Result = { tool: "crossway AMG-CG", setup_s: setup, solve_s: [], iterations: [], rel_residual: [], peak_rss_mb: 0 };
  const b = new Float64Array(A.n);
  const x = new Float64Array(A.n);
  for (const [i, j] of rhsPairs(A.n, solves)) {
    b.fill(0);
    x.fill(0);
    b[i] += 1;
    b[j] -= 1;
    const t = performance.now();
    const r = s.solve(b, x, { tol });
    out.solve_s.push((performance.now() - t) / 1000);
    out.iterations.push(r.iterations);
    out.rel_residual.push(r.relResidual);
  }
  out.peak_rss_mb = process.resourceUsage().maxRSS / 1024;
  const st = s.stats;
  const ph = st.phases ?? {};
  out.extra =
    `levels ${st.levels?.map((l) => l.n).join("/")}, operator complexity ${st.operatorComplexity?.toFixed(2)}, ` +
    `hierarchy+CG vectors ${(st.bytes / A.n).toFixed(0)} B/cell, matrix ${((A.rowPtr.byteLength + A.col.byteLength + A.val.byteLength) / A.n).toFixed(0)} B/cell, ` +
    `RSS after matrix ${(rssMatrix / 2 ** 20).toFixed(0)} MB; setup phases (s): ` +
    Object.entries(ph)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(", ");
  return out;
}

const PYAMG = String.raw`
import sys, json, time, resource, numpy as np, scipy.sparse as sp, pyamg
d, n, tol = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
rp = np.fromfile(d + "/rowptr.i32", dtype=np.int32); ci = np.fromfile(d + "/col.i32", dtype=np.int32)
va = np.fromfile(d + "/val.f64", dtype=np.float64); pairs = json.load(open(d + "/pairs.json"))
A = sp.csr_matrix((va, ci, rp), shape=(n, n))
t = time.perf_counter(); ml = pyamg.smoothed_aggregation_solver(A); setup = time.perf_counter() - t
out = {"tool": "pyamg SA + CG", "setup_s": setup, "solve_s": [], "iterations": [], "rel_residual": []}
for i, j in pairs:
    b = np.zeros(n); b[i] += 1; b[j] -= 1
    res = []
    t = time.perf_counter(); x = ml.solve(b, tol=tol, accel="cg", residuals=res); out["solve_s"].append(time.perf_counter() - t)
    out["iterations"].append(len(res) - 1); out["rel_residual"].append(float(np.linalg.norm(b - A @ x) / np.linalg.norm(b)))
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out["extra"] = "levels " + "/".join(str(l.A.shape[0]) for l in ml.levels) + ", operator complexity %.2f" % ml.operator_complexity()
print(json.dumps(out))
`;

function runPyamg(size: number, nb: 4 | 8, solves: number, tol: number): Result {
  const A = buildMatrix(size, nb);
  const dir = mkdtempSync(join(tmpdir(), "crossway-bench-solver-"));
  try {
    writeFileSync(join(dir, "rowptr.i32"), A.rowPtr);
    writeFileSync(join(dir, "col.i32"), A.col);
    writeFileSync(join(dir, "val.f64"), A.val);
    writeFileSync(join(dir, "pairs.json"), JSON.stringify(rhsPairs(A.n, solves)));
    const out = execFileSync("python3", ["-c", PYAMG, dir, String(A.n), String(tol)], { encoding: "utf8", maxBuffer: 1 << 24 });
    return JSON.parse(out.trim().split("\n").pop()!) as Result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function child(tool: string, size: number, nb: number, solves: number, tol: number, theta: string): Result {
  const args = [
    "--import",
    "tsx",
    SELF,
    "--child",
    tool,
    "--size",
    String(size),
    "--nb",
    String(nb),
    "--solves",
    String(solves),
    "--tol",
    String(tol),
  ];
  if (theta) args.push("--theta", theta);
  const out = execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 24, stdio: ["ignore", "pipe", "inherit"] });
  return JSON.parse(out.trim().split("\n").pop()!) as Result;
}

const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);

/** Times each part of one CG iteration (the V-cycle level by level, the CG matrix-vector product). */
function profile(size: number, nb: 4 | 8): void {
  const A = symFromCsr(buildMatrix(size, nb));
  const h = new AmgHierarchy(A);
  const r = new Float64Array(A.n).map((_, i) => Math.sin(i));
  const z = new Float64Array(A.n);
  const acc = new Map<string, number>();
  const tm = (k: string, f: () => void) => {
    const t = performance.now();
    f();
    acc.set(k, (acc.get(k) ?? 0) + performance.now() - t);
  };
  const reps = 20;
  for (let rep = 0; rep < reps + 3; rep++) {
    if (rep === 3) acc.clear();
    const L = h.levels.length;
    tm("CG A*p (level 0)", () => symSpmv(A, r, z));
    for (let l = 0; l < L; l++) {
      const lv = h.levels[l];
      const x = l === 0 ? z : lv.x;
      const b = l === 0 ? r : lv.b;
      const bc = l + 1 < L ? h.levels[l + 1].b : h.coarseB;
      tm(`pre-smooth+restrict L${l}`, () => {
        forwardSweepFromZero(lv.A, lv.invDiag, b, x);
        upperResidualRestrict(lv.A, lv.P, x, bc);
      });
    }
    tm("coarse solve", () => choleskySolve(h.coarse, h.coarseB, h.coarseX));
    for (let l = L - 1; l >= 0; l--) {
      const lv = h.levels[l];
      const x = l === 0 ? z : lv.x;
      const b = l === 0 ? r : lv.b;
      const xc = l + 1 < L ? h.levels[l + 1].x : h.coarseX;
      tm(`prolong+post-smooth L${l}`, () => {
        prolongAdd(lv.P, xc, x);
        backwardGaussSeidel(lv.A, lv.invDiag, b, x);
      });
    }
  }
  let total = 0;
  for (const v of acc.values()) total += v / reps;
  console.log(`one CG iteration on ${size}^2, ${nb} neighbours: ${total.toFixed(1)} ms (+ CG vector updates)`);
  for (const [k, v] of acc) console.log(`  ${k.padEnd(28)} ${(v / reps).toFixed(2)} ms  ${((100 * v) / reps / total).toFixed(0)}%`);
}

if (process.argv.includes("--profile")) {
  profile(Number(arg("size", "1000")), Number(arg("nb", "8")) as 4 | 8);
} else if (process.argv.includes("--child")) {
  const tool = arg("child", "crossway");
  const size = Number(arg("size", "1000"));
  const nb = Number(arg("nb", "4")) as 4 | 8;
  const solves = Number(arg("solves", "5"));
  const tol = Number(arg("tol", "1e-6"));
  const th = arg("theta", "");
  const r = tool === "pyamg" ? runPyamg(size, nb, solves, tol) : runCrossway(size, nb, solves, tol, th ? Number(th) : undefined);
  process.stdout.write(JSON.stringify(r) + "\n");
} else {
  const size = Number(arg("size", "1000"));
  const solves = Number(arg("solves", "5"));
  const tol = Number(arg("tol", "1e-6"));
  const theta = arg("theta", "");
  const nbs = arg("neighbours", "4,8").split(",").map(Number);
  const withPy = !process.argv.includes("--no-pyamg");
  console.log(`solver benchmark: ${size} x ${size} grid Laplacian, ${solves} solves, tol ${tol}`);
  const rows: string[] = [];
  const head = "| nbrs | tool | setup s | solves s (total) | iterations | max true rel. residual | total s | peak RSS MB | B/cell RSS |";
  rows.push(head, "|---|---|---|---|---|---|---|---|---|");
  for (const nb of nbs) {
    const results: Result[] = [child("crossway", size, nb, solves, tol, theta)];
    if (withPy) results.push(child("pyamg", size, nb, solves, tol, ""));
    for (const r of results) {
      const total = r.setup_s + sum(r.solve_s);
      rows.push(
        `| ${nb} | ${r.tool} | ${r.setup_s.toFixed(2)} | ${sum(r.solve_s).toFixed(2)} | ${r.iterations.join(",")} | ` +
          `${Math.max(...r.rel_residual).toExponential(1)} | ${total.toFixed(2)} | ${r.peak_rss_mb.toFixed(0)} | ${((r.peak_rss_mb * 2 ** 20) / (size * size)).toFixed(0)} |`,
      );
      console.error(`  [${nb}-nbr] ${r.tool}: ${r.extra ?? ""}`);
    }
    if (results.length === 2) {
      const [c, p] = results;
      const tc = c.setup_s + sum(c.solve_s);
      const tp = p.setup_s + sum(p.solve_s);
      console.error(
        `  [${nb}-nbr] speed-up setup+${solves} solves: ${(tp / tc).toFixed(2)}x; per solve ${(sum(p.solve_s) / sum(c.solve_s)).toFixed(2)}x`,
      );
    }
  }
  console.log(rows.join("\n"));
}
