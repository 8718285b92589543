/**
 * Road-kill probability from traffic, in the standard form of Hels & Buchwald (2001) and van
 * Langevelde & Jaarsma (2004): an animal crossing a road of traffic intensity N (vehicles per
 * second, both directions) at speed v (m/s) is killed with probability
 *
 *   P = 1 - exp(-N a / v),   a = vehicle width + animal body length (the kill width, m)
 *
 * (the number of vehicles passing while the animal is in the path of one, a / v seconds per lane
 * crossed, is Poisson). With a day/night split, a share s of the AADT driven in the night hours H,
 * and a share f of the animal's crossings made at night:
 *
 *   N_night = AADT s / (3600 H),  N_day = AADT (1 - s) / (3600 (24 - H))
 *   P = f (1 - exp(-N_night a / v)) + (1 - f) (1 - exp(-N_day a / v))
 *
 * A crossing passes m road cells (m = road cells x cell size / road length: the band's mean
 * thickness in cells), so each road cell kills with q = 1 - (1 - P)^(1/m), and m visits in a row
 * kill with P. Formulas and the defaults' sources: scenarios/METRICS.md ("Mortality").
 */
import { CrosswayError } from "../util/errors.ts";

export interface AnimalMortality {
  /** Head-and-body length, m. */
  body_length_m?: number;
  /** Speed at which the animal crosses a road, m/s. */
  crossing_speed_m_s?: number;
  /** Share of its road crossings made at night (0..1); used only when the traffic has a night share. */
  night_crossing_share?: number;
}

export interface TrafficSpec {
  aadt?: number;
  night_share?: number;
  night_hours: number;
  vehicle_width_m: number;
  segments: { from_m: number; to_m: number; aadt: number; night_share?: number }[];
}

export interface MortalitySpec {
  road: "traffic" | number;
  background: number;
  tolerance: number;
  /** Multiplier on the road's kill hazard (N a / v, or -ln(1 - q) for a fixed q); 1 when absent. */
  traffic_scale?: number;
}

/** One stretch of the road with its own kill probability. */
export interface RoadStretch {
  from_m: number;
  to_m: number;
  /** Vehicles per day (null when the road's q was given directly). */
  aadt: number | null;
  /** Probability that one crossing of the road here kills the animal. */
  p_crossing: number;
  /** Per visit to one road cell here. */
  q_cell: number;
}

/** Everything the evaluation needs (and the result key holds): plain data. */
export interface ResolvedMortality {
  background: number;
  cells_per_crossing: number;
  /** Stretches covering [0, road length] in chainage order. */
  road: RoadStretch[];
  tolerance: number;
  kill_width_m: number | null;
  crossing_speed_m_s: number | null;
}

/** P = 1 - exp(-N a / v), with the optional day/night split (see the header). */
export function crossingKillProbability(
  aadt: number,
  killWidthM: number,
  speedMs: number,
  split?: { nightShare: number; nightHours: number; nightCrossingShare: number },
): number {
  const p = (perSecond: number) => -Math.expm1((-perSecond * killWidthM) / speedMs);
  if (!split) return p(aadt / 86400);
  const nNight = (aadt * split.nightShare) / (3600 * split.nightHours);
  const nDay = (aadt * (1 - split.nightShare)) / (3600 * (24 - split.nightHours));
  return split.nightCrossingShare * p(nNight) + (1 - split.nightCrossingShare) * p(nDay);
}

/** Per-cell q such that m cells in a row kill with probability P: 1 - (1 - P)^(1/m). */
export function perCellProbability(pCrossing: number, cellsPerCrossing: number): number {
  if (pCrossing >= 1) return 1;
  return -Math.expm1(Math.log1p(-pCrossing) / cellsPerCrossing);
}

/**
 * The road's stretches and their q, from the `mortality` block, the road's traffic and the species'
 * animal parameters (profile values overridden by the mortality block). Errors name `file` and the key.
 */
export function resolveMortality(
  spec: MortalitySpec,
  traffic: TrafficSpec | undefined,
  animal: AnimalMortality,
  road: { lengthM: number; cellsPerCrossing: number },
  file: string,
  species: string,
): ResolvedMortality {
  const m = road.cellsPerCrossing;
  if (typeof spec.road === "number") {
    // a hazard scale s turns a per-cell q into 1 - (1 - q)^s
    const q = spec.traffic_scale === undefined ? spec.road : -Math.expm1(spec.traffic_scale * Math.log1p(-spec.road));
    return {
      background: spec.background,
      cells_per_crossing: m,
      road: [{ from_m: 0, to_m: road.lengthM, aadt: null, p_crossing: -Math.expm1(m * Math.log1p(-q)), q_cell: q }],
      tolerance: spec.tolerance,
      kill_width_m: null,
      crossing_speed_m_s: null,
    };
  }
  if (!traffic) {
    throw new CrosswayError(
      "mortality.road is 'traffic' but the road has no traffic; give landscape.road.traffic.aadt (vehicles per day), or a fixed per-cell probability as mortality.road",
      { file, field: "landscape.road.traffic" },
    );
  }
  for (const k of ["body_length_m", "crossing_speed_m_s"] as const) {
    const v = animal[k];
    if (!(typeof v === "number" && v > 0)) {
      throw new CrosswayError(`species '${species}' has no ${k} (needed for traffic mortality); set mortality.${k}`, {
        file,
        field: `mortality.${k}`,
      });
    }
  }
  const killWidth = traffic.vehicle_width_m + animal.body_length_m!;
  const speed = animal.crossing_speed_m_s!;
  // The hazard N a / v scaled by traffic_scale (a calibrated mortality scale): as if a were s times wider.
  const hazardWidth = killWidth * (spec.traffic_scale ?? 1);
  if (traffic.night_share !== undefined || traffic.segments.some((s) => s.night_share !== undefined)) {
    const f = animal.night_crossing_share;
    if (!(typeof f === "number" && f >= 0 && f <= 1)) {
      throw new CrosswayError(
        `the traffic has a night share but species '${species}' has no night_crossing_share; set mortality.night_crossing_share (0..1)`,
        { file, field: "mortality.night_crossing_share" },
      );
    }
  }
  // Stretches: the segments as given, the road's own AADT in the gaps.
  const segs = [...traffic.segments].sort((a, b) => a.from_m - b.from_m);
  segs.forEach((s, i) => {
    if (i > 0 && s.from_m < segs[i - 1].to_m) {
      throw new CrosswayError(`traffic segments overlap: [${segs[i - 1].from_m}, ${segs[i - 1].to_m}] and [${s.from_m}, ${s.to_m}] m`, {
        file,
        field: "landscape.road.traffic.segments",
      });
    }
  });
  const pieces: { from_m: number; to_m: number; aadt: number | undefined; night_share: number | undefined }[] = [];
  let at = 0;
  for (const s of segs) {
    if (s.from_m >= road.lengthM) break;
    if (s.from_m > at) pieces.push({ from_m: at, to_m: s.from_m, aadt: traffic.aadt, night_share: traffic.night_share });
    pieces.push({
      from_m: s.from_m,
      to_m: Math.min(s.to_m, road.lengthM),
      aadt: s.aadt,
      night_share: s.night_share ?? traffic.night_share,
    });
    at = Math.min(s.to_m, road.lengthM);
  }
  if (at < road.lengthM) pieces.push({ from_m: at, to_m: road.lengthM, aadt: traffic.aadt, night_share: traffic.night_share });
  const stretches = pieces.map((p): RoadStretch => {
    if (p.aadt === undefined) {
      throw new CrosswayError(
        `no AADT for chainage ${p.from_m.toFixed(0)}-${p.to_m.toFixed(0)} m: give landscape.road.traffic.aadt or a segment covering it`,
        { file, field: "landscape.road.traffic.aadt" },
      );
    }
    const split =
      p.night_share === undefined
        ? undefined
        : { nightShare: p.night_share, nightHours: traffic.night_hours, nightCrossingShare: animal.night_crossing_share! };
    const pc = crossingKillProbability(p.aadt, hazardWidth, speed, split);
    return { from_m: p.from_m, to_m: p.to_m, aadt: p.aadt, p_crossing: pc, q_cell: perCellProbability(pc, m) };
  });
  return {
    background: spec.background,
    cells_per_crossing: m,
    road: stretches,
    tolerance: spec.tolerance,
    kill_width_m: killWidth,
    crossing_speed_m_s: speed,
  };
}

/** q of the stretch holding chainage s (the last stretch takes its end point). */
export function stretchAt(stretches: readonly RoadStretch[], s: number): RoadStretch {
  for (const r of stretches) if (s < r.to_m) return r;
  return stretches[stretches.length - 1];
}
