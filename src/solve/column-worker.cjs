// Entry of a solveUnitColumns worker thread (columns.ts). On Node 20, `--import tsx` in a worker's
// execArgv does not reach a raw worker_threads Worker (its ESM hooks never load the .ts file), while
// tsx's in-thread CommonJS hook does, and needs no help from the parent thread - which is blocked in
// Atomics.wait while the workers run.
require("tsx/cjs/api").register();
require("./column-worker.ts");
