import { describe, expect, it } from "vitest";
import { createPool } from "../../src/parallel/pool.ts";
import { isShared, toShared } from "../../src/parallel/shared.ts";

describe("worker pool on shared memory", () => {
  it("toShared copies once into a SharedArrayBuffer and is idempotent", () => {
    const a = Float64Array.of(1, 2, 3);
    const s = toShared(a);
    expect(isShared(s)).toBe(true);
    expect([...s]).toEqual([1, 2, 3]);
    expect(toShared(s)).toBe(s);
  });

  it("TypeScript workers see the main thread's array itself, not a copy", async () => {
    const a = toShared(new Float64Array(8));
    const pool = createPool<{ i: number; value: number }, { shared: boolean; sum: number }>(
      new URL("./shared-worker.ts", import.meta.url),
      2,
      { a },
    );
    try {
      const results = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => pool.run({ i, value: i + 1 })));
      expect(results.every((r) => r.shared)).toBe(true);
      // Writes made in the workers are visible here: the memory is shared.
      expect([...a]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    } finally {
      await pool.close();
    }
  });
});
