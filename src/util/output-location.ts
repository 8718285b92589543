/**
 * Check an output location before any work is done: create the folder (and its parents), write and
 * remove a probe file, and fail at once with a message naming the option and the path. Without this
 * a bad --out was found only when the first file was written, after the computation, as a raw stack
 * trace; and Node's recursive mkdir spins at full CPU on a path it can never create (/proc/x/y).
 *
 * The folders are created one level at a time (never with `recursive: true`, for that reason). The
 * ones this check created are remembered, so a command that later fails on its input can remove them
 * again when they are still empty (`removeIfEmpty`): bad input leaves nothing behind.
 */
import { closeSync, mkdirSync, openSync, rmdirSync, statSync, unlinkSync, writeSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { CrosswayError } from "./errors.ts";

export interface OutputLocation {
  /** Absolute path of the folder the outputs go to. */
  dir: string;
  /** Folders this check created, outermost first. */
  created: string[];
}

/** Why an operation failed, in words, from a Node error code. */
function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "read-only file system";
    case "ENOSPC":
      return "no space left on the device";
    case "EDQUOT":
      return "disk quota exceeded";
    case "ENOENT":
      return "the file system does not allow it";
    case "ENAMETOOLONG":
      return "the name is too long";
    default:
      return code ?? (err instanceof Error ? err.message : String(err));
  }
}

const errno = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/**
 * Make sure `dir` is a folder this process can write in, creating it (and missing parents) when needed.
 * `option` names where the path came from (`--out`, `output_file in my.ini`) for the message.
 */
export function ensureOutputDir(dir: string, option: string, given: string = dir): OutputLocation {
  const abs = resolve(dir);
  const fail = (what: string): never => {
    throw new CrosswayError(`${option} ${given}: ${what}`);
  };
  // Walk up to the nearest path that exists; everything below it must be created.
  const missing: string[] = [];
  let d = abs;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(d).isDirectory();
    } catch (err) {
      const code = errno(err);
      // ENOTDIR: some ancestor is a file; keep walking up to find and name it.
      if (code !== "ENOENT" && code !== "ENOTDIR") fail(`cannot look up ${d}: ${reason(err)}`);
      const parent = dirname(d);
      if (parent === d) fail(`no part of the path exists`);
      missing.push(d);
      d = parent;
      continue;
    }
    if (!isDir)
      fail(d === resolve(given) ? `is a file, not a folder` : `${d} is a file, not a folder, so nothing can be written inside it`);
    break;
  }
  const created: string[] = [];
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
      created.push(m);
    } catch (err) {
      // Another process may have made it in the meantime; that is fine as long as it is a folder.
      if (errno(err) === "EEXIST" && statSync(m).isDirectory()) continue;
      removeIfEmpty({ dir: abs, created });
      fail(`cannot create the folder ${m}: ${reason(err)}`);
    }
  }
  // A folder can exist and still refuse files (permissions, read-only mounts, /proc): try one.
  const probe = `${abs}${sep}.crossway-probe-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  try {
    const fd = openSync(probe, "wx");
    try {
      writeSync(fd, "probe\n");
    } finally {
      closeSync(fd);
    }
    unlinkSync(probe);
  } catch (err) {
    try {
      unlinkSync(probe);
    } catch {
      // the probe was never created
    }
    removeIfEmpty({ dir: abs, created });
    fail(`cannot write in the folder ${abs}: ${reason(err)}`);
  }
  return { dir: abs, created };
}

/**
 * The folder of an output file (or of an output prefix such as `out/lc/run`): the same check as
 * ensureOutputDir, and the file itself must not be an existing folder.
 */
export function ensureOutputParent(file: string, option: string): OutputLocation {
  const abs = resolve(file);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    // missing (or below a file: ensureOutputDir names it)
  }
  if (isDir) throw new CrosswayError(`${option} ${file}: is a folder; expected a file name`);
  return ensureOutputDir(dirname(abs), option, file);
}

/** For an output prefix: `out/lc/run` writes into out/lc; `out/lc/` into out/lc itself. */
export function ensureOutputPrefix(prefix: string, option: string): OutputLocation {
  if (prefix.endsWith("/") || prefix.endsWith(sep)) return ensureOutputDir(prefix, option);
  // The prefix may itself be a folder's name (out/run beside a folder out/run/): the files go beside it.
  return ensureOutputDir(dirname(resolve(prefix)), option, prefix);
}

/** Remove the folders a check created, innermost first, as long as they are empty (best effort). */
export function removeIfEmpty(loc: OutputLocation): void {
  for (const d of [...loc.created].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (something was written after all) or already gone
    }
  }
}
