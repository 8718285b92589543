/**
 * An output folder for a command that fills one (run, sweep): checked (output-location.ts), locked
 * for the length of the command (output-lock.ts), and its manifest kept (output-manifest.ts).
 *
 *   const folder = openOutputFolder(dir, { option: "--out", command: "run demo.yaml", keep: ["scenarios"] });
 *   try { ...write...; notes.push(...folder.close({ complete: true })); } catch (e) { folder.close({ complete: false }); throw e; }
 *
 * close({ complete: true }) removes what the previous manifest owned and this run neither wrote nor
 * kept (`kept`: files of an earlier run it checked and still stands behind, such as reused grids);
 * an incomplete run (interrupted, failed) removes nothing and records the union, so the next complete
 * run still cleans up after both.
 */
import { statSync } from "node:fs";
import { ensureOutputDir, type OutputLocation, removeIfEmpty } from "./output-location.ts";
import { LOCK_FILE, lockOutputDir, type OutputLock } from "./output-lock.ts";
import { filesWrittenSince, type Manifest, MANIFEST_FILE, pruneOutputs, readManifest, writeManifest } from "./output-manifest.ts";

export interface OutputFolderOptions {
  /** The option the folder came from, for messages. */
  option: string;
  /** Shown to another process that finds the folder locked, and stored in the manifest. */
  command: string;
  /** Top-level entries the command owns apart from the manifest (a result store): never listed, never removed. */
  keep?: readonly string[];
}

export interface OutputFolder {
  dir: string;
  /** The manifest of the previous run into this folder, if any. */
  previous: Manifest | null;
  /**
   * Record what this run wrote, prune when complete, release the lock. Returns the notes for the user
   * (how many files of an earlier run were removed). Safe to call once; later calls do nothing.
   */
  close(result: { complete: boolean; owners?: Record<string, string>; kept?: readonly string[] }): string[];
}

export function openOutputFolder(dir: string, opts: OutputFolderOptions): OutputFolder {
  const loc: OutputLocation = ensureOutputDir(dir, opts.option);
  let lock: OutputLock;
  try {
    lock = lockOutputDir(loc.dir, { option: opts.option, command: opts.command });
  } catch (err) {
    removeIfEmpty(loc);
    throw err;
  }
  // The lock file's own time stamp marks the start, so "written since" compares file-system times only.
  const since = statSync(lock.path).mtimeMs;
  const previous = readManifest(loc.dir);
  const skip = [...(opts.keep ?? []), MANIFEST_FILE, LOCK_FILE, `${LOCK_FILE}.takeover`];
  let closed = false;
  return {
    dir: loc.dir,
    previous,
    close({ complete, owners, kept = [] }) {
      if (closed) return [];
      closed = true;
      try {
        // What this run produced: what it wrote, and what it checked and kept from before (reused grids).
        const now = [...new Set([...filesWrittenSince(loc.dir, since, skip), ...kept])].sort();
        if (now.length === 0 && previous === null) {
          // Nothing written (bad input found before any output): leave no trace, not even the folder.
          lock.release();
          removeIfEmpty(loc);
          return [];
        }
        const notes: string[] = [];
        let files = now;
        if (complete && previous) {
          const removed = pruneOutputs(loc.dir, previous.files, now, skip);
          if (removed.length) {
            const shown = removed.slice(0, 3).join(", ");
            notes.push(
              `removed ${removed.length} file(s) of an earlier run in ${dir} that this run no longer produces (${shown}${removed.length > 3 ? ", ..." : ""})`,
            );
          }
        } else if (previous) {
          files = [...new Set([...previous.files, ...now])].sort();
        }
        writeManifest(loc.dir, {
          command: opts.command,
          finished: new Date().toISOString(),
          files,
          owners: complete ? owners : { ...previous?.owners, ...owners },
        });
        return notes;
      } finally {
        lock.release();
      }
    },
  };
}
