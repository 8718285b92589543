/**
 * The checks of a Circuitscape raster .ini made before any input is read (Circuitscape.jl's config):
 * mode, booleans, solver, precision, source/ground conflict policy and output flags, as one typed record.
 * Not honoured (clear errors): network (graph) mode, reclass tables.
 */
import { iniBool, type CircuitscapeIni } from "../../io/circuitscape-ini.ts";
import { CrosswayError } from "../../util/errors.ts";
import type { ConflictPolicy } from "../advanced.ts";

export type Scenario = "pairwise" | "one-to-all" | "all-to-one" | "advanced";

/** Output options of the [Output options] section. */
export interface OutFlags {
  volt: boolean;
  cur: boolean;
  cumOnly: boolean;
  max: boolean;
  nullCur: boolean;
  nullVolt: boolean;
  focalZero: boolean;
  log: boolean;
  compress: boolean;
}

export interface RunSettings {
  ini: CircuitscapeIni;
  scenario: Scenario;
  /** Graph rules of the [Connection scheme] and [Habitat] sections. */
  isResistance: boolean;
  neighbors: 4 | 8;
  avgResistance: boolean;
  usePolygons: boolean;
  useMask: boolean;
  useIncludedPairs: boolean;
  /** Variable source strengths (read in one-to-all and all-to-one only, as Circuitscape does). */
  useStrengths: boolean;
  unitCurrents: boolean;
  directGrounds: boolean;
  groundIsResistance: boolean;
  policy: ConflictPolicy;
  flags: OutFlags;
}

const BOOLEAN_KEYS = [
  "connect_four_neighbors_only",
  "connect_using_avg_resistances",
  "habitat_map_is_resistances",
  "use_polygons",
  "use_mask",
  "use_included_pairs",
  "use_variable_source_strengths",
  "ground_file_is_resistances",
  "use_unit_currents",
  "use_direct_grounds",
  "write_volt_maps",
  "write_cur_maps",
  "write_cum_cur_map_only",
  "write_max_cur_maps",
  "set_null_currents_to_nodata",
  "set_null_voltages_to_nodata",
  "set_focal_node_currents_to_zero",
  "log_transform_maps",
  "compress_grids",
];

export function checkSettings(ini: CircuitscapeIni, warn: (msg: string) => void): RunSettings {
  const v = ini.values;
  const iniAbs = ini.path;
  const dataType = v.data_type.trim().toLowerCase();
  if (dataType !== "raster") {
    throw new CrosswayError(
      `data_type "${v.data_type}" is not supported: crossway runs Circuitscape's raster modes only (network/graph mode is not implemented)`,
      { file: iniAbs, field: "data_type" },
    );
  }
  const scenario = v.scenario.trim().toLowerCase();
  if (!["pairwise", "one-to-all", "all-to-one", "advanced"].includes(scenario)) {
    throw new CrosswayError(`scenario "${v.scenario}" is not one of pairwise, one-to-all, all-to-one, advanced`, {
      file: iniAbs,
      field: "scenario",
    });
  }
  if (iniBool(ini, "use_reclass_table")) {
    throw new CrosswayError(`reclass tables are not supported; reclassify the habitat grid first (crossway resistance)`, {
      file: iniAbs,
      field: "use_reclass_table",
    });
  }
  for (const key of BOOLEAN_KEYS) iniBool(ini, key); // validate every boolean up front
  // Circuitscape's solver choices all give the same answer to the tolerance: crossway always uses its
  // own (AMG-preconditioned CG, or a direct solve on small systems) in double precision.
  const solverName = v.solver.trim().toLowerCase();
  if (!["cg+amg", "amg", "cholmod", "pardiso", "accelerate"].includes(solverName)) {
    throw new CrosswayError(`solver "${v.solver}" is not one of cg+amg, cholmod, pardiso, accelerate`, { file: iniAbs, field: "solver" });
  }
  const precision = v.precision.trim().toLowerCase();
  if (!["double", "single"].includes(precision)) {
    throw new CrosswayError(`precision "${v.precision}" is not one of double, single`, { file: iniAbs, field: "precision" });
  }
  if (precision === "single")
    warn(
      `${iniAbs}: precision = single: crossway computes in double precision (results are more exact than Circuitscape's single-precision run)`,
    );
  const policyRaw = v.remove_src_or_gnd.trim().toLowerCase();
  let policy: ConflictPolicy = "keepall";
  if (["keepall", "rmvsrc", "rmvgnd", "rmvall"].includes(policyRaw)) policy = policyRaw as ConflictPolicy;
  else if (scenario === "advanced" && policyRaw !== "not entered") {
    throw new CrosswayError(`remove_src_or_gnd "${v.remove_src_or_gnd}" is not one of keepall, rmvsrc, rmvgnd, rmvall`, {
      file: iniAbs,
      field: "remove_src_or_gnd",
    });
  }
  return {
    ini,
    scenario: scenario as Scenario,
    isResistance: iniBool(ini, "habitat_map_is_resistances"),
    neighbors: iniBool(ini, "connect_four_neighbors_only") ? 4 : 8,
    avgResistance: iniBool(ini, "connect_using_avg_resistances"),
    usePolygons: iniBool(ini, "use_polygons"),
    useMask: iniBool(ini, "use_mask"),
    useIncludedPairs: iniBool(ini, "use_included_pairs"),
    useStrengths: iniBool(ini, "use_variable_source_strengths") && scenario !== "pairwise",
    unitCurrents: iniBool(ini, "use_unit_currents"),
    directGrounds: iniBool(ini, "use_direct_grounds"),
    groundIsResistance: iniBool(ini, "ground_file_is_resistances"),
    policy,
    flags: {
      volt: iniBool(ini, "write_volt_maps"),
      cur: iniBool(ini, "write_cur_maps"),
      cumOnly: iniBool(ini, "write_cum_cur_map_only"),
      max: iniBool(ini, "write_max_cur_maps"),
      nullCur: iniBool(ini, "set_null_currents_to_nodata"),
      nullVolt: iniBool(ini, "set_null_voltages_to_nodata"),
      focalZero: iniBool(ini, "set_focal_node_currents_to_zero"),
      log: iniBool(ini, "log_transform_maps"),
      compress: iniBool(ini, "compress_grids"),
    },
  };
}
