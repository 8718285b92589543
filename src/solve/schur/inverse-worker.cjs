// Entry of an spdInversePair worker thread (inverse-pair.ts) when running from the TypeScript
// sources: see src/solve/column-worker.cjs for why a CommonJS shim.
require("tsx/cjs/api").register();
require("./inverse-worker.ts");
