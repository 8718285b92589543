/**
 * Refuse a study whose cores cannot be joined across the road before any solve: a core lying wholly
 * on nodata (moved into the sea, say) or cut off from a core on the other side by nodata. Such a
 * pair has effective resistance inf in the baseline and in every scenario, every delta is then 0 (or
 * undefined) and the ranking says nothing; `crossway leastcost` refuses the same input. The road is
 * not a cut here: it has a finite resistance, and a scenario's fences that sever a pair are a real
 * (bad) result, which the metrics report as inf.
 */
import type { Grid } from "../grid/grid.ts";
import { CrosswayError } from "../util/errors.ts";
import { findRoot } from "../util/union-find.ts";
import type { Core } from "./evaluate.ts";

/** Cells a walker can enter: finite positive resistance (the circuit graph's rule). */
const passable = (v: number) => v > 0 && v < Infinity;

export interface CoreCheckFiles {
  /** The cores file (raster or GeoJSON), named in the message. */
  cores: string;
  /** The land resistance (grid or recipe), named in the message. */
  land: string;
}

export function checkCoresOnLandscape(
  land: Float64Array,
  focal: Grid,
  cores: readonly Core[],
  neighbours: 4 | 8,
  files: CoreCheckFiles,
): void {
  const { width, height } = focal;
  const n = width * height;
  const cells = new Map<number, number>(cores.map((c) => [c.id, 0]));
  for (let i = 0; i < n; i++) {
    const id = focal.data[i];
    if (id > 0 && passable(land[i])) cells.set(id, (cells.get(id) ?? 0) + 1);
  }
  for (const c of cores) {
    if (cells.get(c.id) === 0) {
      throw new CrosswayError(
        `core ${c.id} lies entirely on nodata in the land resistance (${files.land}): it is not on the landscape, so every pair with it would be disconnected (effective resistance inf) in the baseline and in every scenario, and the ranking would mean nothing. Move the core onto land, or remove it (and its entry in landscape.cores.sides)`,
        { file: files.cores, field: `core ${c.id}` },
      );
    }
  }

  // Components of the passable cells; each core's cells are one node (short-circuited), so they are
  // joined too. Union with the neighbours already visited: left, up, and (8) up-left, up-right.
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const join = (a: number, b: number) => {
    const ra = findRoot(parent, a);
    const rb = findRoot(parent, b);
    if (ra !== rb) parent[ra] = rb;
  };
  const firstCell = new Map<number, number>();
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      if (!passable(land[i])) continue;
      if (c > 0 && passable(land[i - 1])) join(i, i - 1);
      if (r > 0) {
        if (passable(land[i - width])) join(i, i - width);
        if (neighbours === 8) {
          if (c > 0 && passable(land[i - width - 1])) join(i, i - width - 1);
          if (c < width - 1 && passable(land[i - width + 1])) join(i, i - width + 1);
        }
      }
      const id = focal.data[i];
      if (id > 0) {
        const f = firstCell.get(id);
        if (f === undefined) firstCell.set(id, i);
        else join(i, f);
      }
    }
  }
  const cut: string[] = [];
  for (const a of cores) {
    for (const b of cores) {
      if (a.id >= b.id || a.side === b.side) continue;
      if (findRoot(parent, firstCell.get(a.id)!) !== findRoot(parent, firstCell.get(b.id)!)) cut.push(`${a.id}-${b.id}`);
    }
  }
  if (cut.length) {
    throw new CrosswayError(
      `cross-road core pair${cut.length > 1 ? "s" : ""} ${cut.join(", ")} ${cut.length > 1 ? "are" : "is"} not connected through the land resistance (${files.land}) with ${neighbours} neighbours: nodata separates them, so their effective resistance would be inf in the baseline and in every scenario, and the ranking would mean nothing. Move the cores, or fill the gap in the land`,
      { file: files.cores, field: "cores" },
    );
  }
}
