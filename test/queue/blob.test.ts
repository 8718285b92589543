import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobHash, decodeBlob, encodeBlob } from "../../src/queue/blob.ts";
import { BLOB_PREFIX, BlobCache, BlobMissingError, putBlob } from "../../src/queue/blob-store.ts";
import { sha256 } from "../../src/scenario/hash.ts";
import { REDIS } from "../support/tools.ts";
import { type RedisServer, startRedis } from "./redis-server.ts";

describe("blob encoding", () => {
  const value = {
    name: "land",
    transform: [500000, 50, 0, 4801200, 0, -50],
    nodata: NaN,
    big: -Infinity,
    land: Float64Array.from([1, 2.5, NaN, -0, 1e-300, Infinity]),
    cells: Int32Array.from([3, -7, 2 ** 31 - 1]),
    diag: Uint8Array.from([1, 0, 1]), // 3 bytes: the next array must still start aligned
    chainage: Float64Array.from([0.1, 0.2]),
    nested: [{ a: Float32Array.from([1.5]) }],
  };

  it("round-trips plain data with typed arrays bit for bit, onto shared memory", () => {
    const back = decodeBlob<typeof value>(encodeBlob(value));
    expect(back.name).toBe("land");
    expect(back.transform).toEqual(value.transform);
    expect(back.nodata).toBeNaN();
    expect(back.big).toBe(-Infinity);
    expect(back.land).toBeInstanceOf(Float64Array);
    expect(Buffer.from(back.land.buffer)).toEqual(Buffer.from(value.land.buffer));
    expect(Object.is(back.land[3], -0)).toBe(true);
    expect([...back.cells]).toEqual([...value.cells]);
    expect([...back.diag]).toEqual([1, 0, 1]);
    expect([...back.chainage]).toEqual([0.1, 0.2]);
    expect(back.nested[0].a).toBeInstanceOf(Float32Array);
    expect(back.land.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it("gives the same bytes (so the same hash) for the same value, different ones for a changed cell", () => {
    const a = encodeBlob(value);
    expect(blobHash(encodeBlob(structuredClone(value)))).toBe(blobHash(a));
    expect(blobHash(a)).toBe(sha256(a));
    const changed = { ...value, land: Float64Array.from(value.land) };
    changed.land[1] = 2.5000000000000004;
    expect(blobHash(encodeBlob(changed))).not.toBe(blobHash(a));
  });

  it("refuses bytes that are not a blob or are cut short", () => {
    expect(() => decodeBlob(Buffer.from("hello world, not a blob"))).toThrow(/bad magic/);
    const a = encodeBlob(value);
    expect(() => decodeBlob(a.subarray(0, a.length - 8))).toThrow(/truncated/);
  });
});

describe.skipIf(!REDIS.available)("blob store on a real redis-server", () => {
  let server: RedisServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.port, "127.0.0.1");
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  it("stores by content hash, fetches once into the cache, refetches a damaged cache file, refuses damaged or missing blobs", async () => {
    const bytes = encodeBlob({ land: Float64Array.from({ length: 1000 }, (_, i) => i / 7) });
    const hash = await putBlob(redis, bytes);
    expect(hash).toBe(sha256(bytes));
    expect(await putBlob(redis, bytes)).toBe(hash);
    expect(await redis.dbsize()).toBe(1);

    const dir = mkdtempSync(join(tmpdir(), "crossway-blobs-"));
    const cache = new BlobCache(redis, dir);
    expect(Buffer.compare(await cache.get(hash), bytes)).toBe(0);
    expect(Buffer.compare(readFileSync(join(dir, hash)), bytes)).toBe(0);
    // Served from the cache folder once there: gone from Redis, still found.
    await redis.del(BLOB_PREFIX + hash);
    expect(Buffer.compare(await cache.get(hash), bytes)).toBe(0);
    // A damaged cache file is not trusted; Redis is asked again (and the blob is gone now).
    writeFileSync(join(dir, hash), "garbage");
    await expect(cache.get(hash)).rejects.toThrow(BlobMissingError);
    await expect(cache.get(hash)).rejects.toThrow(/not in Redis/);
    // Damaged in Redis: refused, not cached.
    await redis.set(BLOB_PREFIX + hash, Buffer.from("other bytes"));
    await expect(cache.get(hash)).rejects.toThrow(/different content/);
    await expect(cache.get("../../etc/passwd")).rejects.toThrow(/not a blob hash/);
  });
});
