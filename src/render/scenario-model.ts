/**
 * The plain report model that the scenario engine fills (src/scenario/report-model.ts) and the
 * renderer draws (scenario-report.ts). Only render's own and the grid's types appear here, so render
 * does not depend on the scenario engine: data flows one way, scenario -> render.
 */
import type { RankSummary, Ranges } from "../uncertainty/run.ts";
import type { FeatureCollection } from "geojson";
import type { Grid } from "../grid/grid.ts";

/** One row of the ranked table (the columns of results.csv the report shows). */
export interface ModelRow {
  rank: number;
  scenario: string;
  /** Name of the row this one is compared with (itself for a baseline). */
  baseline: string;
  status: "ok" | "failed" | "missing";
  effective_resistance: number;
  delta_effective_resistance_pct: number;
  crossing_current_share: number;
  least_cost_distance: number;
  delta_least_cost_pct: number;
  cost: number;
  improvement_per_cost: number;
  /** With a mortality block (scenarios/METRICS.md, "Mortality"); absent otherwise. */
  success_probability?: number;
  delta_success_pct?: number;
  road_deaths?: number;
  delta_road_deaths_pct?: number;
  road_deaths_avoided_pct_per_cost?: number;
}

/** A structure as a scenario has it: its label follows the scenario (a rebuilt culvert is an underpass). */
export interface ModelStructure {
  id: string;
  /** Map label, e.g. "S2 underpass 15 m (km 14.6)". */
  label: string;
  type: string;
  chainage_m: number;
  status: "existing" | "new" | "changed";
}

export interface ModelFence {
  id: string;
  from_m: number;
  to_m: number;
}

/** What one scenario changes on the map. */
export interface ModelScenario {
  structures: ModelStructure[];
  fences: ModelFence[];
}

export interface ModelCore {
  id: number;
  side: "west" | "east";
  /** From the cores file when it has names, else "Core <id>". */
  name: string;
}

export interface ModelProfileSegment {
  from_m: number;
  to_m: number;
  current: number;
  through_structures: number;
  open_road: number;
  /** Expected road deaths per walker in the segment, summed over the pairs; with a mortality block only. */
  road_deaths?: number;
}

export interface KeyValue {
  name: string;
  value: string;
}

export interface ScenarioReportModel {
  outDir: string;
  name: string;
  description?: string;
  species: string;
  /** True when the inputs are the bundled demo data (by content hash), whatever the prose says. */
  illustrative: boolean;
  /** Georeferencing and size of every grid of the run (its data is not read). */
  template: Grid;
  /** Core id per cell (0 elsewhere): those cells are masked on the current maps. */
  focal: Grid;
  cores: ModelCore[];
  /** Highway centreline in the grid's CRS, chainage 0 at its first vertex. */
  centreline: number[][];
  /** The highway as drawn (grid CRS). */
  highway: FeatureCollection;
  /** Context layers in the grid's CRS, drawn when the study names them. */
  villages?: FeatureCollection;
  rivers?: FeatureCollection;
  /** The frame's corners in longitude / latitude (for the locator map); absent without a CRS. */
  lonLatFrame?: [number, number][];
  rows: ModelRow[];
  /** The run's baseline row's name (a sweep's parameter baselines are other rows). */
  baseline: string;
  /** Per row name. */
  scenarios: Map<string, ModelScenario>;
  /** The baseline's road profile. */
  profile?: ModelProfileSegment[];
  /** Every evaluated row's road profile, by row name (the road-kill chart compares a scenario with its baseline). */
  profiles?: Map<string, ModelProfileSegment[]>;
  pinchPoints: number;
  objective: string[];
  inputs: KeyValue[];
  settings: KeyValue[];
  /** crossway and engine versions, Node, date. */
  provenance: KeyValue[];
  /** The species profile's assumptions: effectiveness per structure type, road resistance. */
  assumptions: KeyValue[];
  /** Cautions for the reader (cores or structures near the grid edge ...), shown at the top. */
  cautions: string[];
  /** How many of the best scenarios get maps (default REPORT_TOP). */
  top?: number;
  /** `crossway run --uncertainty N`: per scenario, how often it ranks first and its rank range over the draws. */
  uncertainty?: { summary: RankSummary[]; draws: number; ranges: Ranges };
}
