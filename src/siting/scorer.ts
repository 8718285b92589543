/**
 * Exact scores of sets of new structures on a study: each set is a scenario (makeJob: the same key as
 * `crossway run` would give it), evaluated on the road-band model (src/incremental) or in full when the
 * model refuses, stored by key in DIR/scenarios (so an interrupted siting run resumes), and summarised
 * against the baseline with the report's own functions (src/scenario/metrics.ts).
 */
import { evaluateIncremental } from "../incremental/evaluate.ts";
import type { BandModel } from "../incremental/model.ts";
import { type Evaluation, evaluateScenario } from "../scenario/evaluate.ts";
import type { StoredResult } from "../scenario/execute.ts";
import { compare, type Row, type Summary, summarize } from "../scenario/metrics.ts";
import { ResultStore } from "../scenario/store.ts";
import { makeJob, type Study } from "../scenario/study.ts";
import type { Candidate } from "./candidates.ts";
import { structureOf } from "./candidates.ts";
import type { SitingObjective } from "./schema.ts";
import type { FenceSpec } from "../scenario/schema.ts";

export interface Scored {
  row: Omit<Row, "rank">;
  method: string;
}

export class Scorer {
  private readonly store: ResultStore;
  private base: Summary | null = null;
  /** Evaluations made now (not read from the store). */
  evaluated = 0;

  constructor(
    private readonly study: Study,
    outDir: string,
    private readonly model: BandModel | null,
    readonly objective: SitingObjective,
  ) {
    this.store = new ResultStore(outDir);
  }

  private async evaluation(
    name: string,
    set: Candidate[],
    fences: FenceSpec[] = [],
  ): Promise<{ ev: Evaluation; cost: number; method: string }> {
    const spec = set.length || fences.length ? { name, add: set.map(structureOf), remove: [], change: [], fences } : null;
    const job = await makeJob(this.study, name, "baseline", spec, [], `siting (${name})`);
    const stored = this.store.get<StoredResult>(job.key);
    if (stored) return { ev: stored.evaluation as Evaluation, cost: job.scenario.cost, method: stored.evaluation.solve?.method ?? "full" };
    const t0 = performance.now();
    const ls = { ...this.study.landscape, land: this.study.lands.get(job.landKey)! };
    const analysis = this.study.config.analysis;
    let ev: Evaluation;
    const inc = this.model ? evaluateIncremental(this.model, ls, job.scenario, analysis) : null;
    if (inc?.ok) ev = inc.evaluation;
    else {
      const full = evaluateScenario({ ...ls, template: { ...ls.template, data: ls.land } }, job.scenario, analysis);
      ev = { ...full, solve: { method: "full", ...(inc && !inc.ok ? { fallback: inc.reason } : {}) } };
    }
    const { resistance: _r, cumulativeCurrent: _c, mortalityGrid: _m, ...tables } = ev;
    const rec: StoredResult = { key: job.key, scenario: job.scenario, evaluation: tables, seconds: (performance.now() - t0) / 1000 };
    await this.store.put(job.key, rec);
    this.evaluated++;
    return { ev: tables as Evaluation, cost: job.scenario.cost, method: ev.solve?.method ?? "full" };
  }

  async baseline(): Promise<Summary> {
    if (!this.base) {
      const { ev, cost } = await this.evaluation("baseline", []);
      this.base = summarize(ev.pairs, cost);
    }
    return this.base;
  }

  async score(set: Candidate[], fences: FenceSpec[] = []): Promise<Scored> {
    const base = await this.baseline();
    const name = [...set.map((c) => c.id), ...fences.map((f) => f.id)].join("+") || "baseline";
    const { ev, cost, method } = await this.evaluation(name, set, fences);
    return { row: compare(name, summarize(ev.pairs, cost), base), method };
  }

  /** The objective's improvement in percent (larger is better). */
  gain(row: Omit<Row, "rank">): number {
    const g =
      this.objective === "effective_resistance"
        ? -row.delta_effective_resistance_pct
        : this.objective === "success_probability"
          ? row.delta_success_pct
          : -row.delta_road_deaths_pct;
    return Number.isFinite(g) ? g : -Infinity;
  }
}
