// Entry of a solveTiedPairs worker thread from the sources (see column-worker.cjs: tsx's in-thread
// CommonJS hook, since `--import tsx` does not reach a raw worker on Node 20).
require("tsx/cjs/api").register();
require("./tied-worker.ts");
