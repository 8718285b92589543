/**
 * A self-contained binary form for plain data holding typed arrays (a prepared landscape): a JSON
 * header in which every typed array is replaced by a reference, then the arrays' bytes, each at an
 * 8-byte aligned offset. The bytes are a pure function of the value, so their sha256 names the
 * content (the blob store's key) and two coordinators that prepare the same landscape make the same
 * blob. Decoded arrays live on SharedArrayBuffers, so posting them to worker threads shares them.
 */
import { sha256 } from "../scenario/hash.ts";

const MAGIC = "CWBLOB1\n";

const TYPES = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypeName = keyof typeof TYPES;
type AnyTyped = InstanceType<(typeof TYPES)[TypeName]>;

interface ArrayRef {
  $typed: TypeName;
  offset: number;
  length: number;
}

function typeNameOf(v: unknown): TypeName | undefined {
  for (const name of Object.keys(TYPES) as TypeName[]) if (v instanceof TYPES[name]) return name;
  return undefined;
}

const align8 = (n: number) => (n + 7) & ~7;

export function encodeBlob(value: unknown): Buffer {
  const arrays: AnyTyped[] = [];
  const offsets: number[] = [];
  let bytes = 0;
  const header = JSON.stringify(value, function (this: unknown, _k, v: unknown) {
    const name = typeNameOf(v);
    if (name) {
      const a = v as AnyTyped;
      const ref: ArrayRef = { $typed: name, offset: bytes, length: a.length };
      arrays.push(a);
      offsets.push(bytes);
      bytes = align8(bytes + a.byteLength);
      return ref;
    }
    // JSON has no NaN or infinities; a grid's transform or nodata may hold them.
    if (typeof v === "number" && !Number.isFinite(v)) return { $number: String(v) };
    return v;
  });
  const head = Buffer.from(header, "utf8");
  const start = align8(MAGIC.length + 4 + head.length);
  const out = Buffer.alloc(start + bytes);
  out.write(MAGIC, 0, "latin1");
  out.writeUInt32LE(head.length, MAGIC.length);
  head.copy(out, MAGIC.length + 4);
  arrays.forEach((a, i) => out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), start + offsets[i]));
  return out;
}

export function decodeBlob<T>(buf: Uint8Array): T {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < MAGIC.length + 4 || b.toString("latin1", 0, MAGIC.length) !== MAGIC) throw new Error("not a crossway blob (bad magic)");
  const headLen = b.readUInt32LE(MAGIC.length);
  const start = align8(MAGIC.length + 4 + headLen);
  if (start > b.length) throw new Error("truncated crossway blob (header)");
  return JSON.parse(b.toString("utf8", MAGIC.length + 4, MAGIC.length + 4 + headLen), (_k, v: unknown) => {
    if (v && typeof v === "object" && "$typed" in v) {
      const ref = v as ArrayRef;
      const Ctor = TYPES[ref.$typed];
      if (!Ctor) throw new Error(`unknown array type '${ref.$typed}' in crossway blob`);
      const n = ref.length * Ctor.BYTES_PER_ELEMENT;
      if (start + ref.offset + n > b.length) throw new Error("truncated crossway blob (arrays)");
      const shared = new Ctor(new SharedArrayBuffer(n) as unknown as ArrayBuffer);
      new Uint8Array(shared.buffer).set(b.subarray(start + ref.offset, start + ref.offset + n));
      return shared;
    }
    if (v && typeof v === "object" && "$number" in v) return Number((v as { $number: string }).$number);
    return v;
  }) as T;
}

/** The blob's content address. */
export function blobHash(bytes: Uint8Array): string {
  return sha256(bytes);
}
