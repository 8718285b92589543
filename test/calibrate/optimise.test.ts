import { describe, expect, it } from "vitest";
import { latinHypercube, nelderMead } from "../../src/calibrate/nelder-mead.ts";
import { normalQuantile, profileDrop, profileInterval } from "../../src/calibrate/profile.ts";
import { rng } from "../../src/validate/scores.ts";

describe("Nelder-Mead on the unit cube", () => {
  it("finds the minimum of a tilted quadratic inside the cube", async () => {
    const f = (x: number[]) => (x[0] - 0.3) ** 2 + 4 * (x[1] - 0.7) ** 2 + (x[0] - 0.3) * (x[1] - 0.7);
    const r = await nelderMead(f, [0.9, 0.1], { fTol: 1e-12, xTol: 1e-7, maxEvaluations: 500 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(0.3, 4);
    expect(r.x[1]).toBeCloseTo(0.7, 4);
  });

  it("Rosenbrock's valley, scaled into the cube (minimum at (0.75, 0.75))", async () => {
    const f = (x: number[]) => {
      const [a, b] = [4 * x[0] - 2, 4 * x[1] - 2];
      return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    };
    const r = await nelderMead(f, [0.2, 0.8], { fTol: 1e-14, xTol: 1e-8, maxEvaluations: 2000 });
    expect(r.x[0]).toBeCloseTo(0.75, 3);
    expect(r.x[1]).toBeCloseTo(0.75, 3);
  });

  it("stops on the cube's face when the minimum lies beyond it, and never evaluates outside", async () => {
    const seen: number[][] = [];
    const f = (x: number[]) => {
      seen.push(x);
      return (x[0] - 1.4) ** 2 + (x[1] - 0.5) ** 2;
    };
    const r = await nelderMead(f, [0.5, 0.5], { fTol: 1e-12, xTol: 1e-7 });
    expect(r.x[0]).toBe(1);
    expect(r.x[1]).toBeCloseTo(0.5, 4);
    expect(seen.every((x) => x.every((v) => v >= 0 && v <= 1))).toBe(true);
  });

  it("keeps to its evaluation budget", async () => {
    let n = 0;
    const r = await nelderMead(
      (x) => {
        n++;
        return Math.sin(40 * x[0]) + x[1];
      },
      [0.5, 0.5],
      { maxEvaluations: 17, fTol: 0, xTol: 0 },
    );
    expect(n).toBeLessThanOrEqual(17);
    expect(r.evaluations).toBe(n);
    expect(r.converged).toBe(false);
  });

  it("Latin hypercube: one point in each of the k strata of every coordinate", () => {
    const pts = latinHypercube(7, 3, rng(5));
    for (let d = 0; d < 3; d++) expect(pts.map((p) => Math.floor(p[d] * 7)).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

describe("profile-likelihood intervals", () => {
  it("the normal quantile and the chi-square cut", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 7);
    expect(profileDrop(0.95)).toBeCloseTo(3.841458821 / 2, 7);
  });

  it("a Gaussian log-likelihood: the profile interval is mu_j +- z sqrt((H^-1)_jj), the correlation re-fitted", async () => {
    // -log L = 1/2 (x - mu)^T H (x - mu); H^-1 = [[a, b], [b, c]] / det
    const mu = [0.45, 0.55];
    const H = [
      [400, 300],
      [300, 900],
    ];
    const det = H[0][0] * H[1][1] - H[0][1] ** 2;
    const f = async (x: number[]) => {
      const d = [x[0] - mu[0], x[1] - mu[1]];
      return 0.5 * (H[0][0] * d[0] * d[0] + 2 * H[0][1] * d[0] * d[1] + H[1][1] * d[1] * d[1]);
    };
    const drop = profileDrop(0.95);
    for (const j of [0, 1]) {
      const half = 1.959963985 * Math.sqrt(H[1 - j][1 - j] / det);
      const iv = await profileInterval(f, mu, 0, j, { drop, innerEvaluations: 60 });
      expect(iv.loOpen || iv.hiOpen).toBe(false);
      expect(Math.abs(iv.lo - (mu[j] - half))).toBeLessThan(0.02 * half);
      expect(Math.abs(iv.hi - (mu[j] + half))).toBeLessThan(0.02 * half);
      // the conditional (others fixed) interval would be narrower: +- z / sqrt(H_jj)
      expect(iv.hi - iv.lo).toBeGreaterThan((2 * 1.96) / Math.sqrt(H[j][j]) + 0.01);
    }
  });

  it("open at the range's edge when the likelihood is flat there", async () => {
    const f = async (x: number[]) => (x[0] > 0.6 ? 50 * (x[0] - 0.6) ** 2 : 0);
    const iv = await profileInterval(f, [0.3], 0, 0, { drop: profileDrop(0.95), innerEvaluations: 1 });
    expect(iv.loOpen).toBe(true);
    expect(iv.lo).toBe(0);
    expect(iv.hiOpen).toBe(false);
    expect(iv.hi).toBeCloseTo(0.6 + Math.sqrt(profileDrop(0.95) / 50), 2);
  });
});
