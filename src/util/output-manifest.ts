/**
 * What a command wrote into its output folder: DIR/.crossway-manifest.json lists every file of the
 * last run (paths relative to DIR). A rerun into the same folder removes the files the previous
 * manifest owns and this run did not produce (the grids and maps of a renamed or dropped scenario, the
 * report of a run now made with --no-maps), so the folder never mixes two runs. Files the manifest
 * does not list (the user's own, a result store) are never touched.
 *
 * Which files a run wrote is read from the file system: every file under DIR modified since the run
 * took the folder's lock. The lock guarantees that no other crossway wrote there in the meantime,
 * and the renderer and the grid writers need not report each file they make.
 */
import { readFileSync, readdirSync, rmdirSync, statSync, unlinkSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { writeFileAtomicSync } from "./atomic.ts";

export const MANIFEST_FILE = ".crossway-manifest.json";

export interface Manifest {
  command: string;
  finished: string;
  /** Paths relative to the folder, with "/" separators, sorted. */
  files: string[];
  /** Per-command bookkeeping (a run: which scenario each name's grids were computed for). */
  owners?: Record<string, string>;
}

/** The folder's manifest, or null when there is none (or it is not one of ours). */
export function readManifest(dir: string): Manifest | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8")) as Manifest;
    return Array.isArray(m.files) && m.files.every((f) => typeof f === "string") ? m : null;
  } catch {
    return null;
  }
}

export function writeManifest(dir: string, m: Manifest): void {
  writeFileAtomicSync(join(dir, MANIFEST_FILE), `${JSON.stringify(m, null, 1)}\n`);
}

/**
 * Files under `dir` modified at or after `sinceMs` (a file-system time, e.g. the lock file's mtime),
 * relative and "/"-separated, skipping the top-level entries in `skip`.
 */
export function filesWrittenSince(dir: string, sinceMs: number, skip: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (d === dir && skip.includes(e.name)) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && statSync(p).mtimeMs >= sinceMs) out.push(relative(dir, p).split(sep).join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Remove the files of `previous` that are not in `now`; returns them. Only plain relative paths inside
 * the folder and outside the `skip` entries are removed (a manifest edited by hand cannot reach the
 * result store or outside the folder), and folders left empty by the removal (maps/, grids/) go too.
 */
export function pruneOutputs(dir: string, previous: readonly string[], now: readonly string[], skip: readonly string[] = []): string[] {
  const keep = new Set(now);
  const removed: string[] = [];
  for (const f of previous) {
    const parts = f.split("/");
    if (keep.has(f) || skip.includes(parts[0]) || parts.some((part) => part === ".." || part === "." || part === "")) continue;
    const p = join(dir, ...f.split("/"));
    try {
      unlinkSync(p);
      removed.push(f);
    } catch {
      continue; // already gone
    }
    for (let d = dirname(p); d !== dir && d.startsWith(dir + sep); d = dirname(d)) {
      try {
        rmdirSync(d);
      } catch {
        break; // not empty
      }
    }
  }
  return removed;
}
