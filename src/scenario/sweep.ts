/**
 * Sweep files: many scenarios generated from a few lines. Every subset of min..k candidate
 * structures, crossed with every combination of parameter values (a sensitivity grid). Each
 * parameter combination has its own baseline (no candidates), and deltas are taken against it,
 * so a row answers "what does this set of crossings buy, if the road resistance were 500?".
 */
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { CrosswayError } from "../util/errors.ts";
import { readYaml, validate } from "./load.ts";
import { ParametersSchema, ScenarioFileSchema, StructureSchema, type Parameters, type ScenarioFile, type StructureSpec } from "./schema.ts";

export const SWEEP_PARAMETERS = ["road_resistance", "effectiveness_scale", "habitat_c", "rmax"] as const;
type SweepParameter = (typeof SWEEP_PARAMETERS)[number];

export const SweepFileSchema = z
  .strictObject({
    name: z.string().min(1).default("sweep"),
    /** The scenario file that gives the landscape, species, baseline and analysis (its scenarios are not run). */
    scenario_file: z.string(),
    candidates: z.array(StructureSchema).min(1),
    /** Largest number of candidates built together. */
    max_structures: z.number().int().positive(),
    min_structures: z.number().int().nonnegative().default(1),
    /** Lists of values; every combination is run. */
    parameters: z
      .strictObject(
        Object.fromEntries(SWEEP_PARAMETERS.map((k) => [k, z.array(z.number().positive()).min(1).optional()])) as Record<
          SweepParameter,
          z.ZodOptional<z.ZodArray<z.ZodNumber>>
        >,
      )
      .prefault({}),
    /** Refuse to generate more than this many scenarios (a guard against a typo in k). */
    max_scenarios: z.number().int().positive().default(5000),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.candidates.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: "custom", path: ["candidates", i, "id"], message: `duplicate candidate id '${c.id}'` });
      seen.add(c.id);
    });
    if (s.min_structures > s.max_structures)
      ctx.addIssue({ code: "custom", path: ["min_structures"], message: "must not exceed max_structures" });
  });
export type SweepFile = z.infer<typeof SweepFileSchema>;

export interface SweepItem {
  /** Row name: candidate ids joined by '+', then '@' and the parameter values when there is a grid. */
  name: string;
  /** Name of the baseline row this one is compared with. */
  baseline: string;
  add: StructureSpec[];
  parameters: Parameters;
}

/** All k-subsets of 0..n-1 for k in [lo, hi], in lexicographic order within each size. */
export function subsets(n: number, lo: number, hi: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (start: number, k: number) => {
    if (cur.length === k) {
      out.push(cur.slice());
      return;
    }
    for (let i = start; i < n; i++) {
      cur.push(i);
      rec(i + 1, k);
      cur.pop();
    }
  };
  for (let k = Math.max(1, lo); k <= Math.min(hi, n); k++) rec(0, k);
  return out;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Cartesian product of the parameter lists, in file order (the last key varies fastest). */
export function parameterGrid(params: Partial<Record<SweepParameter, number[]>>): Parameters[] {
  let out: Parameters[] = [{}];
  for (const key of SWEEP_PARAMETERS) {
    const values = params[key];
    if (!values) continue;
    out = out.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  }
  return out;
}

function label(p: Parameters): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
}

export function generateSweep(sweep: SweepFile, file = "sweep"): SweepItem[] {
  const n = sweep.candidates.length;
  const lo = sweep.min_structures;
  const hi = sweep.max_structures;
  let nSubsets = 0;
  for (let k = Math.max(1, lo); k <= Math.min(hi, n); k++) nSubsets += binomial(n, k);
  const grid = parameterGrid(sweep.parameters);
  const gridded = grid.length > 1 || Object.keys(grid[0]).length > 0;
  const total = 1 + (gridded ? grid.length : 0) + nSubsets * grid.length;
  if (total > sweep.max_scenarios) {
    throw new CrosswayError(
      `the sweep would generate ${total} scenarios, more than max_scenarios (${sweep.max_scenarios}); lower max_structures or raise max_scenarios`,
      { file, field: "max_structures" },
    );
  }
  const items: SweepItem[] = [{ name: "baseline", baseline: "baseline", add: [], parameters: {} }];
  const subs = subsets(n, lo, hi);
  for (const p of grid) {
    const suffix = gridded ? `@${label(p)}` : "";
    const base = `baseline${suffix}`;
    if (gridded) items.push({ name: base, baseline: base, add: [], parameters: p });
    for (const s of subs) {
      items.push({
        name: s.map((i) => sweep.candidates[i].id).join("+") + suffix,
        baseline: base,
        add: s.map((i) => sweep.candidates[i]),
        parameters: p,
      });
    }
  }
  return items;
}

export interface LoadedSweep {
  sweep: SweepFile;
  scenarioFile: ScenarioFile;
  scenarioPath: string;
  items: SweepItem[];
}

export function loadSweep(path: string): LoadedSweep {
  const sweep = validate(SweepFileSchema, readYaml(path), path);
  const scenarioPath = resolve(dirname(path), sweep.scenario_file);
  const scenarioFile = validate(ScenarioFileSchema, readYaml(scenarioPath), scenarioPath);
  // Parameter values are checked by the same rules as a scenario's parameters block.
  for (const p of parameterGrid(sweep.parameters)) validate(ParametersSchema, p, path);
  return { sweep, scenarioFile, scenarioPath, items: generateSweep(sweep, path) };
}
