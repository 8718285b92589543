/**
 * The road-band model on disk, so that a later run or sweep of the same landscape, species and
 * analysis skips the build (minutes on the demo): one file per model, named by the sha256 of
 * everything the model is a function of (the reference surface and q, the core cells, the band's road
 * and crossing-edge cells, the graph rules, the engine and format versions), written atomically.
 * The bytes are the queue's blob format (src/queue/blob.ts), so a coordinator can hand the same
 * model to workers.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomicSync } from "../util/atomic.ts";
import { decodeBlob, encodeBlob } from "../queue/blob.ts";
import { ENGINE_VERSION } from "../scenario/study.ts";
import type { BandModel, ModelInput } from "./model.ts";

/** Bump when BandModel's fields or their meaning change. */
export const MODEL_FORMAT = "band-model-1";

const bytesOf = (a: ArrayLike<number> & { buffer?: ArrayBufferLike }): Uint8Array => {
  if (ArrayBuffer.isView(a)) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return new Uint8Array(Float64Array.from(a).buffer);
};

/** The model's content key: a pure function of its inputs. */
export function modelKey(inp: ModelInput): string {
  const h = createHash("sha256");
  const head = {
    format: MODEL_FORMAT,
    engine: ENGINE_VERSION,
    width: inp.resistance.width,
    height: inp.resistance.height,
    neighbours: inp.neighbours,
    avgResistance: inp.avgResistance,
    mortality: inp.q !== null,
  };
  h.update(JSON.stringify(head));
  // each array with its length, so that no two different inputs give the same byte stream
  for (const a of [inp.resistance.data, inp.q ?? new Float64Array(0), Float64Array.from(inp.focal), inp.roadCells, inp.edgeCells]) {
    const b = bytesOf(a as ArrayLike<number>);
    h.update(`|${b.length}|`);
    h.update(b);
  }
  return h.digest("hex");
}

type Stored = Omit<BandModel, "focal" | "coreSlot"> & { coreSlot: [number, number][]; key: string; format: string };

export function encodeModel(m: BandModel, key: string): Buffer {
  const { focal: _f, coreSlot, ...rest } = m;
  const stored: Stored = { ...rest, coreSlot: [...coreSlot], key, format: MODEL_FORMAT };
  return encodeBlob(stored);
}

/** The model from its bytes; null when they hold another key or format (never a wrong model). */
export function decodeModel(bytes: Uint8Array, key: string, focal: ArrayLike<number>): BandModel | null {
  const s = decodeBlob<Stored>(bytes);
  if (s.key !== key || s.format !== MODEL_FORMAT) return null;
  const { key: _k, format: _f, coreSlot, ...rest } = s;
  return { ...rest, focal, coreSlot: new Map(coreSlot) };
}

export const modelFileName = (key: string) => `band-model-${key.slice(0, 32)}.bin`;

/** The cached model in `dir`, or null (absent, another key, or unreadable: then it is rebuilt). */
export function loadCachedModel(dir: string, key: string, focal: ArrayLike<number>): BandModel | null {
  const path = join(dir, modelFileName(key));
  if (!existsSync(path)) return null;
  try {
    return decodeModel(readFileSync(path), key, focal);
  } catch {
    return null;
  }
}

export function saveCachedModel(dir: string, key: string, m: BandModel): string {
  const path = join(dir, modelFileName(key));
  writeFileAtomicSync(path, encodeModel(m, key));
  return path;
}
