/**
 * A piscina worker pool that runs TypeScript worker files: when the worker file is .ts, each worker
 * thread starts with tsx's loader (`--import <tsx loader>`), resolved to an absolute URL so it works
 * from bin/crossway.js, from vitest and from any working directory.
 */
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Piscina } from "piscina";

const require = createRequire(import.meta.url);

export function tsxLoaderUrl(): string {
  return pathToFileURL(require.resolve("tsx")).href;
}

export interface Pool<TTask, TResult> {
  readonly threads: number;
  run(task: TTask): Promise<TResult>;
  /** Wait for running tasks, then stop the threads. */
  close(): Promise<void>;
  /** Stop the threads now; running tasks are abandoned (their promises reject). */
  destroy(): Promise<void>;
}

export function createPool<TTask, TResult>(workerFile: URL, threads: number, workerData: unknown): Pool<TTask, TResult> {
  const filename = fileURLToPath(workerFile);
  const execArgv = filename.endsWith(".ts") ? ["--import", tsxLoaderUrl()] : [];
  const piscina = new Piscina({
    filename: workerFile.href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    execArgv,
    workerData,
    // Scenarios are long tasks: one at a time per thread keeps the queue (and an interrupt) in our hands.
    concurrentTasksPerWorker: 1,
  });
  return {
    threads,
    run: (task) => piscina.run(task) as Promise<TResult>,
    close: () => piscina.close(),
    destroy: () => piscina.destroy(),
  };
}
