/**
 * Focal points and Circuitscape's "value x y" text lists (Circuitscape.jl's read_point_map and
 * _txt_list_reader): a point grid (nonzero cells, scanned column by column as Circuitscape does) or a
 * text list "id x y" in map coordinates; negative ids are ignored, with a warning.
 */
import { readFileSync } from "node:fs";
import type { Grid } from "../../grid/grid.ts";
import { CrosswayError } from "../../util/errors.ts";
import { readGridFile } from "../grid-files.ts";

/** One entry per point cell, in Circuitscape's order; an id with several cells is a focal region. */
export interface FocalPoints {
  cells: number[];
  ids: number[];
}

export function isGridPath(path: string): boolean {
  return /\.(asc|tiff?)(\.gz)?$/i.test(path);
}

/**
 * Focal points from a grid (nonzero cells) or a text list "id x y" (map coordinates).
 * `checkGrid` vets a point grid against the habitat (size, origin, cell size) before it is used.
 */
export async function readPoints(
  path: string,
  habitat: Grid,
  warn: (m: string) => void,
  checkGrid: (g: Grid) => void,
): Promise<FocalPoints> {
  const cells: number[] = [];
  const ids: number[] = [];
  const negatives = new Set<number>();
  if (isGridPath(path)) {
    const g = await readGridFile(path);
    checkGrid(g);
    // Column-major, as Circuitscape scans (it decides which cell of an id comes first).
    for (let c = 0; c < g.width; c++)
      for (let r = 0; r < g.height; r++) {
        const i = r * g.width + c;
        const v = g.data[i];
        if (v !== v || v === 0) continue;
        if (v < 0) {
          negatives.add(v);
          continue;
        }
        if (!Number.isInteger(v)) throw new CrosswayError(`focal id ${v} at row ${r}, column ${c} is not an integer`, { file: path });
        cells.push(i);
        ids.push(v);
      }
  } else {
    for (const e of readXyList(path, habitat)) {
      if (e.value < 0) {
        negatives.add(e.value);
        continue;
      }
      if (e.value === 0) continue;
      if (!Number.isInteger(e.value)) throw new CrosswayError(`line ${e.line}: focal id ${e.value} is not an integer`, { file: path });
      cells.push(e.cell);
      ids.push(e.value);
    }
  }
  if (negatives.size > 0)
    warn(`${path}: negative focal id${negatives.size > 1 ? "s" : ""} ${[...negatives].join(", ")} ignored (as Circuitscape does)`);
  if (new Set(ids).size < 2) throw new CrosswayError(`fewer than two focal ids found`, { file: path });
  return { cells, ids };
}

/** Lines "value x y" (map coordinates) of a Circuitscape text list, located on the habitat grid's cells. */
export function readXyList(path: string, habitat: Grid): { value: number; cell: number; line: number }[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CrosswayError(`cannot read: ${(err as Error).message}`, { file: path, cause: err });
  }
  const t = habitat.transform;
  const cs = t[1];
  const xll = t[0];
  const yll = t[3] + habitat.height * t[5];
  const out: { value: number; cell: number; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, ln) => {
    const s = raw.replace(/#.*/, "").trim();
    if (s === "") return;
    const parts = s.split(/[\s,]+/).map(Number);
    if (parts.length < 3 || parts.some((x) => !Number.isFinite(x))) {
      throw new CrosswayError(`line ${ln + 1}: expected "value x y", got "${s}"`, { file: path });
    }
    const [value, x, y] = parts;
    // Circuitscape's cell rule: row = ceil(nrows - (y - yll) / cellsize) - 1, col = ceil((x - xll) / cellsize) - 1
    const row = Math.ceil(habitat.height - (y - yll) / cs) - 1;
    const col = Math.ceil((x - xll) / cs) - 1;
    if (row < 0 || row >= habitat.height || col < 0 || col >= habitat.width) {
      throw new CrosswayError(`line ${ln + 1}: (${x}, ${y}) lies outside the habitat grid`, { file: path });
    }
    out.push({ value, cell: row * habitat.width + col, line: ln + 1 });
  });
  return out;
}
