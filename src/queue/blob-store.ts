/**
 * Content-addressed blobs in Redis (crossway:blob:<sha256>), so workers need no shared disk: the
 * coordinator puts each prepared input once, a worker gets it by hash, checks the hash, and keeps
 * it in a local cache folder, so it fetches each blob once per machine however many jobs use it.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { writeFileAtomic } from "../util/atomic.ts";
import { blobHash } from "./blob.ts";

export const BLOB_PREFIX = "crossway:blob:";

/** Where a worker keeps fetched blobs: $CROSSWAY_CACHE, else ~/.cache/crossway/blobs. */
export function defaultCacheDir(): string {
  return process.env.CROSSWAY_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "crossway", "blobs");
}

/** Store bytes under their hash (a no-op when already there); returns the hash. */
export async function putBlob(redis: Redis, bytes: Buffer): Promise<string> {
  const hash = blobHash(bytes);
  // NX: an existing blob is the same bytes (same hash); rewriting a large value would waste bandwidth.
  if (!(await redis.exists(BLOB_PREFIX + hash))) await redis.set(BLOB_PREFIX + hash, bytes, "NX");
  return hash;
}

export class BlobCache {
  constructor(
    private readonly redis: Redis,
    readonly dir: string,
  ) {}

  /** The blob's bytes: from the cache folder when there and intact, else from Redis (then cached). */
  async get(hash: string): Promise<Buffer> {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`'${hash}' is not a blob hash (64 hex digits)`);
    const path = join(this.dir, hash);
    if (existsSync(path)) {
      const cached = readFileSync(path);
      // A damaged cache file (disk, a manual edit) is fetched again rather than trusted.
      if (blobHash(cached) === hash) return cached;
    }
    const bytes = await this.redis.getBuffer(BLOB_PREFIX + hash);
    if (!bytes)
      throw new BlobMissingError(`blob ${hash} is not in Redis (was the queue's database flushed? run the coordinator again to store it)`);
    const got = blobHash(bytes);
    if (got !== hash) throw new BlobMissingError(`blob ${hash} in Redis has different content (sha256 ${got}); refusing it`);
    await writeFileAtomic(path, bytes);
    return bytes;
  }
}

/** A blob that is absent or damaged: retrying the job will not help until the coordinator stores it again. */
export class BlobMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BlobMissingError";
  }
}
