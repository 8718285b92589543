/**
 * The raster model every stage shares.
 *
 * Convention: in memory, nodata cells hold NaN. `nodata` is only the value written to files
 * (and the value that was read from them); readers turn it into NaN, writers turn NaN back.
 * Rows run north to south (row 0 is the top), as in GeoTIFF and ESRI ASCII grids.
 */

/** GDAL's affine geotransform: [originX, pixelWidth, rowRotation, originY, columnRotation, pixelHeight].
 *  x = t[0] + col * t[1] + row * t[2];  y = t[3] + col * t[4] + row * t[5]  (t[5] < 0 for north-up). */
export type GeoTransform = [number, number, number, number, number, number];

export interface Crs {
  /** EPSG code when known (e.g. 32652 for WGS 84 / UTM 52N). */
  epsg?: number;
  /** proj4 definition string, when known. */
  proj4?: string;
}

export interface Grid<T extends Float32Array | Float64Array = Float32Array | Float64Array> {
  width: number;
  height: number;
  /** Row-major, width * height values; NaN marks nodata. */
  data: T;
  transform: GeoTransform;
  crs: Crs | null;
  /** Value used for nodata when the grid is written (e.g. -9999). */
  nodata: number;
}

export const DEFAULT_NODATA = -9999;

export function makeGrid<T extends Float32Array | Float64Array>(
  width: number,
  height: number,
  data: T,
  opts: { transform?: GeoTransform; crs?: Crs | null; nodata?: number } = {},
): Grid<T> {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`grid size must be positive integers, got ${width} x ${height}`);
  }
  if (data.length !== width * height) {
    throw new RangeError(`grid data has ${data.length} values, expected ${width} x ${height} = ${width * height}`);
  }
  return {
    width,
    height,
    data,
    transform: opts.transform ?? [0, 1, 0, height, 0, -1],
    crs: opts.crs ?? null,
    nodata: opts.nodata ?? DEFAULT_NODATA,
  };
}

/** A new grid with the same georeferencing as `like`, filled with `fill`. */
export function gridLike(like: Grid, fill = 0, ArrayType: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array): Grid {
  const data = new ArrayType(like.width * like.height);
  if (fill !== 0) data.fill(fill);
  return {
    width: like.width,
    height: like.height,
    data,
    transform: [...like.transform] as GeoTransform,
    crs: like.crs,
    nodata: like.nodata,
  };
}

/** Cell size in map units (assumes square, north-up cells; see isNorthUp). */
export function cellSize(g: Grid): number {
  return Math.abs(g.transform[1]);
}

export function isNorthUp(g: Grid): boolean {
  return g.transform[2] === 0 && g.transform[4] === 0 && g.transform[5] < 0;
}

/** Map coordinates of a cell's centre. */
export function cellCenter(g: Grid, col: number, row: number): [number, number] {
  const t = g.transform;
  const c = col + 0.5;
  const r = row + 0.5;
  return [t[0] + c * t[1] + r * t[2], t[3] + c * t[4] + r * t[5]];
}

/** Fractional (col, row) of a map coordinate, for north-up grids. Floor it to get the cell. */
export function mapToPixel(g: Grid, x: number, y: number): [number, number] {
  const t = g.transform;
  return [(x - t[0]) / t[1], (y - t[3]) / t[5]];
}

/** Extent as [minX, minY, maxX, maxY] for north-up grids. */
export function extent(g: Grid): [number, number, number, number] {
  const t = g.transform;
  const x0 = t[0];
  const x1 = t[0] + g.width * t[1];
  const y0 = t[3];
  const y1 = t[3] + g.height * t[5];
  return [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
}
