import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeModel, encodeModel, loadCachedModel, modelFileName, modelKey, saveCachedModel } from "../../src/incremental/cache.ts";
import { evaluateIncremental } from "../../src/incremental/evaluate.ts";
import { buildBandModel, modelBytes, ModelRefused } from "../../src/incremental/model.ts";
import { modelInputFor } from "../../src/incremental/scenario-model.ts";
import type { ExistingStructure } from "../../src/scenario/resolve.ts";
import { analysis, roughLand, scenario, synthLandscape } from "../scenario/synthetic.ts";

const existing: ExistingStructure[] = [{ id: "e0", type: "underpass", chainage_m: 60, width_m: 10 }];
const dir = mkdtempSync(join(tmpdir(), "crossway-model-cache-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the road-band model's disk cache", () => {
  const ls = synthLandscape({ land: roughLand });
  const a = analysis({ tolerance: 1e-12 });
  const input = modelInputFor(ls, scenario(null, existing), a);
  const key = modelKey(input);
  const model = buildBandModel(input);

  it("the key follows every input: the surface, the graph rules and the band", () => {
    expect(modelKey(modelInputFor(ls, scenario(null, existing), a))).toBe(key);
    const land = Float64Array.from(ls.land);
    land[7] *= 1.5;
    expect(modelKey(modelInputFor({ ...ls, land }, scenario(null, existing), a))).not.toBe(key);
    expect(modelKey({ ...input, neighbours: 4 })).not.toBe(key);
    expect(modelKey({ ...input, avgResistance: !input.avgResistance })).not.toBe(key);
    expect(modelKey({ ...input, edgeCells: Int32Array.from(input.edgeCells).slice(2) })).not.toBe(key);
    // the baseline's own structures are part of the reference surface
    expect(modelKey(modelInputFor(ls, scenario(null, []), a))).not.toBe(key);
  });

  it("a model read back evaluates scenarios to the same bytes", () => {
    const back = decodeModel(encodeModel(model, key), key, ls.focal.data)!;
    expect(back).not.toBeNull();
    expect(decodeModel(encodeModel(model, key), "0".repeat(64), ls.focal.data)).toBeNull();
    const sc = scenario({ add: [{ id: "o", type: "overpass", chainage_m: 120, width_m: 30, cost_musd: 1 }] }, existing);
    const x = evaluateIncremental(model, ls, sc, a);
    const y = evaluateIncremental(back, ls, sc, a);
    if (!x.ok || !y.ok) throw new Error("refused");
    const strip = (e: typeof x.evaluation) => JSON.stringify({ pairs: e.pairs, profile: e.profile });
    expect(strip(y.evaluation)).toBe(strip(x.evaluation));
  });

  it("is written atomically under its key, found again, and a corrupt file is rebuilt, not trusted", () => {
    const path = saveCachedModel(dir, key, model);
    expect(path.endsWith(modelFileName(key))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    expect(loadCachedModel(dir, key, ls.focal.data)?.nSlots).toBe(model.nSlots);
    expect(loadCachedModel(dir, "f".repeat(64), ls.focal.data)).toBeNull();
    writeFileSync(path, "not a model");
    expect(loadCachedModel(dir, key, ls.focal.data)).toBeNull();
  });

  it("a model that would not fit in memory is refused with the estimate", () => {
    expect(() => buildBandModel({ ...input, memoryLimit: 1000 })).toThrow(ModelRefused);
    expect(() => buildBandModel({ ...input, memoryLimit: 1000 })).toThrow(/band nodes\) needs about .* of memory and 1 MB is available/);
    expect(modelBytes(4867, 1_077_800)).toBeGreaterThan(3 * 8 * 4867 ** 2);
  });

  it("reports its progress from 0 to 1, in order", () => {
    const seen: number[] = [];
    buildBandModel({ ...input, onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBeCloseTo(1, 12);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1] - 1e-12);
  });
});

describe("the two inverses side by side on two threads", () => {
  it("give the same model, bit for bit, as one thread", () => {
    const ls = synthLandscape({ land: roughLand });
    const a = analysis({ tolerance: 1e-12 });
    const mortality = {
      background: 0.001,
      cells_per_crossing: 2,
      road: [{ from_m: 0, to_m: 1e9, aadt: null, p_crossing: 0.1, q_cell: 0.05 }],
      tolerance: 1e-12,
      kill_width_m: null,
      crossing_speed_m_s: null,
    };
    const input = modelInputFor(ls, { ...scenario(null, existing), mortality }, a);
    const one = buildBandModel({ ...input, threads: 1 });
    const two = buildBandModel({ ...input, threads: 2 });
    expect(two.Gm).not.toBeNull();
    expect(
      Buffer.from(two.Gc.buffer, two.Gc.byteOffset, two.Gc.byteLength).equals(
        Buffer.from(one.Gc.buffer, one.Gc.byteOffset, one.Gc.byteLength),
      ),
    ).toBe(true);
    expect(Buffer.from(two.Gm!.buffer).equals(Buffer.from(one.Gm!.buffer))).toBe(true);
    expect(two.Gm!.buffer instanceof SharedArrayBuffer).toBe(true);
  });
});
