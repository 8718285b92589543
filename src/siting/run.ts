/**
 * `crossway site` as a library call: load the study, make the candidates, score every one exactly on
 * the road-band model (resumable: each scored set is stored by its scenario key), plan under the
 * budget (plan.ts), optionally check the plan against an exhaustive search, and write the outputs
 * (outputs.ts) into DIR.
 */
import { dirname, join, resolve } from "node:path";
import { booleanPointInPolygon } from "@turf/turf";
import type { Feature, MultiPolygon, Polygon } from "geojson";
import { pointAt } from "../geometry/polyline.ts";
import { readFeatures } from "../scenario/inputs.ts";
import { edgeCautions } from "../scenario/edge.ts";
import { readGrid } from "../io/index.ts";
import type { StructureType } from "../scenario/structure-types.ts";
import { feasible, type Relief, reliefAt } from "./feasibility.ts";
import type { Study } from "../scenario/study.ts";
import { bandModelFor } from "../incremental/for-study.ts";
import { createProgress } from "../parallel/progress.ts";
import { loadScenarioFile } from "../scenario/load.ts";
import { loadStudy, makeJob } from "../scenario/study.ts";
import { CrosswayError } from "../util/errors.ts";
import { openOutputFolder } from "../util/output-folder.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { validate } from "../util/validate.ts";
import { type Candidate, makeCandidates, structureOf } from "./candidates.ts";
import { circleCells, firstOrderDeltaErPct, spearman } from "./estimate.ts";
import { leastCostReference } from "../incremental/evaluate.ts";
import { addFences, countFeasible, exhaustive, type FenceStep, greedy, improveBySwaps, type PlanLimits, type PlanStep } from "./plan.ts";
import { type CandidateResult, writeCandidates, writePlan, writeScenarioFile } from "./outputs.ts";
import { type Siting, type SitingObjective, SitingSchema } from "./schema.ts";
import { type Scored, Scorer } from "./scorer.ts";
import { writeSitingReport } from "./report.ts";

export interface SiteOptions {
  /** Overrides of the scenario file's `siting:` section (validated with it). */
  siting?: Partial<Record<keyof Siting, unknown>>;
  checkOptimality?: boolean;
  quiet?: boolean;
  command?: string;
}

export interface OptimalityCheck {
  k: number;
  pool: number;
  tried: number;
  best: string[];
  bestGain: number;
  greedyGain: number;
  seconds: number;
}

export interface SiteOutcome {
  candidates: CandidateResult[];
  plan: PlanStep[];
  planRows: Scored[];
  /** Fences added after the structures (siting.fences), with their rows. */
  fences: FenceStep[];
  fenceRows: Scored[];
  how: string;
  objective: SitingObjective;
  evaluated: number;
  seconds: { model: number; candidates: number; plan: number; total: number };
  optimality: OptimalityCheck[];
  /** Spearman rank correlation of the first-order estimate (estimate.ts) with the exact gains. */
  spearman?: {
    vs_exact_effective_resistance: number;
    vs_objective: number;
    barrier_mapper_vs_exact_least_cost: number;
    barrier_mapper_vs_objective: number;
  };
  interrupted: boolean;
  files: string[];
  notes: string[];
}

export async function runSiting(file: string, outDir: string, opts: SiteOptions = {}): Promise<SiteOutcome> {
  const t0 = performance.now();
  const folder = openOutputFolder(outDir, {
    option: "--out",
    command: opts.command ?? `site ${file}`,
    keep: ["scenarios", "failed", "cache"],
  });
  try {
    const out = await site(resolve(file), outDir, opts, t0);
    out.notes.push(...folder.close({ complete: !out.interrupted }));
    return out;
  } catch (err) {
    folder.close({ complete: false });
    throw err;
  }
}

async function site(path: string, outDir: string, opts: SiteOptions, t0: number): Promise<SiteOutcome> {
  const config = loadScenarioFile(path);
  const given = { ...config.siting, ...Object.fromEntries(Object.entries(opts.siting ?? {}).filter(([, v]) => v !== undefined)) };
  const siting = validate(SitingSchema, given, path, ["siting"]);
  const objective: SitingObjective = siting.objective ?? (config.mortality ? "success_probability" : "effective_resistance");
  if (objective !== "effective_resistance" && !config.mortality)
    throw new CrosswayError(`siting objective '${objective}' needs a mortality block in the scenario file`, {
      file: path,
      field: "siting.objective",
    });
  const study = await loadStudy(path, config);
  const say = (s: string) => {
    if (!opts.quiet) process.stderr.write(`crossway: ${s}\n`);
  };
  const notes: string[] = [];
  let excluded: (chainage: number) => boolean = () => false;
  if (siting.exclude) {
    const zones = await exclusionZones(resolve(dirname(path), siting.exclude), study);
    excluded = (ch) => zones.inside(ch);
    const hits = Array.from({ length: Math.ceil(study.landscape.line.length / 50) }, (_, k) => k * 50).filter((ch) =>
      zones.inside(ch),
    ).length;
    if (hits === 0) notes.push(`siting.exclude: ${siting.exclude} does not overlap the highway, so it excludes nothing`);
  }
  let allowed: (type: StructureType, chainage: number) => boolean = () => true;
  if (siting.elevation) {
    const el = siting.elevation;
    const file = resolve(dirname(path), el.path);
    const dem = await readGrid(file).catch((err: Error) => {
      throw new CrosswayError(`cannot read the elevation grid: ${err.message}`, { file, field: "siting.elevation.path" });
    });
    const relief = new Map<number, Relief | null>();
    const at = (ch: number) => {
      if (!relief.has(ch)) relief.set(ch, reliefAt(dem, study.landscape.line, ch, el.reach_m, study.landscape.template.crs));
      return relief.get(ch)!;
    };
    allowed = (type, ch) => feasible(type, at(ch), el.relief_m);
  }
  const candidates = makeCandidates(siting, study.landscape.line.length, study.existing, path, excluded, allowed);
  if (siting.elevation) {
    const per = siting.types.map((t) => `${candidates.filter((c) => c.type === t).length} ${t}`).join(", ");
    notes.push(
      `siting.elevation: the terrain allows ${per} of the positions (cut or valley of at least ${siting.elevation.relief_m} m within ${siting.elevation.reach_m} m)`,
    );
  }
  say(`siting: ${candidates.length} candidates (${siting.types.join(", ")} every ${siting.spacing_m} m), objective ${objective}`);

  let stopping = false;
  const onSigint = () => {
    stopping = true;
    if (!opts.quiet) process.stderr.write("\ninterrupted: stopping after the current evaluation; run the same command again to resume\n");
  };
  process.on("SIGINT", onSigint);
  try {
    const tm = performance.now();
    const baseJob = await makeJob(study, "baseline", "baseline", null, [], "siting (baseline)");
    const { model } = bandModelFor(study, baseJob, { quiet: opts.quiet, cacheDir: join(outDir, "cache") });
    const modelSeconds = (performance.now() - tm) / 1000;
    const scorer = new Scorer(study, outDir, model, objective);
    await scorer.baseline();

    // Every candidate alone, exactly.
    const tc = performance.now();
    const progress = createProgress("candidates", candidates.length, { quiet: opts.quiet });
    const scored = new Map<Candidate, Scored>();
    for (const c of candidates) {
      if (stopping) break;
      scored.set(c, await scorer.score([c]));
      progress.tick();
      await new Promise((r) => setImmediate(r)); // let a Ctrl-C through
    }
    progress.stop();
    const candSeconds = (performance.now() - tc) / 1000;
    const empty = {
      candidates: [],
      plan: [],
      planRows: [],
      fences: [],
      fenceRows: [],
      how: "",
      objective,
      evaluated: scorer.evaluated,
      optimality: [],
      files: [],
      notes: [],
    };
    if (stopping)
      return {
        ...empty,
        seconds: { model: modelSeconds, candidates: candSeconds, plan: 0, total: (performance.now() - t0) / 1000 },
        interrupted: true,
      };

    const single = new Map(candidates.map((c) => [c, scorer.gain(scored.get(c)!.row)]));
    const ranked = [...candidates].sort((a, b) => single.get(b)! - single.get(a)! || a.chainage_m - b.chainage_m);
    // The cheap estimate from the baseline alone, and how well it ranks the candidates.
    const base = await scorer.baseline();
    const estimate = new Map<Candidate, number>();
    if (model) {
      for (const c of candidates) {
        const job = await makeJob(
          study,
          c.id,
          "baseline",
          { name: c.id, add: [structureOf(c)], remove: [], change: [], fences: [] },
          [],
          "siting",
        );
        estimate.set(c, firstOrderDeltaErPct(model, study.landscape, job.scenario, base.effective_resistance));
      }
    }
    // Barrier Mapper's least-cost improvement score of a circle centred on the candidate that spans the
    // road from verge to verge (the barrier a structure restores) and is at least as wide as the structure.
    const barrier = new Map<Candidate, number>();
    if (model && config.analysis.least_cost) {
      const ref = leastCostReference(model, study.landscape, config.analysis);
      const t = study.landscape.template;
      for (const c of candidates) {
        const p = pointAt(study.landscape.line, c.chainage_m);
        const radius = Math.max(c.width_m / 2, config.landscape.road.width_m / 2 + Math.abs(t.transform[1]));
        barrier.set(c, ref.barrierScore(circleCells(t.width, t.height, t.transform, p.x, p.y, radius), 2 * radius));
      }
    }
    const est = candidates.map((c) => -(estimate.get(c) ?? NaN));
    const bm = candidates.map((c) => barrier.get(c) ?? NaN);
    const spearmanFirstOrder = {
      vs_exact_effective_resistance: spearman(
        est,
        candidates.map((c) => -scored.get(c)!.row.delta_effective_resistance_pct),
      ),
      vs_objective: spearman(
        est,
        candidates.map((c) => single.get(c)!),
      ),
      barrier_mapper_vs_exact_least_cost: spearman(
        bm,
        candidates.map((c) => -scored.get(c)!.row.delta_least_cost_pct),
      ),
      barrier_mapper_vs_objective: spearman(
        bm,
        candidates.map((c) => single.get(c)!),
      ),
    };
    const results: CandidateResult[] = ranked.map((c, k) => ({
      candidate: c,
      scored: scored.get(c)!,
      gain: single.get(c)!,
      rank: k + 1,
      firstOrderDeltaErPct: estimate.get(c) ?? NaN,
      barrierMapperScore: barrier.get(c) ?? NaN,
    }));

    // The plan.
    const tp = performance.now();
    const lim: PlanLimits = {
      budget: siting.budget_musd ?? Infinity,
      maxStructures: siting.max_structures,
      minSpacing: siting.min_spacing_m,
    };
    const byGain = await greedy(scorer, candidates, single, lim, false);
    const byRatio = await greedy(scorer, candidates, single, lim, true);
    const last = (s: PlanStep[]) => (s.length ? s[s.length - 1].gain : 0);
    let how = last(byRatio) > last(byGain) ? "greedy by gain per cost" : "greedy by gain";
    let chosen = (last(byRatio) > last(byGain) ? byRatio : byGain).map((s) => s.candidate);
    const pool = ranked.slice(0, 30);
    const swapped = await improveBySwaps(scorer, chosen, pool, lim);
    if (swapped.some((c, i) => c !== chosen[i])) {
      how += ", then swaps";
      // keep the order by marginal contribution: rebuild the steps greedily within the swapped set
      chosen = swapped;
    }
    const plan: PlanStep[] = [];
    const planRows: Scored[] = [];
    const order = await orderSteps(scorer, chosen);
    for (const c of order) {
      const set = [...plan.map((s) => s.candidate), c];
      const row = await scorer.score(set);
      const gain = scorer.gain(row.row);
      plan.push({
        candidate: c,
        gain,
        marginal: gain - (plan.length ? plan[plan.length - 1].gain : 0),
        cost: set.reduce((s, x) => s + x.cost_musd, 0),
      });
      planRows.push(row);
    }
    // Fences between the structures, when the objective counts deaths.
    const fenceSteps: FenceStep[] = [];
    const fenceRows: Scored[] = [];
    if (siting.fences && objective === "effective_resistance") {
      notes.push(
        "siting.fences: fences are not considered with the effective_resistance objective (a fence always raises it); use success_probability or road_deaths",
      );
    } else if (siting.fences) {
      const structures = plan.map((p) => p.candidate);
      const steps = await addFences(
        scorer,
        structures,
        study.existing.map((e) => e.chainage_m),
        study.landscape.line.length,
        siting.fence_cost_musd_per_km,
        lim,
        plan.length ? plan[plan.length - 1].gain : 0,
      );
      for (const [k, f] of steps.entries()) {
        fenceSteps.push(f);
        fenceRows.push(
          await scorer.score(
            structures,
            steps.slice(0, k + 1).map((x) => x.fence),
          ),
        );
      }
    }
    const planSeconds = (performance.now() - tp) / 1000;
    // A structure near the grid's edge gains partly from the edge (current cannot go around it there).
    notes.push(
      ...edgeCautions(
        study.landscape.template,
        study.landscape.focal,
        [],
        study.landscape.line,
        plan.map((p) => ({ id: p.candidate.id, chainage_m: p.candidate.chainage_m, scenarios: ["the siting plan"] })),
      ),
    );

    // Optimality check: every pair among the best 100 singles, every triple among the best 25.
    const optimality: OptimalityCheck[] = [];
    if (opts.checkOptimality) {
      for (const [k, n] of [
        [2, 100],
        [3, 25],
      ] as const) {
        if (siting.max_structures < k) continue;
        const t = performance.now();
        const sets = countFeasible(ranked.slice(0, n), k, lim);
        const bar = createProgress(`optimality check, ${k} structures`, sets, { quiet: opts.quiet });
        const ex = await exhaustive(scorer, ranked.slice(0, n), k, lim, () => bar.tick());
        bar.stop();
        const greedyK = plan.length >= k ? plan[k - 1].gain : plan.length ? plan[plan.length - 1].gain : 0;
        optimality.push({
          k,
          pool: Math.min(n, ranked.length),
          tried: ex.tried,
          best: ex.set.map((c) => c.id),
          bestGain: ex.gain,
          greedyGain: greedyK,
          seconds: (performance.now() - t) / 1000,
        });
      }
    }

    const files = [
      ...(await writeCandidates(outDir, study, results)),
      await writePlan(outDir, plan, planRows, how, fenceSteps, fenceRows),
      await writeScenarioFile(outDir, study, [
        ...ranked.slice(0, 10).map((c) => ({ name: `single-${c.id}`, set: [c] })),
        ...plan.map((_, k) => ({ name: `plan-step-${k + 1}`, set: plan.slice(0, k + 1).map((s) => s.candidate) })),
        ...fenceSteps.map((_, k) => ({
          name: `plan-step-${plan.length + k + 1}`,
          set: plan.map((s) => s.candidate),
          fences: fenceSteps.slice(0, k + 1).map((x) => x.fence),
        })),
      ]),
    ];
    const seconds = { model: modelSeconds, candidates: candSeconds, plan: planSeconds, total: (performance.now() - t0) / 1000 };
    files.push(
      ...(await writeSitingReport(
        outDir,
        study,
        {
          candidates: results,
          plan,
          planRows,
          fences: fenceSteps,
          fenceRows,
          how,
          objective,
          evaluated: scorer.evaluated,
          seconds,
          spearman: spearmanFirstOrder,
          optimality,
          interrupted: false,
          files,
          notes,
        },
        siting.spacing_m,
      )),
    );
    const summary = {
      objective,
      how,
      candidates: candidates.length,
      evaluated: scorer.evaluated,
      seconds,
      spearman: spearmanFirstOrder,
      optimality,
      siting,
    };
    files.push(join(outDir, "siting.json"));
    await writeFileAtomic(files[files.length - 1], `${JSON.stringify(summary, null, 1)}\n`);
    return {
      candidates: results,
      plan,
      planRows,
      fences: fenceSteps,
      fenceRows,
      how,
      objective,
      evaluated: scorer.evaluated,
      seconds,
      spearman: spearmanFirstOrder,
      optimality,
      interrupted: false,
      files,
      notes,
    };
  } finally {
    process.off("SIGINT", onSigint);
  }
}

/** The plan's structures in the order a greedy pass over them would add them (largest marginal gain first). */
async function orderSteps(scorer: Scorer, set: Candidate[]): Promise<Candidate[]> {
  const left = [...set];
  const order: Candidate[] = [];
  while (left.length) {
    let best = 0;
    let bestGain = -Infinity;
    for (let i = 0; i < left.length; i++) {
      const g = scorer.gain((await scorer.score([...order, left[i]])).row);
      if (g > bestGain) {
        bestGain = g;
        best = i;
      }
    }
    order.push(left.splice(best, 1)[0]);
  }
  return order;
}

/** The exclusion zones of `siting.exclude` (polygons, reprojected to the grid's CRS): is a chainage inside one? */
async function exclusionZones(file: string, study: Study): Promise<{ inside(chainage: number): boolean }> {
  const { features } = await readFeatures(file, study.landscape.template.crs);
  const polys = features.filter((f) => f.geometry && (f.geometry.type === "Polygon" || f.geometry.type === "MultiPolygon")) as Feature<
    Polygon | MultiPolygon
  >[];
  if (polys.length === 0) throw new CrosswayError("has no Polygon or MultiPolygon features", { file, field: "siting.exclude" });
  return {
    inside(chainage) {
      const p = pointAt(study.landscape.line, chainage);
      return polys.some((g) => booleanPointInPolygon([p.x, p.y], g));
    },
  };
}
