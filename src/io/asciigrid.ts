/**
 * ESRI ASCII grid (.asc, .asc.gz): Circuitscape's raster format.
 *
 * The reader is a byte-level state machine fed chunk by chunk from a (gunzipped) file stream, so a
 * 10-million-cell grid is never held as one string nor split into millions of substrings. Numbers
 * whose digits form an integer below 2^53, with no exponent, are parsed exactly from their digits (the
 * mantissa is an exact integer and 10^k, k <= 22, an exact double, so one division rounds correctly);
 * anything else falls back to the platform's parser.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import { DEFAULT_NODATA, type Crs, type Grid } from "../grid/grid.ts";
import { tempPathFor, writeFileAtomic } from "../util/atomic.ts";
import { CrosswayError } from "../util/errors.ts";
import { crsFromEpsg, epsgFromWkt, wktForEpsg } from "../grid/crs.ts";

export interface ReadAsciiOptions {
  /** Store values as Float64 instead of Float32. */
  float64?: boolean;
  /**
   * When given, `nan` counts the cells the file writes as NaN (read as nodata, so a caller that wants to
   * say how many there were cannot tell them from nodata cells afterwards). Not counted when the
   * file's NODATA_value is itself NaN.
   */
  counts?: { nan: number };
}

export interface WriteAsciiOptions {
  /** Fixed number of digits after the decimal point. Default: as many as it takes to round-trip the value. */
  decimals?: number;
  /** Also write a .prj beside the grid when its CRS has an EPSG code we can describe (default true). */
  prj?: boolean;
}

const POW10: number[] = [];
for (let i = 0; i <= 22; i++) POW10.push(10 ** i);

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NAN_RE = /^[+-]?nan$/i;
const INF_RE = /^([+-]?)inf(?:inity)?$/i;

const HEADER_KEYS = new Set(["ncols", "nrows", "xllcorner", "xllcenter", "yllcorner", "yllcenter", "cellsize", "dx", "dy", "nodata_value"]);

/** Path of the .prj that sits beside an .asc or .asc.gz. */
export function prjPathFor(path: string): string {
  return path.replace(/\.asc(\.gz)?$/i, "").replace(/\.gz$/i, "") + ".prj";
}

class AsciiParser {
  private line = 1;
  private readonly tok = Buffer.alloc(256);
  private tokLen = 0;
  private tokLine = 1;
  private inHeader = true;
  private lineTokIndex = 0;
  private key = "";
  private keyLine = 0;
  private readonly header = new Map<string, { value: number; line: number }>();
  private data: Float32Array | Float64Array | null = null;
  private count = 0;
  private n = 0;
  private nodata = NaN;
  private nodataStored = NaN;
  ncols = 0;
  nrows = 0;
  transform: [number, number, number, number, number, number] = [0, 1, 0, 0, 0, -1];

  constructor(
    private readonly file: string,
    private readonly float64: boolean,
    private readonly counts: { nan: number } | null = null,
  ) {}

  private fail(msg: string, line = this.tokLine): never {
    throw new CrosswayError(msg, { file: this.file, field: `line ${line}` });
  }

  private started = false;

  push(chunk: Uint8Array): void {
    if (!this.started && chunk.length > 0) {
      // Skip a UTF-8 byte-order mark (some Windows editors write one).
      this.started = true;
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    const tok = this.tok;
    let tokLen = this.tokLen;
    let line = this.line;
    for (let i = 0, n = chunk.length; i < n; i++) {
      const b = chunk[i];
      // Space, tab, CR, LF (and other control bytes) separate tokens.
      if (b <= 32) {
        if (tokLen > 0) {
          this.tokLen = tokLen;
          this.line = line;
          this.endToken();
          tokLen = 0;
        }
        if (b === 10) {
          line++;
          if (this.inHeader) this.endHeaderLine(line - 1);
        }
        continue;
      }
      if (tokLen === 0) this.tokLine = line;
      if (tokLen === tok.length) {
        this.line = line;
        this.fail(`a token longer than ${tok.length} characters; is this an ASCII grid?`);
      }
      tok[tokLen++] = b;
    }
    this.tokLen = tokLen;
    this.line = line;
  }

  private endHeaderLine(line: number): void {
    if (this.lineTokIndex === 1) this.fail(`header key "${this.key}" has no value`, line);
    this.lineTokIndex = 0;
  }

  private tokenString(): string {
    return this.tok.toString("latin1", 0, this.tokLen);
  }

  /** The token for an error message: printable and short (the file may not be text at all). */
  private tokenForMessage(): string {
    const s = this.tokenString().replace(/[^\x20-\x7e]/g, "?");
    return s.length > 40 ? s.slice(0, 40) + "..." : s;
  }

  /** The token as a number, or undefined when it is not one. */
  private tokenNumber(): number | undefined {
    const tok = this.tok;
    const len = this.tokLen;
    let i = 0;
    let neg = false;
    if (tok[0] === 45) {
      neg = true;
      i = 1;
    } else if (tok[0] === 43) i = 1;
    let mant = 0;
    let frac = 0;
    let dot = false;
    let digits = 0;
    let simple = i < len;
    for (; i < len; i++) {
      const c = tok[i];
      const d = c - 48;
      if (d >= 0 && d <= 9) {
        mant = mant * 10 + d;
        digits++;
        if (dot) frac++;
      } else if (c === 46 && !dot) {
        dot = true;
      } else {
        simple = false;
        break;
      }
    }
    if (simple && digits > 0) {
      // Exact: mant < 2^53 is an exact integer (it only grows, so once inexact it stays above 2^53).
      if (mant < 9007199254740992 && frac <= 22) {
        const v = frac > 0 ? mant / POW10[frac] : mant;
        return neg ? -v : v;
      }
      // Plain digits, but too many for an exact integer mantissa: the platform parser rounds correctly.
      return Number(this.tokenString());
    }
    const s = this.tokenString();
    if (NUMBER_RE.test(s)) return parseFloat(s);
    if (NAN_RE.test(s)) return NaN;
    const inf = INF_RE.exec(s);
    if (inf) return inf[1] === "-" ? -Infinity : Infinity;
    return undefined;
  }

  private endToken(): void {
    if (!this.inHeader) {
      this.value();
      return;
    }
    const first = this.tok[0];
    const numeric = (first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46;
    if (this.lineTokIndex === 0) {
      if (numeric || !HEADER_KEYS.has(this.tokenString().toLowerCase())) {
        const s = this.tokenForMessage();
        if (!numeric && this.tokenNumber() === undefined) {
          this.fail(`unknown header key "${s}" (expected ncols, nrows, xllcorner/xllcenter, yllcorner/yllcenter, cellsize, nodata_value)`);
        }
        this.finishHeader();
        this.value();
        return;
      }
      this.key = this.tokenString().toLowerCase();
      this.keyLine = this.tokLine;
      this.lineTokIndex = 1;
      return;
    }
    if (this.lineTokIndex === 1) {
      const v = this.tokenNumber();
      if (v === undefined) this.fail(`header key "${this.key}": "${this.tokenForMessage()}" is not a number`);
      if (this.header.has(this.key)) this.fail(`header key "${this.key}" appears twice`);
      this.header.set(this.key, { value: v, line: this.keyLine });
      this.lineTokIndex = 2;
      return;
    }
    this.fail(`header line for "${this.key}" has more than one value`);
  }

  private finishHeader(): void {
    this.inHeader = false;
    const h = this.header;
    const need = (k: string): number => {
      const e = h.get(k);
      if (e === undefined) this.fail(`header has no "${k}" before the first value`);
      return e.value;
    };
    const ncols = need("ncols");
    const nrows = need("nrows");
    for (const [k, v] of [
      ["ncols", ncols],
      ["nrows", nrows],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0) this.fail(`header "${k}" must be a positive integer, got ${v}`, h.get(k)!.line);
    }
    let dx: number;
    let dy: number;
    if (h.has("cellsize")) {
      dx = dy = need("cellsize");
    } else if (h.has("dx") && h.has("dy")) {
      dx = need("dx");
      dy = need("dy");
    } else {
      this.fail(`header has no "cellsize" (nor "dx" and "dy") before the first value`);
    }
    if (!(dx > 0) || !(dy > 0) || !Number.isFinite(dx) || !Number.isFinite(dy)) {
      this.fail(`header cell size must be positive, got ${dx === dy ? dx : `dx ${dx}, dy ${dy}`}`);
    }
    let x0: number;
    let y0: number;
    if (h.has("xllcorner")) x0 = need("xllcorner");
    else if (h.has("xllcenter")) x0 = need("xllcenter") - dx / 2;
    else this.fail(`header has no "xllcorner" (nor "xllcenter") before the first value`);
    if (h.has("yllcorner")) y0 = need("yllcorner");
    else if (h.has("yllcenter")) y0 = need("yllcenter") - dy / 2;
    else this.fail(`header has no "yllcorner" (nor "yllcenter") before the first value`);
    this.ncols = ncols;
    this.nrows = nrows;
    this.transform = [x0, dx, 0, y0 + nrows * dy, 0, -dy];
    this.n = ncols * nrows;
    this.data = this.float64 ? new Float64Array(this.n) : new Float32Array(this.n);
    const nd = h.get("nodata_value");
    this.nodata = nd === undefined ? NaN : nd.value;
    // Compare what the array holds: a Float32 grid stores fround(value), so compare with fround(nodata).
    this.nodataStored = this.float64 ? this.nodata : Math.fround(this.nodata);
  }

  private value(): void {
    const v = this.tokenNumber();
    if (v === undefined) this.fail(`value ${this.count + 1}: "${this.tokenForMessage()}" is not a number`);
    if (this.count >= this.n) {
      this.fail(`too many values: the header says ${this.ncols} x ${this.nrows} = ${this.n}`);
    }
    const data = this.data!;
    data[this.count] = v;
    if (data[this.count] === this.nodataStored) data[this.count] = NaN;
    else if (v !== v && this.counts !== null && this.nodata === this.nodata) this.counts.nan++;
    this.count++;
  }

  end(): { data: Float32Array | Float64Array; nodata: number } {
    if (this.tokLen > 0) {
      this.endToken();
      this.tokLen = 0;
    }
    if (this.inHeader) {
      if (this.lineTokIndex === 1) this.fail(`header key "${this.key}" has no value`, this.line);
      this.fail("no values after the header (empty or truncated file?)", this.line);
    }
    if (this.count < this.n) {
      this.fail(`too few values: found ${this.count}, the header says ${this.ncols} x ${this.nrows} = ${this.n}`, this.line);
    }
    return { data: this.data!, nodata: this.nodata };
  }
}

function ioError(path: string, err: unknown): CrosswayError {
  const e = err as NodeJS.ErrnoException;
  if (e && e.code === "ENOENT") return new CrosswayError("file not found", { file: path, cause: err });
  if (e && e.code === "EISDIR") return new CrosswayError("is a directory, expected a file", { file: path, cause: err });
  if (e && (e.code === "Z_DATA_ERROR" || e.code === "Z_BUF_ERROR")) {
    return new CrosswayError(`corrupt gzip data (${e.message})`, { file: path, cause: err });
  }
  return new CrosswayError(`cannot read: ${e?.message ?? String(err)}`, { file: path, cause: err });
}

/** The EPSG code from the .prj beside an ASCII grid, when it states one plainly. */
export function readPrjEpsg(path: string): number | undefined {
  const prj = prjPathFor(path);
  if (!existsSync(prj)) return undefined;
  try {
    return epsgFromWkt(readFileSync(prj, "latin1"));
  } catch {
    return undefined;
  }
}

/** Read an ESRI ASCII grid (.asc, or gzipped .asc.gz). Nodata cells become NaN. */
export async function readAsciiGrid(path: string, opts: ReadAsciiOptions = {}): Promise<Grid> {
  const parser = new AsciiParser(path, opts.float64 === true, opts.counts ?? null);
  const gz = /\.gz$/i.test(path);
  try {
    const file = createReadStream(path, { highWaterMark: 1 << 20 });
    const source = gz ? file.pipe(createGunzip()) : file;
    if (gz) file.on("error", (err) => source.destroy(err));
    for await (const chunk of source as AsyncIterable<Buffer>) parser.push(chunk);
  } catch (err) {
    if (err instanceof CrosswayError) throw err;
    throw ioError(path, err);
  }
  const { data, nodata } = parser.end();
  let crs: Crs | null = null;
  const epsg = readPrjEpsg(path);
  if (epsg !== undefined) {
    try {
      crs = crsFromEpsg(epsg);
    } catch {
      crs = { epsg };
    }
  }
  return {
    width: parser.ncols,
    height: parser.nrows,
    data,
    transform: parser.transform,
    crs,
    nodata: Number.isNaN(nodata) ? DEFAULT_NODATA : nodata,
  };
}

function trimZeros(s: string): string {
  const e = s.indexOf("e");
  const mant = e < 0 ? s : s.slice(0, e);
  const exp = e < 0 ? "" : s.slice(e);
  if (mant.indexOf(".") < 0) return s;
  let end = mant.length;
  while (mant.charCodeAt(end - 1) === 48) end--;
  if (mant.charCodeAt(end - 1) === 46) end--;
  return mant.slice(0, end) + exp;
}

const POW10_ALL: number[] = [];
for (let i = 0; i <= 60; i++) POW10_ALL.push(10 ** i);

/** m x 10^q as a double (correctly rounded when m < 2^53 and |q| <= 22, near enough beyond). */
function scaled(m: number, q: number): number {
  return q >= 0 ? m * POW10_ALL[q] : m / POW10_ALL[-q];
}

/** The decimal string of m x 10^q, where m is a positive integer: fixed notation for moderate magnitudes. */
function decimalString(m: number, q: number, neg: boolean): string {
  const s = String(m);
  const nd = s.length;
  const e = q + nd - 1; // power of ten of the first digit
  let out: string;
  if (e < -7 || e >= 21) out = s[0] + (nd > 1 ? "." + s.slice(1) : "") + "e" + (e > 0 ? "+" : "") + e;
  else if (q >= 0) out = s + "0".repeat(q);
  else if (nd + q > 0) out = s.slice(0, nd + q) + "." + s.slice(nd + q);
  else out = "0." + "0".repeat(-(nd + q)) + s;
  return neg ? "-" + out : out;
}

/**
 * Shortest decimal that reads back to the same Float32 (9 significant digits always do; fewer often).
 * Number.prototype.toString would give the shortest form of the *double*, 17 digits for most floats,
 * and is slow; toPrecision in a loop is slower still. So: take 9 digits as an integer, drop digits
 * while the rounded, shorter integer still maps to the same float, then check the final string once.
 */
function formatFloat32(v: number): string {
  const neg = v < 0;
  const a = neg ? -v : v;
  let q = Math.floor(Math.log10(a)) - 8;
  let m = Math.round(scaled(a, -q));
  // log10 may be off by one near powers of ten: then re-scale so that m has exactly 9 digits.
  if (m >= 1e9) {
    q++;
    m = Math.round(scaled(a, -q));
  } else if (m < 1e8) {
    q--;
    m = Math.round(scaled(a, -q));
  }
  while (m >= 10) {
    const shorter = Math.round(m / 10);
    if (Math.fround(scaled(shorter, q + 1)) !== a) break;
    m = shorter;
    q++;
  }
  const s = decimalString(m, q, neg);
  if (Math.fround(Number(s)) === v) return s;
  return trimZeros(v.toPrecision(9)); // a rounding corner case of the fast path
}

function formatter(grid: Grid, opts: WriteAsciiOptions, nodataStr: string): (v: number) => string {
  const decimals = opts.decimals;
  if (decimals !== undefined) {
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > 100) {
      throw new RangeError(`decimals must be an integer 0..100, got ${decimals}`);
    }
    return (v) => (v !== v ? nodataStr : Number.isInteger(v) ? String(v) : trimZeros(v.toFixed(decimals)));
  }
  if (grid.data instanceof Float64Array) return (v) => (v !== v ? nodataStr : String(v));
  // Whole numbers below 2^24 are exact in a float and print short; huge ones print as floats.
  return (v) =>
    v !== v ? nodataStr : (Number.isInteger(v) && v < 16777216 && v > -16777216) || !Number.isFinite(v) ? String(v) : formatFloat32(v);
}

function* asciiChunks(grid: Grid, opts: WriteAsciiOptions): Generator<string> {
  const t = grid.transform;
  const nodata = Number.isNaN(grid.nodata) ? DEFAULT_NODATA : grid.nodata;
  const nodataStr = String(nodata);
  const fmt = formatter(grid, opts, nodataStr);
  const w = grid.width;
  const h = grid.height;
  const head: string[] = [`ncols        ${w}`, `nrows        ${h}`, `xllcorner    ${t[0]}`, `yllcorner    ${t[3] + h * t[5]}`];
  if (t[1] === -t[5]) head.push(`cellsize     ${t[1]}`);
  else head.push(`dx           ${t[1]}`, `dy           ${-t[5]}`);
  head.push(`NODATA_value ${nodataStr}`);
  yield head.join("\n") + "\n";
  const data = grid.data;
  const parts: string[] = new Array(w);
  let block = "";
  for (let r = 0; r < h; r++) {
    const o = r * w;
    for (let c = 0; c < w; c++) parts[c] = fmt(data[o + c]);
    block += parts.join(" ") + "\n";
    if (block.length > 1 << 20) {
      yield block;
      block = "";
    }
  }
  if (block.length > 0) yield block;
}

/**
 * Write an ESRI ASCII grid atomically (gzipped when the path ends in .gz). NaN becomes the grid's
 * nodata value. Values are printed with as many digits as it takes to read back the same number
 * (Float64 grids: the shortest round-trip form of the double; Float32: of the float).
 */
export async function writeAsciiGrid(path: string, grid: Grid, opts: WriteAsciiOptions = {}): Promise<void> {
  const t = grid.transform;
  if (t[2] !== 0 || t[4] !== 0 || !(t[5] < 0) || !(t[1] > 0)) {
    throw new CrosswayError(`an ASCII grid cannot hold a rotated or south-up geotransform [${t.join(", ")}]`, { file: path });
  }
  if (grid.data.length !== grid.width * grid.height) {
    throw new RangeError(`grid data has ${grid.data.length} values, expected ${grid.width} x ${grid.height}`);
  }
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    const src = Readable.from(asciiChunks(grid, opts));
    if (/\.gz$/i.test(path)) await pipeline(src, createGzip({ level: 6 }), createWriteStream(tmp));
    else await pipeline(src, createWriteStream(tmp));
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  if (opts.prj !== false && grid.crs?.epsg !== undefined) {
    const wkt = wktForEpsg(grid.crs.epsg);
    if (wkt !== undefined) await writeFileAtomic(prjPathFor(path), wkt);
  }
}
