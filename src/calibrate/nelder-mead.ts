/**
 * Nelder-Mead on the unit cube (Nelder & Mead 1965, with the standard coefficients: reflection 1,
 * expansion 2, contraction 1/2, shrink 1/2; ties broken by order), minimising f. Points are clamped to
 * [0, 1]^d before f sees them, so a parameter never leaves its range; the clamped point is what the
 * simplex keeps. Small and derivative-free on purpose: a model evaluation is a full circuit solve, so
 * what counts is the number of evaluations, not the optimiser's own arithmetic.
 *
 * Stops when the simplex's values agree within fTol and its vertices within xTol (max norm, unit cube),
 * or after maxEvaluations calls of f (evaluations the caller answers from a cache count too).
 */

export interface NelderMeadOptions {
  /** Initial simplex: x0 and x0 + step e_i (reflected inside the cube). */
  step?: number;
  fTol?: number;
  xTol?: number;
  maxEvaluations?: number;
}

export interface NelderMeadResult {
  x: number[];
  f: number;
  evaluations: number;
  converged: boolean;
}

const clamp = (x: number[]) => x.map((v) => Math.min(1, Math.max(0, v)));

export async function nelderMead(
  f: (x: number[]) => Promise<number> | number,
  x0: readonly number[],
  opts: NelderMeadOptions = {},
): Promise<NelderMeadResult> {
  const d = x0.length;
  const step = opts.step ?? 0.15;
  const fTol = opts.fTol ?? 1e-3;
  const xTol = opts.xTol ?? 2e-3;
  const max = opts.maxEvaluations ?? 200 * d;
  let evaluations = 0;
  const value = async (x: number[]) => {
    evaluations++;
    const v = await f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const start = clamp([...x0]);
  const simplex: { x: number[]; f: number }[] = [{ x: start, f: await value(start) }];
  for (let i = 0; i < d; i++) {
    const x = [...start];
    x[i] = x[i] + step <= 1 ? x[i] + step : x[i] - step;
    simplex.push({ x: clamp(x), f: await value(clamp(x)) });
  }
  const sort = () => simplex.sort((a, b) => a.f - b.f);
  let converged = false;
  while (evaluations < max) {
    sort();
    const best = simplex[0];
    const worst = simplex[d];
    let spread = 0;
    for (const v of simplex) for (let i = 0; i < d; i++) spread = Math.max(spread, Math.abs(v.x[i] - best.x[i]));
    if (worst.f - best.f <= fTol && spread <= xTol) {
      converged = true;
      break;
    }
    // The degenerate case: every vertex clamped onto one point of a face (the optimum lies on it).
    if (spread === 0) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(d).fill(0);
    for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) centroid[i] += simplex[k].x[i] / d;
    const along = (t: number) => clamp(centroid.map((c, i) => c + t * (worst.x[i] - c)));
    const xr = along(-1);
    const fr = await value(xr);
    if (fr < best.f) {
      const xe = along(-2);
      const fe = evaluations < max ? await value(xe) : Infinity;
      simplex[d] = fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
      continue;
    }
    if (fr < simplex[d - 1].f) {
      simplex[d] = { x: xr, f: fr };
      continue;
    }
    // contraction: outside when the reflection beat the worst, else inside
    const outside = fr < worst.f;
    const xc = along(outside ? -0.5 : 0.5);
    const fc = evaluations < max ? await value(xc) : Infinity;
    if (fc < (outside ? fr : worst.f)) {
      simplex[d] = { x: xc, f: fc };
      continue;
    }
    for (let k = 1; k <= d && evaluations < max; k++) {
      const x = clamp(simplex[k].x.map((v, i) => best.x[i] + 0.5 * (v - best.x[i])));
      simplex[k] = { x, f: await value(x) };
    }
  }
  sort();
  return { x: simplex[0].x, f: simplex[0].f, evaluations, converged };
}

/** Seeded Latin-hypercube points in [0, 1]^d (one per stratum in every coordinate). */
export function latinHypercube(count: number, d: number, random: () => number): number[][] {
  const cols = Array.from({ length: d }, () => {
    const perm = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    return perm.map((p) => (p + random()) / count);
  });
  return Array.from({ length: count }, (_, k) => cols.map((c) => c[k]));
}
