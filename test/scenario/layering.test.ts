// Data flows one way (DESIGN.md): scenario uses render and parallel, never the reverse. render draws
// a plain model (render/scenario-model.ts) and parallel stays generic (the scenario worker lives in
// src/scenario), so neither folder may import from src/scenario.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "../../src");

function importsOf(folder: string): { file: string; spec: string }[] {
  const out: { file: string; spec: string }[] = [];
  for (const f of readdirSync(join(SRC, folder)).filter((n) => /\.(ts|cjs|js)$/.test(n))) {
    const text = readFileSync(join(SRC, folder, f), "utf8");
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) out.push({ file: `${folder}/${f}`, spec: m[1] });
    for (const m of text.matchAll(/moduleUrl\(\s*["']([^"']+)["']/g)) out.push({ file: `${folder}/${f}`, spec: m[1] });
  }
  return out;
}

describe("folder layering", () => {
  for (const folder of ["render", "parallel"]) {
    it(`src/${folder} imports nothing from src/scenario`, () => {
      const all = importsOf(folder);
      expect(all.length).toBeGreaterThan(0);
      expect(all.filter((i) => /(^|\/)scenario\//.test(i.spec))).toEqual([]);
    });
  }
});
