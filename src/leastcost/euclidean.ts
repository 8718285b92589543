import { type Grid, cellCenter } from "../grid/grid.ts";

/**
 * Edge-to-edge Euclidean distance between two focal regions: the smallest distance between the centres of
 * their cells (Linkage Mapper measures between core edges). Only boundary cells can be nearest, so the
 * brute-force search runs over boundary cells (a cell with a rook neighbour outside its region).
 */
export function edgeDistance(grid: Grid, labels: Int32Array, cellsA: Int32Array, cellsB: Int32Array): number {
  const a = boundaryCentres(grid, labels, cellsA);
  const b = boundaryCentres(grid, labels, cellsB);
  let best = Infinity;
  for (let i = 0; i < a.length; i += 2) {
    const x = a[i];
    const y = a[i + 1];
    for (let j = 0; j < b.length; j += 2) {
      const dx = b[j] - x;
      const dy = b[j + 1] - y;
      const d2 = dx * dx + dy * dy;
      if (d2 < best) best = d2;
    }
  }
  return Math.sqrt(best);
}

function boundaryCentres(grid: Grid, labels: Int32Array, cells: Int32Array): Float64Array {
  const { width, height } = grid;
  const xy: number[] = [];
  for (let k = 0; k < cells.length; k++) {
    const i = cells[k];
    const row = Math.floor(i / width);
    const col = i - row * width;
    const l = labels[i];
    const inner =
      row > 0 &&
      row < height - 1 &&
      col > 0 &&
      col < width - 1 &&
      labels[i - 1] === l &&
      labels[i + 1] === l &&
      labels[i - width] === l &&
      labels[i + width] === l;
    if (inner) continue;
    const [x, y] = cellCenter(grid, col, row);
    xy.push(x, y);
  }
  return Float64Array.from(xy);
}
