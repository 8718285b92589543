/**
 * Synthetic truth: field observations drawn from the model itself at known parameter values, for
 * testing `crossway validate` and `crossway calibrate` (does the fit recover what made the data?).
 * Per road segment, Poisson counts with means proportional to the model's profiles (|crossing
 * current| for crossings, expected road deaths for road kills), scaled to the totals asked for; each
 * animal is placed at a road cell of its segment drawn uniformly, `offsetM` off the centreline.
 * `uniform` draws them uniformly along the road instead (a deliberately wrong model).
 */
import type { FeatureCollection, Point } from "geojson";
import { pointAt } from "../geometry/polyline.ts";
import { roadSegments } from "../scenario/segments.ts";
import type { Study } from "../scenario/study.ts";
import { rng } from "../validate/scores.ts";
import { CalibrationModel } from "./evaluator.ts";
import type { FitParameter } from "./params.ts";

export interface SimulateOptions {
  crossings: number;
  kills: number;
  seed: number;
  uniform?: boolean;
  offsetM?: number;
}

/** A Poisson draw (Knuth's product method below a mean of 30, a rounded normal above). */
export function poisson(mean: number, random: () => number): number {
  if (mean > 30) {
    const z = Math.sqrt(-2 * Math.log(random() || 1e-300)) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const l = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > l) {
    k++;
    p *= random();
  }
  return k;
}

export async function simulateObservations(
  study: Study,
  params: readonly FitParameter[],
  values: readonly number[],
  opts: SimulateOptions,
): Promise<FeatureCollection<Point>> {
  const ls = study.landscape;
  const model = new CalibrationModel(study, params, null, opts.kills > 0 && !!study.config.mortality);
  const prof = await model.profiles(values);
  const seg = roadSegments(ls, study.config.analysis.segment_length_m).of;
  const cells = prof.current.map((): number[] => []);
  for (const ch of ls.road.chainage) cells[seg(ch)].push(ch);
  const random = rng(opts.seed);
  const offset = opts.offsetM ?? 20;
  const features: FeatureCollection<Point>["features"] = [];
  const place = (kind: string, weights: number[], total: number) => {
    const w = weights.map((x, i) => (cells[i].length ? (opts.uniform ? cells[i].length : Math.max(0, x)) : 0));
    const sum = w.reduce((a, b) => a + b, 0);
    w.forEach((x, i) => {
      const n = sum > 0 ? poisson((total * x) / sum, random) : 0;
      for (let k = 0; k < n; k++) {
        const p = pointAt(ls.line, cells[i][Math.floor(random() * cells[i].length)]);
        features.push({
          type: "Feature",
          properties: { kind },
          geometry: { type: "Point", coordinates: [p.x - p.dy * offset, p.y + p.dx * offset] },
        });
      }
    });
  };
  place("crossing", prof.current, opts.crossings);
  if (prof.deaths) place("road_kill", prof.deaths, opts.kills);
  return { type: "FeatureCollection", features };
}
