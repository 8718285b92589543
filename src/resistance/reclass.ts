/**
 * Land-cover classes -> resistance through a table a planner writes.
 *
 * A class may map to a resistance (> 0), to "nodata" (the cell leaves the model, e.g. open sea)
 * or to "barrier" (+Infinity: impassable, e.g. a fenced compound). A class that occurs in the
 * raster but not in the table is an error: silently treating it as nodata or as 1 would make a
 * typo in the table look like a landscape feature.
 */
import { CrosswayError } from "../util/errors.ts";
import type { Grid } from "../grid/grid.ts";

export type ReclassValue = number | "nodata" | "barrier";
/** Keys are class values (YAML gives them as strings: "1", "42"). */
export type ReclassTable = Record<string, ReclassValue> | Map<number, ReclassValue>;

function tableEntries(table: ReclassTable, file?: string): [number, ReclassValue][] {
  const entries: [number, ReclassValue][] = [];
  const raw: [string | number, ReclassValue][] = table instanceof Map ? [...table] : Object.entries(table);
  for (const [k, v] of raw) {
    const cls = typeof k === "number" ? k : Number(k);
    if (!Number.isInteger(cls)) {
      throw new CrosswayError(`class "${k}" must be an integer class value`, { file, field: "landcover.table" });
    }
    if (typeof v === "number" && !(v > 0)) {
      throw new CrosswayError(`class ${cls}: resistance ${v} must be > 0 (use "nodata" or "barrier")`, {
        file,
        field: "landcover.table",
      });
    }
    entries.push([cls, v]);
  }
  return entries;
}

/**
 * @param file the land-cover file's name, for messages.
 * @param tableFile where the table was written (the recipe), for messages.
 */
export function reclassify(landcover: Grid, table: ReclassTable, file?: string, tableFile?: string): Grid<Float64Array> {
  const entries = tableEntries(table, tableFile);
  const lut = new Map<number, number>();
  for (const [cls, v] of entries) lut.set(cls, v === "nodata" ? NaN : v === "barrier" ? Infinity : v);
  const src = landcover.data;
  const out = new Float64Array(src.length);
  // Classes are usually a handful of small integers: a dense lookup array avoids a Map per cell.
  let lo = Infinity;
  let hi = -Infinity;
  for (const cls of lut.keys()) {
    if (cls < lo) lo = cls;
    if (cls > hi) hi = cls;
  }
  const dense = lut.size > 0 && hi - lo < 65536 ? new Float64Array(hi - lo + 1).fill(-1) : null;
  if (dense) for (const [cls, v] of lut) dense[cls - lo] = v;
  let missing: Map<number, number> | null = null;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (Number.isNaN(c)) {
      out[i] = NaN;
      continue;
    }
    let v: number | undefined;
    if (dense && c >= lo && c <= hi && Number.isInteger(c)) {
      v = dense[c - lo];
      if (v === -1) v = undefined;
    } else {
      v = lut.get(c);
    }
    if (v === undefined) {
      missing ??= new Map();
      missing.set(c, (missing.get(c) ?? 0) + 1);
      continue;
    }
    out[i] = v;
  }
  if (missing) {
    const list = [...missing].sort((a, b) => a[0] - b[0]).map(([c, n]) => `class ${c} (${n} cell${n === 1 ? "" : "s"})`);
    throw new CrosswayError(
      `land cover ${file ?? "layer"} has ${list.join(", ")} missing from the reclass table` +
        ` (known classes: ${[...lut.keys()].sort((a, b) => a - b).join(", ") || "none"})`,
      { file: tableFile ?? file, field: "landcover.table" },
    );
  }
  return { ...landcover, transform: [...landcover.transform], data: out };
}
