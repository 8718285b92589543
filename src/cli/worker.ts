/**
 * `crossway worker --queue redis://HOST:PORT[/DB] [--concurrency N]`: evaluate the scenarios that
 * `crossway sweep --queue` enqueues, on this machine, until stopped (Ctrl-C or SIGTERM finish the
 * running jobs first). Run it on as many machines as you like.
 */
import type { Command } from "commander";
import { CrosswayError } from "../util/errors.ts";

export function register(program: Command): void {
  program
    .command("worker")
    .description("take scenario jobs from a Redis queue (see `crossway sweep --queue`) and evaluate them, until stopped")
    .requiredOption("--queue <url>", "Redis URL: redis://[:PASSWORD@]HOST:PORT[/DB], or rediss:// for TLS")
    .option("--concurrency <n>", "scenarios evaluated at once (one thread each)", "1")
    .option("--cache <dir>", "where fetched inputs are kept (default $CROSSWAY_CACHE or ~/.cache/crossway/blobs)")
    .option("--quiet", "print only errors")
    .action(async (o: { queue: string; concurrency: string; cache?: string; quiet?: boolean }) => {
      const concurrency = Number(o.concurrency);
      if (!(Number.isInteger(concurrency) && concurrency >= 1))
        throw new CrosswayError(`--concurrency must be a whole number >= 1, got '${o.concurrency}'`);
      const { parseQueueUrl } = await import("../queue/url.ts");
      const url = parseQueueUrl(o.queue);
      const { startWorker } = await import("../queue/worker.ts");
      const { ENGINE_VERSION } = await import("../scenario/study.ts");
      const log = o.quiet ? undefined : (line: string) => process.stderr.write(`worker: ${line}\n`);
      const w = await startWorker(url, { concurrency, cacheDir: o.cache, log });
      log?.(`connected to ${url.display}; concurrency ${concurrency}, engine ${ENGINE_VERSION}; Ctrl-C to stop`);
      const stop = () => {
        log?.("stopping: finishing the running jobs");
        void w.close();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      await w.done;
    });
}
