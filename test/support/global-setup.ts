/**
 * vitest global setup:
 * - every test file runs with TMPDIR set to one folder for this run, removed at the end, so that
 *   no test (nor a CLI it spawns) leaves crossway-* folders in the system's temp folder;
 * - one line per optional Debian package that is missing, saying which tests skip and why.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OPTIONAL_TOOLS } from "./tools.ts";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "crossway-test-"));
  const previous = process.env.TMPDIR;
  // Forked test workers inherit the environment of this process.
  process.env.TMPDIR = root;
  for (const set of OPTIONAL_TOOLS) {
    if (!set.available) {
      console.log(`skipping the tests that need ${set.missing.join(", ")}: not installed (Debian package ${set.pkg}; .ci/run installs it)`);
    }
  }
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
