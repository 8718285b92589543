/**
 * URL of a sibling module given by its source name ("./worker.ts"): the same name when this code runs
 * from the TypeScript sources (tsx, vitest), the compiled ".js" when it runs from dist/ (tsc rewrites
 * import specifiers, but not the URLs handed to worker threads).
 */
export function moduleUrl(sourceName: string, base: string): URL {
  return new URL(isCompiled(base) ? sourceName.replace(/\.ts$/, ".js") : sourceName, base);
}

/** True when the module at `base` runs compiled (from dist/). */
export function isCompiled(base: string): boolean {
  return base.endsWith(".js");
}
