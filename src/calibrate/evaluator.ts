/**
 * One model evaluation of `crossway calibrate`: a parameter set -> the baseline's profiles along the
 * road (|crossing current| and, when road kills are fitted, expected road deaths per segment). Each is
 * a full solve of the baseline (a land parameter changes every cell, so the road-band model does not
 * apply), without least-cost paths (not part of the likelihood), and without the absorbing walk when
 * no road kill is fitted.
 *
 * Results are stored in DIR/evaluations/<key>.json (atomically), keyed by the baseline job's content key
 * (which holds every resolved parameter, the mortality model and the inputs' hashes) and what was
 * solved, so an interrupted calibration resumes without redoing a solve, and a second one with other
 * observations reuses every profile.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createPool, type Pool } from "../parallel/pool.ts";
import { evaluateScenario } from "../scenario/evaluate.ts";
import { packLandscape } from "../scenario/shared-landscape.ts";
import { sha256 } from "../scenario/hash.ts";
import { makeJob, type Study } from "../scenario/study.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { moduleUrl } from "../util/module-url.ts";
import { type FitParameter, layersOf } from "./params.ts";
import { type ProfileResult, type ProfileTask, profilesOf } from "./worker.ts";

export interface ModelProfiles {
  current: number[];
  deaths: number[] | null;
  /** Seconds of the solve (0 when read from the store). */
  seconds: number;
  cached: boolean;
}

export const EVALUATIONS_DIR = "evaluations";

export class CalibrationModel {
  /** Full solves made (not read from the store). */
  solves = 0;
  private memo = new Map<string, Promise<ModelProfiles>>();
  private readonly baseLand: string;
  private pool: Pool<ProfileTask, ProfileResult> | null = null;

  constructor(
    private readonly study: Study,
    private readonly params: readonly FitParameter[],
    /** Where results are stored (null: kept in memory only). */
    private readonly outDir: string | null,
    private readonly withDeaths: boolean,
    /** Evaluations side by side in worker threads (one solver thread each); 0: in this thread. */
    workers = 0,
  ) {
    this.baseLand = [...study.lands.keys()][0];
    if (outDir) mkdirSync(join(outDir, EVALUATIONS_DIR), { recursive: true });
    if (workers > 0) {
      const ls = study.landscape;
      this.pool = createPool<ProfileTask, ProfileResult>(moduleUrl("./worker.ts", import.meta.url), workers, {
        landscape: packLandscape(ls, new Map([["base", ls.land]]), study.centreline),
      });
    }
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }

  /** The profiles at these values: from memory, from the store, or solved (concurrent calls share one solve). */
  async profiles(values: readonly number[]): Promise<ModelProfiles> {
    const study = this.study;
    const layers = layersOf(this.params, values);
    const config = study.config;
    const mortality = config.mortality && this.withDeaths ? { ...config.mortality, ...layers.mortality } : undefined;
    const view: Study = { ...study, config: { ...config, mortality } };
    const job = await makeJob(view, "baseline", "baseline", null, [layers.parameters], "calibrate");
    const key = sha256(`${job.key}|calibrate-profiles|deaths=${this.withDeaths}`);
    const hit = this.memo.get(key);
    if (hit) {
      // asked before in this run: the same numbers, not solved again
      this.dropLand(job.landKey);
      return { ...(await hit), seconds: 0, cached: true };
    }
    const solving = this.solve(key, job, values);
    this.memo.set(key, solving);
    return solving;
  }

  private async solve(key: string, job: Awaited<ReturnType<typeof makeJob>>, values: readonly number[]): Promise<ModelProfiles> {
    const study = this.study;
    const file = this.outDir ? join(this.outDir, EVALUATIONS_DIR, `${key}.json`) : null;
    try {
      const s = JSON.parse(readFileSync(file ?? "", "utf8")) as { current: number[]; deaths: number[] | null };
      if (Array.isArray(s.current) && (!this.withDeaths || Array.isArray(s.deaths))) {
        this.dropLand(job.landKey);
        return { current: s.current, deaths: s.deaths, seconds: 0, cached: true };
      }
    } catch {
      // not stored yet (or unreadable: solved again)
    }
    const ls = study.landscape;
    // Another evaluation on the same land, running beside this one, may have taken and dropped it: build it again.
    let land = study.lands.get(job.landKey);
    if (!land) {
      await study.landFor(job.scenario.parameters);
      land = study.lands.get(job.landKey)!;
    }
    this.dropLand(job.landKey);
    const analysis = { ...study.config.analysis, least_cost: false };
    const t0 = performance.now();
    const prof = this.pool
      ? await this.pool.run({ land, scenario: job.scenario, analysis })
      : profilesOf(evaluateScenario({ ...ls, land, template: { ...ls.template, data: land } }, job.scenario, analysis), this.withDeaths);
    this.solves++;
    const out: ModelProfiles = {
      current: prof.current,
      deaths: prof.deaths,
      seconds: prof.seconds ?? (performance.now() - t0) / 1000,
      cached: false,
    };
    const names = this.params.map((p) => p.name);
    if (file)
      await writeFileAtomic(file, JSON.stringify({ names, values, current: out.current, deaths: out.deaths, seconds: out.seconds }));
    return out;
  }

  /** A calibration visits hundreds of lands: keep only the file's own (8 bytes a cell each). */
  private dropLand(key: string): void {
    if (key !== this.baseLand) this.study.lands.delete(key);
  }
}
