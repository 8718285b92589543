/**
 * Content keys for results: sha256 of the canonical JSON of a resolved scenario plus the hashes of
 * the input files it reads. Same inputs -> same key, whatever the key order in the YAML, so a rerun
 * can skip scenarios whose results are already on disk, and any edit to an input invalidates them.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** JSON with object keys sorted at every level; undefined members dropped (as JSON.stringify does). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new RangeError(`cannot hash non-finite number ${value}`);
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const keys = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
}

export function sha256(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}

/** sha256 of a file's bytes, streamed (input grids can be large). */
export function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => h.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(h.digest("hex")));
  });
}

/** The key of one scenario's result. `inputs` maps each input file's role to its content hash. */
export function scenarioKey(resolved: unknown, inputs: Record<string, string>, engineVersion: string): string {
  return sha256(canonicalJson({ v: engineVersion, scenario: resolved, inputs }));
}
