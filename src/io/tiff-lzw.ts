/**
 * TIFF LZW decoding, registered with the `geotiff` package in place of its own decoder.
 *
 * Why: the package's decoder appends to a growing JS array and, on corrupt input, can follow a
 * dictionary chain past its table and grow without bound until V8 aborts the whole process - not
 * something a catch can turn into a clear error. This one writes into a buffer of the block's known
 * size, checks every code, and throws on anything that is not valid LZW.
 */
import { addDecoder, BaseDecoder } from "geotiff";

const CLEAR = 256;
const EOI = 257;

/** Decode one LZW block (MSB-first codes, 9-12 bits, TIFF's "early change") into at most `size` bytes. */
export function lzwDecode(input: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const prefix = new Int16Array(4096);
  const suffix = new Uint8Array(4096);
  const first = new Uint8Array(4096);
  const length = new Uint16Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    first[i] = i;
    length[i] = 1;
  }
  let next = 258;
  let width = 9;
  let prev = -1;
  let pos = 0;
  let bitPos = 0;
  const totalBits = input.length * 8;
  while (pos < size && bitPos + width <= totalBits) {
    // Read `width` bits, most significant first.
    let code = 0;
    for (let k = 0; k < width; k++, bitPos++) code = (code << 1) | ((input[bitPos >> 3] >> (7 - (bitPos & 7))) & 1);
    if (code === EOI) break;
    if (code === CLEAR) {
      next = 258;
      width = 9;
      prev = -1;
      continue;
    }
    let head: number;
    let emit: number;
    if (prev === -1) {
      if (code > 255) throw new Error(`corrupt LZW data: code ${code} after a clear code`);
      emit = code;
      head = code;
    } else if (code < next) {
      emit = code;
      head = first[code];
    } else if (code === next) {
      emit = prev; // the KwKwK case: prev's string plus its own first byte
      head = first[prev];
    } else {
      throw new Error(`corrupt LZW data: code ${code} is not yet defined (next is ${next})`);
    }
    // Write the string of `emit` backwards from its end.
    const len = length[emit];
    const end = Math.min(pos + len, size);
    let c = emit;
    for (let k = pos + len - 1; k >= pos; k--) {
      if (k < end) out[k] = suffix[c];
      c = prefix[c];
    }
    pos = end;
    if (code === next && pos < size) out[pos++] = head;
    if (prev !== -1 && next < 4096) {
      prefix[next] = prev;
      suffix[next] = head;
      first[next] = first[prev];
      length[next] = length[prev] + 1;
      next++;
    }
    prev = code;
    if (next + 1 >= 1 << width && width < 12) width++;
  }
  return out;
}

class LzwDecoder extends BaseDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    const p = this.parameters as {
      tileWidth: number;
      tileHeight: number;
      bitsPerSample: number | ArrayLike<number>;
      planarConfiguration: number;
    };
    const bits = typeof p.bitsPerSample === "number" ? [p.bitsPerSample] : Array.from(p.bitsPerSample);
    const bitsPerPixel = p.planarConfiguration === 2 ? bits[0] : bits.reduce((a, b) => a + b, 0);
    const size = Math.ceil((p.tileWidth * bitsPerPixel) / 8) * p.tileHeight;
    return lzwDecode(new Uint8Array(buffer as ArrayBuffer), size).buffer;
  }
}

let registered = false;
/** Use our LZW decoder for every GeoTIFF read in this process (idempotent). */
export function registerLzwDecoder(): void {
  if (registered) return;
  registered = true;
  addDecoder(5, async () => LzwDecoder as never, undefined, false);
}
