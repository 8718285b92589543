/**
 * Circuitscape .ini files (raster mode): `key = value` lines; [sections] are ignored, keys are
 * case-insensitive, booleans are True/False. Every key Circuitscape knows is accepted; unknown keys
 * are an error (a misspelled key would otherwise silently fall back to a default), with a
 * "did you mean" suggestion.
 */
import { readFileSync } from "node:fs";
import { CrosswayError } from "../util/errors.ts";

/** Circuitscape's keys and defaults (Circuitscape.jl's init_config). */
export const CIRCUITSCAPE_DEFAULTS: Readonly<Record<string, string>> = {
  version: "unknown",
  connect_four_neighbors_only: "False",
  connect_using_avg_resistances: "False",
  use_polygons: "False",
  polygon_file: "(Browse for a short-circuit region file)",
  source_file: "(Browse for a current source file)",
  ground_file: "(Browse for a ground point file)",
  ground_file_is_resistances: "True",
  use_unit_currents: "False",
  use_direct_grounds: "False",
  remove_src_or_gnd: "keepall",
  mask_file: "None",
  use_mask: "False",
  preemptive_memory_release: "False",
  low_memory_mode: "False",
  parallelize: "False",
  max_parallel: "0",
  print_timings: "False",
  print_rusages: "False",
  solver: "cg+amg",
  use_variable_source_strengths: "False",
  variable_source_file: "None",
  set_null_currents_to_nodata: "False",
  output_file: "(Choose a base name for output files)",
  write_cum_cur_map_only: "False",
  log_transform_maps: "False",
  write_max_cur_maps: "False",
  compress_grids: "False",
  set_null_voltages_to_nodata: "False",
  set_focal_node_currents_to_zero: "False",
  write_volt_maps: "False",
  write_cur_maps: "False",
  habitat_map_is_resistances: "True",
  habitat_file: "(Browse for a resistance file)",
  scenario: "not entered",
  data_type: "raster",
  use_included_pairs: "False",
  included_pairs_file: "(Browse for a file with pairs to include or exclude)",
  point_file: "(Browse for file with locations of focal points or regions)",
  use_reclass_table: "False",
  reclass_file: "(Browse for file with reclassification data)",
  profiler_log_file: "None",
  log_file: "None",
  log_level: "INFO",
  screenprint_log: "False",
  precision: "Double",
  cholmod_batch_size: "1000",
  use_64bit_indexing: "false",
};

export interface CircuitscapeIni {
  /** Lower-cased key -> raw value (defaults filled in). */
  values: Record<string, string>;
  /** Keys actually present in the file. */
  given: Set<string>;
  /** Line number of each given key (1-based), for messages. */
  line: Record<string, number>;
  path: string;
}

const TRUE = new Set(["true", "t", "1", "yes", "y", "on"]);
const FALSE = new Set(["false", "f", "0", "no", "n", "off", ""]);

export function parseCircuitscapeIni(text: string, path: string): CircuitscapeIni {
  const values: Record<string, string> = { ...CIRCUITSCAPE_DEFAULTS };
  const given = new Set<string>();
  const line: Record<string, number> = {};
  const known = Object.keys(values);
  text.split(/\r?\n/).forEach((raw, i) => {
    const s = raw.trim();
    if (s === "" || s.startsWith("[") || s.startsWith("#") || s.startsWith(";")) return;
    const eq = s.indexOf("=");
    if (eq < 0) {
      throw new CrosswayError(`line ${i + 1}: expected "key = value", got "${s}"`, { file: path });
    }
    const key = s.slice(0, eq).trim().toLowerCase();
    const value = s.slice(eq + 1).trim();
    if (!(key in values)) {
      const hint = suggest(key, known);
      throw new CrosswayError(`line ${i + 1}: unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}`, { file: path, field: key });
    }
    values[key] = value;
    given.add(key);
    line[key] = i + 1;
  });
  return { values, given, line, path };
}

export function readCircuitscapeIni(path: string): CircuitscapeIni {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CrosswayError(`cannot read the .ini file: ${(err as Error).message}`, { file: path, cause: err });
  }
  return parseCircuitscapeIni(text, path);
}

/** A boolean option; anything other than Circuitscape's true/false spellings is an error. */
export function iniBool(ini: CircuitscapeIni, key: string): boolean {
  const v = ini.values[key].trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new CrosswayError(`expected True or False, got "${ini.values[key]}"`, { file: ini.path, field: key });
}

/** A file option: null when unset (None, empty, or one of Circuitscape's "(Browse for ...)" placeholders). */
export function iniFile(ini: CircuitscapeIni, key: string): string | null {
  const v = ini.values[key].trim();
  if (v === "" || v.toLowerCase() === "none" || v.startsWith("(")) return null;
  return v;
}

function suggest(key: string, known: string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(key, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= Math.max(3, Math.floor(key.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  const prev = new Array(b.length + 1);
  const cur = new Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    for (let j = 0; j <= b.length; j++) prev[j] = cur[j];
  }
  return prev[b.length];
}
