// The output-folder helpers on their own: the lock's rules (own process, other host, stale, unreadable),
// the manifest's pruning guards, and the location check's clean-up. The commands are tested end to end
// in test/cli/output-*.test.ts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureOutputDir, removeIfEmpty } from "../../src/util/output-location.ts";
import { LOCK_FILE, lockOutputDir } from "../../src/util/output-lock.ts";
import { filesWrittenSince, pruneOutputs } from "../../src/util/output-manifest.ts";

const root = mkdtempSync(join(tmpdir(), "crossway-oututil-"));
const fresh = (name: string) => {
  const d = join(root, name);
  mkdirSync(d, { recursive: true });
  return d;
};
const opts = { option: "--out", command: "run test.yaml" };

describe("lockOutputDir", () => {
  it("writes pid, host, start and command; refuses a second taker in the same process; release removes it", () => {
    const dir = fresh("own");
    const lock = lockOutputDir(dir, opts);
    const info = JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8"));
    expect(info).toMatchObject({ pid: process.pid, host: hostname(), command: "run test.yaml" });
    expect(Number.isNaN(Date.parse(info.started))).toBe(false);
    expect(() => lockOutputDir(dir, opts)).toThrow(new RegExp(`in use by another crossway \\(pid ${process.pid} on `));
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockOutputDir(dir, opts).release();
  });

  it("treats a lock from another host as live and says which file to delete", () => {
    const dir = fresh("foreign");
    writeFileSync(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: 1, host: "elsewhere", started: "2026-01-01T00:00:00.000Z", command: "sweep s.yaml" }),
    );
    expect(() => lockOutputDir(dir, opts)).toThrow(
      `(pid 1 on elsewhere, started 2026-01-01T00:00:00.000Z: crossway sweep s.yaml); wait for it to finish or choose another folder (if that process has ended, delete ${join(dir, LOCK_FILE)})`,
    );
  });

  it("takes over a lock whose pid has ended, once, with a note", () => {
    const dir = fresh("stale");
    const pid = spawnSync(process.execPath, ["-e", ""]).pid!;
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), started: "x", command: "run a.yaml" }));
    const notes: string[] = [];
    const lock = lockOutputDir(dir, { ...opts, note: (m) => notes.push(m) });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`took over the lock left by crossway pid ${pid}`);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    expect(existsSync(join(dir, `${LOCK_FILE}.takeover`))).toBe(false);
    lock.release();
  });

  it("does not remove a lock it no longer owns", () => {
    const dir = fresh("replaced");
    const lock = lockOutputDir(dir, opts);
    const other = JSON.stringify({ pid: 1, host: "elsewhere", started: "y", command: "" });
    writeFileSync(join(dir, LOCK_FILE), other);
    lock.release();
    expect(readFileSync(join(dir, LOCK_FILE), "utf8")).toBe(other);
  });

  it("an unreadable lock is an error naming the file", () => {
    const dir = fresh("garbled");
    writeFileSync(join(dir, LOCK_FILE), "{not json");
    expect(() => lockOutputDir(dir, opts)).toThrow(`the lock file ${join(dir, LOCK_FILE)} exists but cannot be read`);
  });
});

describe("the manifest's files", () => {
  it("lists files written since a time, skipping the store; prunes only plain paths outside the store, and emptied folders", () => {
    const dir = fresh("manifest");
    for (const f of ["old.csv", "grids/a.tif", "grids/b.tif", "scenarios/k.json", "keep.txt"]) {
      mkdirSync(join(dir, f, ".."), { recursive: true });
      writeFileSync(join(dir, f), f);
    }
    const past = new Date(Date.now() - 60_000);
    for (const f of ["old.csv", "grids/a.tif", "scenarios/k.json", "keep.txt"]) utimesSync(join(dir, f), past, past);
    expect(filesWrittenSince(dir, Date.now() - 30_000, ["scenarios"])).toEqual(["grids/b.tif"]);
    writeFileSync(join(root, "outside.txt"), "x");
    const removed = pruneOutputs(
      dir,
      ["old.csv", "grids/a.tif", "grids/b.tif", "scenarios/k.json", "../outside.txt", "missing.png"],
      ["grids/b.tif"],
      ["scenarios"],
    );
    expect(removed).toEqual(["old.csv", "grids/a.tif"]);
    expect(existsSync(join(dir, "scenarios/k.json"))).toBe(true);
    expect(existsSync(join(root, "outside.txt"))).toBe(true);
    expect(existsSync(join(dir, "keep.txt"))).toBe(true);
    expect(existsSync(join(dir, "grids/b.tif"))).toBe(true);
    pruneOutputs(dir, ["grids/b.tif"], []);
    expect(existsSync(join(dir, "grids"))).toBe(false);
  });
});

describe("ensureOutputDir", () => {
  it("creates missing folders one level at a time and removes exactly those when they stay empty", () => {
    const base = fresh("loc");
    const loc = ensureOutputDir(join(base, "a/b/c"), "--out");
    expect(loc.created).toEqual([join(base, "a"), join(base, "a/b"), join(base, "a/b/c")]);
    removeIfEmpty(loc);
    expect(existsSync(join(base, "a"))).toBe(false);
    expect(existsSync(base)).toBe(true);
    const again = ensureOutputDir(join(base, "x/y"), "--out");
    writeFileSync(join(base, "x/y/result.csv"), "1\n");
    removeIfEmpty(again);
    expect(existsSync(join(base, "x/y/result.csv"))).toBe(true);
  });
});
