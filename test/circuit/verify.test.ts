/**
 * Circuitscape's own raster verification cases: every .ini found under input/raster runs as
 * Circuitscape would (from a copy of the folder, paths relative to it), in two folders:
 *  - ../shared/circuitscape-verify (the main set, required);
 *  - test/fixtures/circuitscape (cases copied from Circuitscape.jl's test folder that the shared set
 *    lacks, see its README.md).
 * Every expected file in output_verify/ named <case>_* is compared with ours: resistance tables
 * within 1e-6 relative (per entry), maps within 1e-5 relative to the map's scale or 1e-8 absolute
 * (see compareGrid). Every map we write is also held to Circuitscape.jl's own rule (its
 * test/test_utils.jl: a generated map must have an expected map, and the sum of squared differences
 * over its cells must be below 1e-6; see sumSquaredDifference).
 * Data-driven: new cases dropped into either folder run too.
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
const FIXTURES = fileURLToPath(new URL("../fixtures/circuitscape", import.meta.url));

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

/**
 * Circuitscape.jl's map rule (test/test_utils.jl, compare_aagrid): sum over every cell of
 * (ours - expected)^2 < 1e-6, nodata cells included as -9999 on both sides (so nodata against a
 * value fails). Returns the sum (Infinity when the sizes differ).
 */
async function sumSquaredDifference(ours: string, expected: string): Promise<number> {
  const a = await readAsciiGrid(ours, { float64: true });
  const b = await readAsciiGrid(expected, { float64: true });
  if (a.width !== b.width || a.height !== b.height) return Infinity;
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i] === a.data[i] ? a.data[i] : -9999;
    const y = b.data[i] === b.data[i] ? b.data[i] : -9999;
    sum += (x - y) * (x - y);
  }
  return sum;
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

function verifyCases(root: string, label: string): void {
  const present = existsSync(join(root, "input")) && existsSync(join(root, "output_verify"));
  const inis = present ? findInis(join(root, "input", "raster")) : [];
  const expectedAll = present ? readdirSync(join(root, "output_verify")) : [];
  it(`${label}: finds the cases`, () => {
    expect(inis.length).toBeGreaterThan(0);
  });
  for (const ini of inis) {
    const name = basename(ini, ".ini");
    const expected = expectedAll.filter((f) => f.startsWith(`${name}_`));
    it(`${name}: reproduces ${expected.length} expected files`, async () => {
      const dir = mkdtempSync(join(work, `${name}-`));
      // Inputs are only read: link them rather than copy; outputs land in the temporary folder.
      symlinkSync(join(root, "input"), join(dir, "input"), "dir");
      await runCircuitscapeIni(relative(root, ini), { cwd: dir, warn: () => {} });
      expect(expected.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const f of expected) {
        const ours = join(dir, "output", f);
        if (!existsSync(ours)) {
          problems.push(`${f}: not written`);
          continue;
        }
        const bad = f.endsWith(".asc")
          ? await compareGrid(ours, join(root, "output_verify", f))
          : compareTable(ours, join(root, "output_verify", f));
        for (const b of bad) problems.push(`${f}: ${b}`);
      }
      // Circuitscape.jl's rule, from the generated side: every map written has an expected map within 1e-6.
      const written = readdirSync(join(dir, "output")).filter((f) => f.startsWith(`${name}_`) && f.endsWith(".asc"));
      for (const f of written) {
        if (!expected.includes(f)) {
          problems.push(`${f}: written, but Circuitscape writes no such map`);
          continue;
        }
        const ssd = await sumSquaredDifference(join(dir, "output", f), join(root, "output_verify", f));
        if (!(ssd < 1e-6)) problems.push(`${f}: sum of squared differences ${ssd} (Circuitscape.jl's test needs < 1e-6)`);
      }
      expect(problems).toEqual([]);
    });
  }
}

describe.skipIf(!have)("Circuitscape verification cases", () => {
  verifyCases(VERIFY, "shared");
});

describe("Circuitscape.jl cases kept in test/fixtures/circuitscape", () => {
  verifyCases(FIXTURES, "fixtures");
});
