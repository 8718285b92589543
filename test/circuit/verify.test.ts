/**
 * Circuitscape's own raster verification cases (../shared/circuitscape-verify): every .ini found under
 * input/raster runs as Circuitscape would (from a copy of the folder, paths relative to it), and every
 * expected file in output_verify/ named <case>_* is compared with ours:
 * resistance tables within 1e-6 relative (per entry), maps within 1e-5 relative to the map's scale
 * or 1e-8 absolute (see compareGrid).
 * Data-driven: new cases dropped into the folder run too.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCircuitscapeIni } from "../../src/circuit/circuitscape.ts";
import { readAsciiGrid } from "../../src/io/asciigrid.ts";

// ../shared beside the repository, as on every developer machine and in CI.
const VERIFY = process.env.CIRCUITSCAPE_VERIFY_DIR ?? fileURLToPath(new URL("../../../shared/circuitscape-verify", import.meta.url));
const have = existsSync(join(VERIFY, "input")) && existsSync(join(VERIFY, "output_verify"));

// The cases are the engine's main reference: their absence is a failure, never a silent skip.
it("finds Circuitscape's verification cases beside the repository", () => {
  expect(have, `expected the cases in ${VERIFY} (set CIRCUITSCAPE_VERIFY_DIR to point elsewhere)`).toBe(true);
});

function findInis(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...findInis(p));
    else if (e.endsWith(".ini")) out.push(p);
  }
  return out.sort();
}

function numbersOf(text: string): number[][] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .map((l) => l.trim().split(/\s+/).map(Number));
}

function close(a: number, b: number, rel: number, abs: number): boolean {
  if (a === b) return true;
  const d = Math.abs(a - b);
  return d <= abs || d <= rel * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Maps: |ours - expected| <= 1e-5 x (largest |value| of the expected map), or <= 1e-8.
 * Why relative to the map and not to each cell: the expected maps carry Circuitscape's CG error
 * (relative residual 1e-6), visible where Kirchhoff's law fixes the answer exactly. In
 * sgVerify4_curmap_2_4.asc the cells (0,1) and (0,2) are series cells (one way in, one way out), so
 * they carry the same current, yet the file holds 0.0004272348 and 0.0004271717 (1.5e-4 apart,
 * relative); a 1 A source cell reads 1.000000453. No exact solver can meet 1e-5 per cell against
 * that noise; against the map's scale the largest difference over all cases is below 1e-6.
 */
async function compareGrid(ours: string, expected: string): Promise<string[]> {
  const a = await readAsciiGrid(ours, { float64: true });
  const b = await readAsciiGrid(expected, { float64: true });
  if (a.width !== b.width || a.height !== b.height) return [`size ${a.width}x${a.height} vs ${b.width}x${b.height}`];
  let scale = 0;
  for (let i = 0; i < b.data.length; i++) if (b.data[i] === b.data[i]) scale = Math.max(scale, Math.abs(b.data[i]));
  const bad: string[] = [];
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i];
    const y = b.data[i];
    const ok = (Number.isNaN(x) && Number.isNaN(y)) || Math.abs(x - y) <= Math.max(1e-5 * scale, 1e-8);
    if (!ok && bad.length < 5) bad.push(`cell (${Math.floor(i / a.width)}, ${i % a.width}): ours ${x}, expected ${y} (map scale ${scale})`);
  }
  return bad;
}

function compareTable(ours: string, expected: string): string[] {
  const a = numbersOf(readFileSync(ours, "utf8"));
  const b = numbersOf(readFileSync(expected, "utf8"));
  if (a.length !== b.length) return [`${a.length} rows vs ${b.length}`];
  const bad: string[] = [];
  for (let r = 0; r < a.length; r++) {
    if (a[r].length !== b[r].length) {
      bad.push(`row ${r}: ${a[r].length} columns vs ${b[r].length}`);
      continue;
    }
    for (let c = 0; c < a[r].length; c++) {
      if (!close(a[r][c], b[r][c], 1e-6, 1e-12) && bad.length < 5) bad.push(`row ${r} col ${c}: ours ${a[r][c]}, expected ${b[r][c]}`);
    }
  }
  return bad;
}

const work = mkdtempSync(join(tmpdir(), "crossway-verify-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!have)("Circuitscape verification cases", () => {
  const inis = have ? findInis(join(VERIFY, "input", "raster")) : [];
  const expectedAll = have ? readdirSync(join(VERIFY, "output_verify")) : [];
  it("finds the cases", () => {
    expect(inis.length).toBeGreaterThan(0);
  });
  for (const ini of inis) {
    const name = basename(ini, ".ini");
    const expected = expectedAll.filter((f) => f.startsWith(`${name}_`));
    it(`${name}: reproduces ${expected.length} expected files`, async () => {
      const dir = mkdtempSync(join(work, `${name}-`));
      // Inputs are only read: link them rather than copy; outputs land in the temporary folder.
      symlinkSync(join(VERIFY, "input"), join(dir, "input"), "dir");
      await runCircuitscapeIni(relative(VERIFY, ini), { cwd: dir, warn: () => {} });
      expect(expected.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const f of expected) {
        const ours = join(dir, "output", f);
        if (!existsSync(ours)) {
          problems.push(`${f}: not written`);
          continue;
        }
        const bad = f.endsWith(".asc") ? await compareGrid(ours, join(VERIFY, "output_verify", f)) : compareTable(ours, join(VERIFY, "output_verify", f));
        for (const b of bad) problems.push(`${f}: ${b}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
