/**
 * The standard map kinds, so every run draws the same quantity the same way: ramp, stretch and
 * legend wording. Callers pass `...mapKind("current")` into a MapSpec and add title and overlays.
 */
import type { RampName } from "./ramps.ts";
import type { StretchKind } from "./stretch.ts";

export const MAP_KINDS = ["current", "resistance", "corridor", "difference", "road_deaths", "plain"] as const;
export type MapKind = (typeof MAP_KINDS)[number];

export interface KindStyle {
  ramp: RampName;
  reverseRamp?: boolean;
  stretch: StretchKind;
  legend: { label: string; units: string };
}

export function mapKind(kind: MapKind): KindStyle {
  switch (kind) {
    case "current":
      return {
        ramp: "magma",
        stretch: "log",
        legend: { label: "Cumulative current density", units: "amperes per cell, summed over 1 A core-pair solves (log scale)" },
      };
    case "resistance":
      return {
        ramp: "viridis",
        stretch: "log",
        legend: { label: "Resistance to movement", units: "ohms per cell, relative cost of crossing (log scale)" },
      };
    case "corridor":
      // Low corridor values are the best routes: reversed so that they are the bright ones.
      return {
        ramp: "viridis",
        reverseRamp: true,
        stretch: "clip",
        legend: { label: "Least-cost corridor", units: "cost-weighted distance above the best route (cost units)" },
      };
    case "difference":
      return {
        ramp: "rdbu",
        stretch: "symmetric",
        legend: { label: "Change from baseline", units: "scenario minus baseline; blue = more, red = less, white = no change" },
      };
    case "road_deaths":
      return {
        ramp: "inferno",
        stretch: "log",
        legend: {
          label: "Road-kill risk",
          units: "expected road deaths per cell per animal setting out from a core, summed over the cross-road core pairs (log scale)",
        },
      };
    case "plain":
      return { ramp: "viridis", stretch: "clip", legend: { label: "Value", units: "grid units" } };
  }
}
