/**
 * The existing crossing structures of a study (landscape.crossings): one Point or LineString each,
 * with id, type, width_m and optional effectiveness, placed on the highway by chainage.
 */
import type { Crs } from "../grid/grid.ts";
import { CrosswayError } from "../util/errors.ts";
import { anchorPoint, readFeatures } from "./inputs.ts";
import type { ExistingStructure } from "./resolve.ts";
import { STRUCTURE_TYPES, type StructureType } from "./schema.ts";

/** Chainage (m) of a point on the road; throws (naming file and field) when it is off the road. */
export type LocateXY = (x: number, y: number, what: string, file: string, field?: string) => number;

export async function readExisting(path: string, crs: Crs, locateXY: LocateXY): Promise<ExistingStructure[]> {
  const existing: ExistingStructure[] = [];
  const cx = await readFeatures(path, crs);
  cx.features.forEach((f, i) => {
    const props = f.properties ?? {};
    const id = String(props.id ?? props.name ?? `crossing-${i}`);
    const label = `feature ${i} ('${id}')`;
    const type = props.type as StructureType;
    if (!STRUCTURE_TYPES.includes(type))
      throw new CrosswayError(`type ${JSON.stringify(props.type)} is not one of ${STRUCTURE_TYPES.join(", ")}`, {
        file: path,
        field: `${label}.type`,
      });
    const width = Number(props.width_m ?? props.width);
    if (!(width > 0))
      throw new CrosswayError(`width_m ${JSON.stringify(props.width_m ?? props.width)} must be a positive number`, {
        file: path,
        field: `${label}.width_m`,
      });
    const eff = props.effectiveness;
    if (eff !== undefined && !(typeof eff === "number" && eff >= 0 && eff <= 1))
      throw new CrosswayError(`effectiveness ${JSON.stringify(eff)} must be in [0, 1]`, { file: path, field: `${label}.effectiveness` });
    const at = f.geometry ? anchorPoint(f.geometry, cx.toGrid) : null;
    if (!at) throw new CrosswayError("geometry must be a Point or LineString", { file: path, field: label });
    if (existing.some((e) => e.id === id)) throw new CrosswayError(`duplicate id '${id}'`, { file: path, field: label });
    existing.push({ id, type, width_m: width, effectiveness: eff, chainage_m: locateXY(at[0], at[1], label, path) });
  });
  return existing;
}
