/**
 * One crossway at a time per output folder. Two runs into the same folder would otherwise both
 * succeed and leave a mix of their files (tables from one, grids and maps from the other).
 *
 * The lock is the file DIR/.crossway.lock, created with O_EXCL (open "wx": exactly one process can
 * create it), holding the owner's pid, host, start time and command. It is removed when the command
 * ends, also on an error or Ctrl-C (an exit handler). A process killed outright leaves it behind:
 * a lock whose pid no longer runs on this host is stale, and the next command takes it over and says
 * so. A lock from another host cannot be checked (the folder may be on a shared disk), so it is
 * treated as live; the message says which file to delete when that host's process is known to be gone.
 *
 * Taking over a stale lock goes through a second O_EXCL file (DIR/.crossway.lock.takeover), so that
 * two processes finding the same stale lock cannot both remove it and each believe it holds the new one.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { CrosswayError } from "./errors.ts";

export const LOCK_FILE = ".crossway.lock";

export interface LockInfo {
  pid: number;
  host: string;
  /** ISO time the owner took the lock. */
  started: string;
  command: string;
}

export interface OutputLock {
  path: string;
  info: LockInfo;
  /** Remove the lock (only if it is still this process's own). Safe to call twice. */
  release(): void;
}

export interface LockOptions {
  /** Where the folder came from, for messages (`--out`). */
  option: string;
  /** What this process is doing, stored in the lock for the other process's message. */
  command: string;
  /** Told when a stale lock is taken over (default: a line on stderr). */
  note?: (msg: string) => void;
}

/** A takeover file older than this is left over from a process that died in the middle of one. */
const TAKEOVER_STALE_MS = 10_000;

const errno = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The lock's contents; null when unreadable. A lock just created may not be written yet: read again briefly. */
function readLock(path: string): LockInfo | null | "gone" {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const v = JSON.parse(readFileSync(path, "utf8")) as LockInfo;
      if (Number.isInteger(v.pid) && typeof v.host === "string") return v;
    } catch (err) {
      if (errno(err) === "ENOENT") return "gone";
    }
    sleepSync(40);
  }
  return null;
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errno(err) === "EPERM";
  }
}

const describe = (o: LockInfo) => `pid ${o.pid} on ${o.host}, started ${o.started}${o.command ? `: crossway ${o.command}` : ""}`;

/** Take the lock of `dir` (which must exist), or throw a CrosswayError naming the process that holds it. */
export function lockOutputDir(dir: string, opts: LockOptions): OutputLock {
  const path = join(dir, LOCK_FILE);
  const note = opts.note ?? ((m: string) => process.stderr.write(`crossway: note: ${m}\n`));
  const info: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command: opts.command };
  const body = `${JSON.stringify(info)}\n`;
  const inUse = (o: LockInfo) =>
    new CrosswayError(
      `${opts.option} ${dir}: the folder is in use by another crossway (${describe(o)}); wait for it to finish or choose another folder` +
        (o.host !== info.host ? ` (if that process has ended, delete ${path})` : ""),
    );
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (err) {
      if (errno(err) !== "EEXIST")
        throw new CrosswayError(`${opts.option} ${dir}: cannot create the lock file ${path}: ${errno(err) ?? String(err)}`);
      const other = readLock(path);
      if (other === "gone") continue; // released between our open and our read: try again
      if (other === null)
        throw new CrosswayError(
          `${opts.option} ${dir}: the lock file ${path} exists but cannot be read; delete it if no crossway is writing into this folder`,
        );
      if (other.host !== info.host || other.pid === process.pid || running(other.pid)) throw inUse(other);
      takeOver(path, other);
      note(
        `${dir}: took over the lock left by crossway pid ${other.pid} (started ${other.started}), which is no longer running; files it was writing may be incomplete and are replaced by this run`,
      );
      continue;
    }
    try {
      writeSync(fd, body);
    } finally {
      closeSync(fd);
    }
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      process.off("exit", release);
      try {
        // Remove it only if it is still ours (a takeover after a long stall must not be undone).
        if (readFileSync(path, "utf8") === body) unlinkSync(path);
      } catch {
        // already gone
      }
    };
    process.on("exit", release);
    return { path, info, release };
  }
  throw new CrosswayError(`${opts.option} ${dir}: could not take the lock ${path}: other crossway processes keep taking it; try again`);
}

/** Remove a stale lock, under the takeover file so that only one process removes it. */
function takeOver(path: string, stale: LockInfo): void {
  const guard = `${path}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, "wx");
  } catch (err) {
    if (errno(err) !== "EEXIST") throw err;
    try {
      if (Date.now() - statSync(guard).mtimeMs > TAKEOVER_STALE_MS) unlinkSync(guard);
    } catch {
      // removed by its owner meanwhile
    }
    // Someone else is taking it over right now: give them a moment; the caller then finds their lock.
    sleepSync(100);
    return;
  }
  closeSync(fd);
  try {
    const now = readLock(path);
    // Still the same stale lock (not one a faster process has just created)?
    if (now !== "gone" && now !== null && now.pid === stale.pid && now.started === stale.started) unlinkSync(path);
  } finally {
    unlinkSync(guard);
  }
}
