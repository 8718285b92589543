/**
 * GeoTIFF reading (through the `geotiff` package) and writing (our own small baseline TIFF writer).
 *
 * Reading follows GDAL: the geotransform comes from ModelTiepoint + ModelPixelScale or from
 * ModelTransformation, and a PixelIsPoint raster is shifted by half a pixel so that the transform
 * describes cell corners (GDAL's default, GTIFF_POINT_GEO_IGNORE=FALSE). Nodata comes from GDAL's
 * GDAL_NODATA ASCII tag.
 *
 * Writing is our own because the `geotiff` package writes neither compressed data nor the
 * GDAL_NODATA tag. The layout is the plainest GDAL reads: little-endian classic TIFF, one band,
 * deflate-compressed strips, no predictor.
 */
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { deflate as deflateCb } from "node:zlib";
import { endianness } from "node:os";
import { fromArrayBuffer, type GeoTIFFImage } from "geotiff";
import { DEFAULT_NODATA, type Crs, type GeoTransform, type Grid } from "../grid/grid.ts";
import { writeFileAtomic } from "../util/atomic.ts";
import { CrosswayError } from "../util/errors.ts";
import { epsgDef, crsFromEpsg, proj4, proj4Def } from "../grid/crs.ts";
import { registerDeflateDecoder } from "./tiff-deflate.ts";
import { registerLzwDecoder } from "./tiff-lzw.ts";

registerLzwDecoder();
registerDeflateDecoder();

const deflate = promisify(deflateCb);

export interface ReadGeoTiffOptions {
  /** Store values as Float64 instead of Float32. */
  float64?: boolean;
  /** 1-based band to read (default 1). */
  band?: number;
}

/** Compressions we read: lossless ones only. A lossy (JPEG, WebP) raster does not hold the data values. */
const LOSSLESS: Record<number, string> = { 1: "none", 5: "LZW", 8: "deflate", 32946: "deflate", 32773: "PackBits", 50000: "Zstandard" };
const COMPRESSION_NAMES: Record<number, string> = {
  6: "old-style JPEG",
  7: "JPEG",
  34887: "LERC",
  34925: "LZMA",
  50001: "WebP",
  34712: "JPEG 2000",
};

const GEOKEY_MODEL_TYPE = 1024;
const GEOKEY_RASTER_TYPE = 1025;
const GEOKEY_GEOGRAPHIC_TYPE = 2048;
const GEOKEY_PROJECTED_TYPE = 3072;
const USER_DEFINED = 32767;

function fail(path: string, msg: string, cause?: unknown): never {
  throw new CrosswayError(msg, { file: path, cause });
}

async function tag(image: GeoTIFFImage, name: string): Promise<any> {
  const fd = image.fileDirectory;
  return fd.hasTag(name as never) ? await fd.loadValue(name as never) : undefined;
}

/** GDAL's geotransform from the georeferencing tags, with GDAL's PixelIsPoint half-pixel shift. */
async function readTransform(path: string, image: GeoTIFFImage, rasterType: number | undefined): Promise<GeoTransform> {
  const tie = (await tag(image, "ModelTiepoint")) as ArrayLike<number> | undefined;
  const scale = (await tag(image, "ModelPixelScale")) as ArrayLike<number> | undefined;
  const mt = (await tag(image, "ModelTransformation")) as ArrayLike<number> | undefined;
  let t: GeoTransform;
  if (tie && tie.length >= 6 && scale && scale.length >= 2) {
    const [i, j, , x, y] = Array.from(tie);
    t = [x - i * scale[0], scale[0], 0, y + j * scale[1], 0, -scale[1]];
  } else if (mt && mt.length >= 8) {
    t = [mt[3], mt[0], mt[1], mt[7], mt[4], mt[5]];
  } else {
    // A plain TIFF (no georeferencing): cells of size 1 with row 0 at the top, as makeGrid assumes.
    t = [0, 1, 0, image.getHeight(), 0, -1];
  }
  if (rasterType === 2) {
    // PixelIsPoint: the tie point is a cell centre; GDAL reports the corner.
    t[0] -= 0.5 * (t[1] + t[2]);
    t[3] -= 0.5 * (t[4] + t[5]);
  }
  if (!t.every(Number.isFinite) || t[1] === 0 || t[5] === 0) fail(path, `invalid geotransform [${t.join(", ")}]`);
  return t;
}

function readCrs(keys: Record<string, unknown> | null): Crs | null {
  if (!keys) return null;
  const code = (keys.ProjectedCSTypeGeoKey ?? keys.GeographicTypeGeoKey) as number | undefined;
  if (typeof code !== "number" || code === USER_DEFINED || code <= 0) return null;
  // A code proj4 does not know is still worth keeping: alignment checks compare codes.
  return epsgDef(code) !== undefined ? crsFromEpsg(code) : { epsg: code };
}

/** Read one band of a GeoTIFF into a Grid (Float32 unless opts.float64). Nodata becomes NaN. */
export async function readGeoTiff(path: string, opts: ReadGeoTiffOptions = {}): Promise<Grid> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") fail(path, "file not found", err);
    fail(path, `cannot read: ${(err as Error).message}`, err);
  }
  if (bytes.length < 8) fail(path, `not a TIFF file (only ${bytes.length} bytes)`);
  const magic = bytes.toString("latin1", 0, 2);
  if (magic !== "II" && magic !== "MM") fail(path, "not a TIFF file (bad byte-order mark)");
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let image: GeoTIFFImage;
  try {
    const tiff = await fromArrayBuffer(ab);
    image = await tiff.getImage(0);
  } catch (err) {
    fail(path, `corrupt or truncated TIFF (${(err as Error).message})`, err);
  }
  const compression = ((await tag(image, "Compression")) as number | undefined) ?? 1;
  if (!(compression in LOSSLESS)) {
    const name = COMPRESSION_NAMES[compression] ?? `code ${compression}`;
    fail(
      path,
      `unsupported compression ${name}: crossway reads uncompressed, LZW, deflate, PackBits or Zstandard GeoTIFFs (lossy compression alters the values); convert with gdal_translate -co COMPRESS=DEFLATE`,
    );
  }
  const width = image.getWidth();
  const height = image.getHeight();
  const bands = image.getSamplesPerPixel();
  const band = opts.band ?? 1;
  if (!Number.isInteger(band) || band < 1 || band > bands) fail(path, `band ${band} does not exist (the file has ${bands})`);
  const bits = image.getBitsPerSample(band - 1);
  const format = image.getSampleFormat(band - 1);
  if (![8, 16, 32, 64].includes(bits) || ![1, 2, 3].includes(format) || (format === 3 && bits < 32)) {
    fail(path, `unsupported sample type (${bits} bits, SampleFormat ${format})`);
  }
  if (bits === 64 && format !== 3) {
    fail(path, "unsupported sample type: 64-bit integers (convert with gdal_translate -ot Float64 or -ot Int32)");
  }
  // Every strip or tile must lie inside the file: geotiff.js would otherwise read zeros past a truncation.
  const offsets = ((await tag(image, "StripOffsets")) ?? (await tag(image, "TileOffsets"))) as ArrayLike<number> | undefined;
  const counts = ((await tag(image, "StripByteCounts")) ?? (await tag(image, "TileByteCounts"))) as ArrayLike<number> | undefined;
  if (!offsets || !counts || offsets.length !== counts.length) fail(path, "corrupt TIFF: strip/tile offsets or byte counts missing");
  for (let i = 0; i < offsets.length; i++) {
    if (offsets[i] + counts[i] > bytes.length) {
      fail(path, `truncated TIFF: block ${i} ends at byte ${offsets[i] + counts[i]} but the file has ${bytes.length} bytes`);
    }
  }
  let keys: Record<string, unknown> | null;
  try {
    keys = image.getGeoKeys() as Record<string, unknown> | null;
  } catch (err) {
    fail(path, `corrupt GeoKeys (${(err as Error).message})`, err);
  }
  const transform = await readTransform(path, image, keys?.GTRasterTypeGeoKey as number | undefined);
  const crs = readCrs(keys);
  const nodataText = (await tag(image, "GDAL_NODATA")) as string | undefined;
  let nodata = NaN;
  if (nodataText !== undefined) {
    const s = String(nodataText).replace(/\0+$/, "").trim();
    nodata = /^[+-]?nan$/i.test(s) ? NaN : Number(s);
    if (s === "" || (Number.isNaN(nodata) && !/nan/i.test(s))) fail(path, `GDAL_NODATA tag "${s}" is not a number`);
  }
  let raw: ArrayLike<number>;
  try {
    const rasters = (await image.readRasters({ samples: [band - 1] })) as unknown as ArrayLike<number>[];
    raw = rasters[0];
  } catch (err) {
    fail(path, `corrupt TIFF: cannot decode the raster (${(err as Error)?.message ?? String(err)})`, err);
  }
  if (!raw || raw.length !== width * height) fail(path, `corrupt TIFF: decoded ${raw?.length ?? 0} values, expected ${width * height}`);
  const n = width * height;
  const data = opts.float64 ? new Float64Array(n) : new Float32Array(n);
  // Compare nodata in the raw sample type (a Float32 file stores fround(nodata)).
  const rawNodata = format === 3 && bits === 32 ? Math.fround(nodata) : nodata;
  for (let i = 0; i < n; i++) {
    const v = raw[i];
    data[i] = v === rawNodata ? NaN : v;
  }
  return { width, height, data, transform, crs, nodata: Number.isNaN(nodata) ? DEFAULT_NODATA : nodata };
}

// ---------------------------------------------------------------------------------------------
// Writer

const SHORT = 3;
const LONG = 4;
const ASCII = 2;
const DOUBLE = 12;
const TYPE_SIZE: Record<number, number> = { [ASCII]: 1, [SHORT]: 2, [LONG]: 4, [DOUBLE]: 8 };

interface Entry {
  tag: number;
  type: number;
  values: number[] | string;
}

function isGeographic(crs: Crs): boolean {
  const def = proj4Def(crs);
  if (def.startsWith("EPSG:")) {
    const d = proj4().defs(def) as unknown as { projName?: string } | undefined;
    return d?.projName === "longlat";
  }
  return /\+proj=(longlat|latlong|lonlat|latlon)\b/.test(def);
}

function geoKeys(path: string, crs: Crs | null): number[] {
  const keys: Array<[number, number]> = [[GEOKEY_RASTER_TYPE, 1]];
  if (crs !== null) {
    if (crs.epsg === undefined) {
      fail(path, "cannot write a GeoTIFF CRS without an EPSG code (the grid has only a proj4 definition)");
    }
    let geographic: boolean;
    try {
      geographic = isGeographic(crs);
    } catch {
      fail(path, `unknown CRS EPSG:${crs.epsg}: cannot tell whether it is projected or geographic`);
    }
    keys.push([GEOKEY_MODEL_TYPE, geographic ? 2 : 1]);
    keys.push([geographic ? GEOKEY_GEOGRAPHIC_TYPE : GEOKEY_PROJECTED_TYPE, crs.epsg]);
  }
  keys.sort((a, b) => a[0] - b[0]);
  const out = [1, 1, 0, keys.length];
  for (const [id, value] of keys) out.push(id, 0, 1, value);
  return out;
}

/** Encode a little-endian classic TIFF with the given IFD entries and strip payloads. */
function encodeTiff(entries: Entry[], strips: Uint8Array[], stripOffsetsTag: Entry): Uint8Array {
  entries.sort((a, b) => a.tag - b.tag);
  const count = (e: Entry): number => (typeof e.values === "string" ? e.values.length + 1 : e.values.length);
  const ifdSize = 2 + entries.length * 12 + 4;
  let extra = 8 + ifdSize;
  const extraOffset = new Map<Entry, number>();
  for (const e of entries) {
    const size = count(e) * TYPE_SIZE[e.type];
    if (size > 4) {
      extra = (extra + 7) & ~7;
      extraOffset.set(e, extra);
      extra += size;
    }
  }
  let pos = (extra + 7) & ~7;
  const stripOffsets: number[] = [];
  for (const s of strips) {
    stripOffsets.push(pos);
    pos += s.length;
  }
  if (pos > 0xffffffff) throw new RangeError("GeoTIFF larger than 4 GB needs BigTIFF, which crossway does not write");
  stripOffsetsTag.values = stripOffsets;
  const buf = new Uint8Array(pos);
  const dv = new DataView(buf.buffer);
  buf[0] = 0x49;
  buf[1] = 0x49;
  dv.setUint16(2, 42, true);
  dv.setUint32(4, 8, true);
  dv.setUint16(8, entries.length, true);
  const put = (at: number, e: Entry): void => {
    if (typeof e.values === "string") {
      for (let i = 0; i < e.values.length; i++) buf[at + i] = e.values.charCodeAt(i) & 0xff;
      buf[at + e.values.length] = 0;
      return;
    }
    const v = e.values;
    for (let i = 0; i < v.length; i++) {
      if (e.type === SHORT) dv.setUint16(at + 2 * i, v[i], true);
      else if (e.type === LONG) dv.setUint32(at + 4 * i, v[i], true);
      else dv.setFloat64(at + 8 * i, v[i], true);
    }
  };
  entries.forEach((e, k) => {
    const at = 10 + k * 12;
    dv.setUint16(at, e.tag, true);
    dv.setUint16(at + 2, e.type, true);
    dv.setUint32(at + 4, count(e), true);
    const off = extraOffset.get(e);
    if (off === undefined) put(at + 8, e);
    else {
      dv.setUint32(at + 8, off, true);
      put(off, e);
    }
  });
  dv.setUint32(10 + entries.length * 12, 0, true); // no next IFD
  strips.forEach((s, k) => buf.set(s, stripOffsets[k]));
  return buf;
}

/**
 * TIFF's floating-point predictor (Adobe Technical Note 3, libtiff's fpDiff) for little-endian rows:
 * each row's bytes are regrouped into planes, most significant byte of every value first, and then
 * replaced by their difference from the previous byte. Smooth rows turn into long runs deflate packs well.
 */
function floatPredict(bytes: Uint8Array, width: number, bps: number): Uint8Array {
  const rowBytes = width * bps;
  const out = new Uint8Array(bytes.length);
  for (let row = 0; row < bytes.length; row += rowBytes) {
    for (let c = 0; c < width; c++) {
      const src = row + c * bps;
      for (let b = 0; b < bps; b++) out[row + b * width + c] = bytes[src + bps - 1 - b];
    }
    for (let i = row + rowBytes - 1; i > row; i--) out[i] = (out[i] - out[i - 1]) & 0xff;
  }
  return out;
}

export interface WriteGeoTiffOptions {
  /** zlib level 1..9 (default 6). */
  level?: number;
  /** Apply TIFF's floating-point predictor (3) before deflate: smaller files for smooth surfaces (default true). */
  predictor?: boolean;
}

/**
 * Write a Grid as a single-band GeoTIFF, atomically: Float32 (Float64 when the grid is), deflate
 * compressed, georeferenced (ModelTiepoint + ModelPixelScale, or ModelTransformation when rotated),
 * EPSG code in the GeoKeys, GDAL_NODATA. NaN cells are written as the grid's nodata value.
 */
export async function writeGeoTiff(path: string, grid: Grid, opts: WriteGeoTiffOptions = {}): Promise<void> {
  if (endianness() !== "LE") throw new Error("writeGeoTiff assumes a little-endian machine");
  const { width, height, data } = grid;
  if (data.length !== width * height) throw new RangeError(`grid data has ${data.length} values, expected ${width} x ${height}`);
  const f64 = data instanceof Float64Array;
  const bytesPerSample = f64 ? 8 : 4;
  const nodata = grid.nodata;
  const rowsPerStrip = Math.max(1, Math.min(height, Math.floor((1 << 18) / (width * bytesPerSample))));
  const nStrips = Math.ceil(height / rowsPerStrip);
  const usePredictor = opts.predictor !== false;
  const jobs: Promise<Buffer>[] = [];
  for (let s = 0; s < nStrips; s++) {
    const start = s * rowsPerStrip * width;
    const end = Math.min(height, (s + 1) * rowsPerStrip) * width;
    const chunk = f64 ? new Float64Array(end - start) : new Float32Array(end - start);
    for (let i = start; i < end; i++) {
      const v = data[i];
      chunk[i - start] = v !== v ? nodata : v;
    }
    const bytes = new Uint8Array(chunk.buffer);
    jobs.push(deflate(usePredictor ? floatPredict(bytes, width, bytesPerSample) : bytes, { level: opts.level ?? 6 }));
  }
  const strips = await Promise.all(jobs);
  const t = grid.transform;
  // Placeholder offsets (the right count) so the layout reserves their space; encodeTiff fills them in.
  const stripOffsets: Entry = { tag: 273, type: LONG, values: strips.map(() => 0) };
  const entries: Entry[] = [
    { tag: 256, type: LONG, values: [width] },
    { tag: 257, type: LONG, values: [height] },
    { tag: 258, type: SHORT, values: [bytesPerSample * 8] },
    { tag: 259, type: SHORT, values: [8] }, // Adobe deflate
    { tag: 262, type: SHORT, values: [1] }, // min-is-black
    stripOffsets,
    { tag: 277, type: SHORT, values: [1] },
    { tag: 278, type: LONG, values: [rowsPerStrip] },
    { tag: 279, type: LONG, values: strips.map((s) => s.length) },
    { tag: 284, type: SHORT, values: [1] },
    { tag: 317, type: SHORT, values: [usePredictor ? 3 : 1] },
    { tag: 339, type: SHORT, values: [3] }, // IEEE float
    { tag: 34735, type: SHORT, values: geoKeys(path, grid.crs) },
    { tag: 42113, type: ASCII, values: Number.isNaN(nodata) ? "nan" : String(nodata) },
  ];
  if (t[2] === 0 && t[4] === 0) {
    entries.push({ tag: 33550, type: DOUBLE, values: [t[1], -t[5], 0] });
    entries.push({ tag: 33922, type: DOUBLE, values: [0, 0, 0, t[0], t[3], 0] });
  } else {
    entries.push({ tag: 34264, type: DOUBLE, values: [t[1], t[2], 0, t[0], t[4], t[5], 0, t[3], 0, 0, 0, 0, 0, 0, 0, 1] });
  }
  const bytes = encodeTiff(entries, strips, stripOffsets);
  await writeFileAtomic(path, bytes);
}
