/**
 * Circuitscape's side files for focal points:
 *  - included pairs, either a list ("mode include" or "mode exclude", then "id1 id2" lines) or a
 *    matrix ("min x", "max y", then a table whose first row and column are ids; a pair is included
 *    when min <= value <= max);
 *  - variable source strengths: "id strength" lines.
 */
import { readFileSync } from "node:fs";
import { CrosswayError } from "../util/errors.ts";

export interface IncludedPairs {
  /** "include" and "exclude" lists, or a min/max "matrix" (an include rule). */
  mode: "include" | "exclude" | "matrix";
  /**
   * Every focal id the file names. Circuitscape drops the other ids from the run, except in pairwise
   * mode with an exclude list (Circuitscape.jl's generate_exclude_pairs keeps them).
   */
  ids: number[];
  include(a: number, b: number): boolean;
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new CrosswayError(`cannot read: ${(err as Error).message}`, { file: path, cause: err });
  }
}

function numbers(line: string, path: string, ln: number): number[] {
  const parts = line
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  if (parts.some((x) => !Number.isFinite(x))) throw new CrosswayError(`line ${ln}: expected numbers, got "${line.trim()}"`, { file: path });
  return parts;
}

export function readIncludedPairs(path: string): IncludedPairs {
  const lines = readText(path)
    .split(/\r?\n/)
    .map((l) => l.trim());
  const body = lines.map((l, i) => [l, i + 1] as const).filter(([l]) => l !== "");
  if (body.length === 0) throw new CrosswayError(`empty included-pairs file`, { file: path });
  const head = body[0][0].toLowerCase().split(/\s+/);
  const key = (a: number, b: number) => (a < b ? `${a} ${b}` : `${b} ${a}`);
  if (head[0] === "mode") {
    const mode = head[1];
    if (mode !== "include" && mode !== "exclude")
      throw new CrosswayError(`line ${body[0][1]}: mode must be include or exclude, got "${head[1] ?? ""}"`, { file: path });
    const pairs = new Set<string>();
    const ids = new Set<number>();
    for (const [l, ln] of body.slice(1)) {
      const p = numbers(l, path, ln);
      if (p.length !== 2) throw new CrosswayError(`line ${ln}: expected two focal ids, got "${l}"`, { file: path });
      for (const id of p) if (id !== 0) ids.add(id);
      pairs.add(key(p[0], p[1]));
    }
    const listed = (a: number, b: number) => pairs.has(key(a, b));
    return { mode, ids: [...ids].sort((a, b) => a - b), include: mode === "include" ? listed : (a, b) => !listed(a, b) };
  }
  if (head[0] === "min" && body.length >= 3 && body[1][0].toLowerCase().startsWith("max")) {
    const min = Number(head[1]);
    const max = Number(body[1][0].split(/\s+/)[1]);
    if (!Number.isFinite(min) || !Number.isFinite(max)) throw new CrosswayError(`min and max must be numbers`, { file: path });
    const rows = body.slice(2).map(([l, ln]) => numbers(l, path, ln));
    const colIds = rows[0].slice(1);
    const included = new Set<string>();
    const ids = new Set<number>(colIds);
    for (const r of rows.slice(1)) {
      const a = r[0];
      ids.add(a);
      for (let j = 1; j < r.length && j - 1 < colIds.length; j++) {
        let v = r[j];
        if (v > max) v = 0; // Circuitscape's rule: above max counts as 0
        if (v >= min) included.add(key(a, colIds[j - 1]));
      }
    }
    return { mode: "matrix", ids: [...ids].sort((a, b) => a - b), include: (a, b) => included.has(key(a, b)) };
  }
  throw new CrosswayError(`unrecognised included-pairs file: the first line must be "mode include|exclude" or "min <value>"`, {
    file: path,
  });
}

export function readStrengths(path: string): Map<number, number> {
  const out = new Map<number, number>();
  readText(path)
    .split(/\r?\n/)
    .forEach((l, i) => {
      if (l.trim() === "") return;
      const p = numbers(l, path, i + 1);
      if (p.length < 2) throw new CrosswayError(`line ${i + 1}: expected "id strength"`, { file: path });
      out.set(p[0], p[1]);
    });
  return out;
}
