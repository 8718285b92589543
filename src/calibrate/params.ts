/**
 * The parameters `crossway calibrate` can fit, and PARAMS.yaml: which of them to fit, over what range.
 *
 *   parameters:
 *     habitat_c: { min: 1, max: 16 }                  # log scale (max / min >= 10 unless `scale` says)
 *     road_resistance: { min: 300, max: 30000 }
 *     effectiveness.underpass: { min: 0.1, max: 1, scale: linear }
 *   starts: 3              # Nelder-Mead starts (the file's own values first, then a seeded Latin square)
 *   max_evaluations: 400   # model evaluations, all starts and profiles together
 *   confidence: 0.95       # of the profile-likelihood intervals
 *
 * Every parameter maps onto the scenario file's own vocabulary (baseline.parameters, or the mortality
 * block), so the calibrated file says in plain YAML what was fitted. The optimiser works in the unit
 * cube: u in [0, 1] maps to min..max linearly, or log-linearly when the scale is log.
 */
import { z } from "zod";
import type { Parameters, ScenarioFile } from "../scenario/schema.ts";
import { STRUCTURE_TYPES } from "../scenario/schema.ts";
import { CrosswayError } from "../util/errors.ts";
import { validate } from "../util/validate.ts";
import { readYaml } from "../util/read-input.ts";

/** What a parameter changes: the land (a full solve per value) or only the road. */
export type ParameterKind = "land" | "road" | "mortality";

export interface ParameterInfo {
  name: string;
  kind: ParameterKind;
  what: string;
  /** Allowed values (a range must lie inside). */
  lo: number;
  hi: number;
}

const SINGLE: ParameterInfo[] = [
  { name: "habitat_c", kind: "land", what: "shape c of the habitat-to-resistance negative exponential", lo: 1e-9, hi: Infinity },
  { name: "rmax", kind: "land", what: "the recipe's maximum resistance", lo: 1 + 1e-9, hi: Infinity },
  { name: "road_resistance", kind: "road", what: "resistance of open road cells", lo: 1e-9, hi: Infinity },
  { name: "effectiveness_scale", kind: "road", what: "multiplier on every structure's effectiveness", lo: 1e-9, hi: Infinity },
  {
    name: "traffic_mortality_scale",
    kind: "mortality",
    what: "multiplier on the road's kill hazard (mortality.traffic_scale)",
    lo: 1e-9,
    hi: Infinity,
  },
  { name: "background_mortality", kind: "mortality", what: "probability of dying per step anywhere (mortality.background)", lo: 0, hi: 1 },
];

/** Every parameter name this scenario file can fit (land-cover classes from its recipe's table). */
export function knownParameters(landcoverClasses: readonly string[]): ParameterInfo[] {
  return [
    ...SINGLE,
    ...STRUCTURE_TYPES.map((t): ParameterInfo => ({
      name: `effectiveness.${t}`,
      kind: "road",
      what: `effectiveness of ${t}s`,
      lo: 0,
      hi: 1,
    })),
    ...landcoverClasses.map((c): ParameterInfo => ({
      name: `landcover.${c}`,
      kind: "land",
      what: `resistance of land-cover class ${c}`,
      lo: 1e-9,
      hi: Infinity,
    })),
  ];
}

const RangeSchema = z.strictObject({
  min: z.number().finite(),
  max: z.number().finite(),
  scale: z.enum(["log", "linear"]).optional(),
});

export const ParamsFileSchema = z.strictObject({
  parameters: z.record(z.string(), RangeSchema),
  starts: z.number().int().min(1).max(20).default(2),
  max_evaluations: z.number().int().min(5).default(300),
  confidence: z.number().gt(0).lt(1).default(0.95),
  /** Inner Nelder-Mead budget per profile point (the other parameters re-fitted). */
  profile_evaluations: z.number().int().min(1).default(25),
  seed: z.number().int().default(1),
});
export type ParamsFile = z.infer<typeof ParamsFileSchema>;

export interface FitParameter {
  name: string;
  info: ParameterInfo;
  min: number;
  max: number;
  log: boolean;
}

export interface CalibrationSpec extends Omit<ParamsFile, "parameters"> {
  params: FitParameter[];
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length];
}

export function didYouMean(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dd = distance(name.toLowerCase(), k.toLowerCase());
    if (dd < bestD) [best, bestD] = [k, dd];
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Read and check PARAMS.yaml against what the scenario file can fit. */
export function readParamsFile(file: string, landcoverClasses: readonly string[], config: ScenarioFile): CalibrationSpec {
  const parsed = { data: validate(ParamsFileSchema, readYaml(file), file) };
  const known = knownParameters(landcoverClasses);
  const names = known.map((k) => k.name);
  const params: FitParameter[] = [];
  for (const [name, r] of Object.entries(parsed.data.parameters)) {
    const field = `parameters.${name}`;
    const info = known.find((k) => k.name === name);
    if (!info) {
      const near = didYouMean(name, names);
      const cls = name.startsWith("landcover.")
        ? landcoverClasses.length
          ? ` (the recipe's land-cover classes: ${landcoverClasses.join(", ")})`
          : " (the scenario's land has no recipe landcover table)"
        : "";
      throw new CrosswayError(`unknown parameter '${name}'${near ? `; did you mean '${near}'?` : ""}${cls}. Known: ${names.join(", ")}`, {
        file,
        field,
      });
    }
    if (r.min > r.max) throw new CrosswayError(`min ${r.min} is greater than max ${r.max}`, { file, field });
    if (r.min === r.max) throw new CrosswayError(`min and max are both ${r.min}: nothing to fit (leave it out)`, { file, field });
    if (r.min < info.lo || r.max > info.hi)
      throw new CrosswayError(`${info.what}: the range must lie within [${info.lo}, ${info.hi}], got [${r.min}, ${r.max}]`, {
        file,
        field,
      });
    if (info.kind === "mortality" && !config.mortality)
      throw new CrosswayError(`'${name}' acts on road kills, but the scenario file has no mortality block`, { file, field });
    const log = r.scale === "log" || (r.scale === undefined && r.min > 0 && r.max / r.min >= 10);
    if (log && !(r.min > 0)) throw new CrosswayError(`a log scale needs min > 0, got ${r.min}`, { file, field });
    params.push({ name, info, min: r.min, max: r.max, log });
  }
  if (params.length === 0)
    throw new CrosswayError("no parameter to fit: list at least one under `parameters:`", { file, field: "parameters" });
  const { parameters: _p, ...rest } = parsed.data;
  return { ...rest, params };
}

/** u in [0, 1] -> the parameter's value. */
export function fromUnit(p: FitParameter, u: number): number {
  const t = Math.min(1, Math.max(0, u));
  return p.log ? Math.exp(Math.log(p.min) + t * (Math.log(p.max) - Math.log(p.min))) : p.min + t * (p.max - p.min);
}

/** The parameter's value -> u (clamped to [0, 1]). */
export function toUnit(p: FitParameter, v: number): number {
  const u = p.log ? (Math.log(v) - Math.log(p.min)) / (Math.log(p.max) - Math.log(p.min)) : (v - p.min) / (p.max - p.min);
  return Math.min(1, Math.max(0, u));
}

/** What a set of values changes: a baseline.parameters layer and mortality block overrides. */
export interface ParameterLayers {
  parameters: Parameters;
  mortality: { traffic_scale?: number; background?: number };
}

export function layersOf(params: readonly { name: string }[], values: readonly number[]): ParameterLayers {
  return parameterLayers(params.map((p, i) => [p.name, values[i]]));
}

/** Named values -> the scenario file's vocabulary (effectiveness.<type>, landcover.<class>, mortality). */
export function parameterLayers(entries: readonly (readonly [string, number])[]): ParameterLayers {
  const parameters: Parameters = {};
  const mortality: ParameterLayers["mortality"] = {};
  for (const [name, v] of entries) {
    const [head, tail] = name.split(".", 2);
    if (head === "effectiveness") parameters.effectiveness = { ...parameters.effectiveness, [tail]: v };
    else if (head === "landcover") parameters.landcover = { ...parameters.landcover, [tail]: v };
    else if (name === "traffic_mortality_scale") mortality.traffic_scale = v;
    else if (name === "background_mortality") mortality.background = v;
    else (parameters as Record<string, number>)[name] = v;
  }
  return { parameters, mortality };
}

/** The file's own value of each parameter (the first start), or undefined where it has none. */
export function currentValues(
  params: readonly FitParameter[],
  resolved: {
    road_resistance: number;
    effectiveness_scale: number;
    effectiveness: Record<string, number>;
    habitat_c?: number;
    rmax?: number;
  },
  recipe: { habitat_c?: number; rmax?: number; landcover?: Record<string, number> },
  mortality: { traffic_scale?: number; background?: number } | undefined,
): (number | undefined)[] {
  return params.map((p) => {
    const [head, tail] = p.name.split(".", 2);
    if (head === "effectiveness") return resolved.effectiveness[tail];
    if (head === "landcover") return recipe.landcover?.[tail];
    if (p.name === "traffic_mortality_scale") return mortality ? (mortality.traffic_scale ?? 1) : undefined;
    if (p.name === "background_mortality") return mortality?.background;
    if (p.name === "habitat_c") return resolved.habitat_c ?? recipe.habitat_c;
    if (p.name === "rmax") return resolved.rmax ?? recipe.rmax;
    return (resolved as unknown as Record<string, number>)[p.name];
  });
}
