#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=131072 node
// Entry point.
//
// The shebang fixes glibc's mmap threshold at its default (128 KiB). Left to itself, glibc raises the
// threshold to the size of every large block freed (up to 32 MiB), after which the solver's n-vectors
// and the AMG setup's transient arrays come from the heap and their freed space stays in the process:
// 45-70 MB more at 1000 x 1000 cells (bench/README.md). Fixed, each large typed array is its own mapping,
// returned to the system when collected. `node bin/crossway.js` skips the shebang (same results, more memory).
//
// Runs the compiled CLI in dist/ (built by `npm run build`, which `npm ci` runs through
// "prepare") when it is at least as new as every source file; otherwise - a source edited since the
// last build, no build yet, or CROSSWAY_FROM_SOURCE=1 - the TypeScript sources through tsx. The compiled
// CLI starts faster and needs about 35 MB less per thread (no transpiler in memory).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function distIsFresh() {
  if (process.env.CROSSWAY_FROM_SOURCE === "1") return false;
  let built;
  try {
    built = statSync(join(root, "dist", "BUILT")).mtimeMs;
  } catch {
    return false;
  }
  const stack = [join(root, "src")];
  try {
    while (stack.length > 0) {
      const dir = stack.pop();
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) stack.push(p);
        else if (statSync(p).mtimeMs > built) return false;
      }
    }
  } catch {
    // no sources beside the build (an installed package): the build is all there is
  }
  return true;
}

// An error nothing caught (a rejected promise no one awaited, a throw in a callback) is still one line
// for the user, as main() does for the errors it sees; CROSSWAY_DEBUG=1 keeps Node's stack trace.
if (!process.env.CROSSWAY_DEBUG) {
  const oneLine = (err) => {
    const msg = err instanceof Error ? err.message || err.name : String(err);
    process.stderr.write(
      `crossway: error: ${msg.replace(/\s*\n\s*/g, " ").trim() || "unknown error"} (set CROSSWAY_DEBUG=1 to see where it happened)\n`,
    );
    process.exit(1);
  };
  process.on("uncaughtException", oneLine);
  process.on("unhandledRejection", oneLine);
}

let main;
if (distIsFresh()) {
  ({ main } = await import("../dist/cli/main.js"));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli/main.ts"));
}
process.exitCode = await main(process.argv);
