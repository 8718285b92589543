/**
 * Connecting to Redis. A probe connection that does not retry comes first, so an unreachable or
 * refusing server gives a clear error within seconds instead of ioredis' endless reconnecting;
 * BullMQ's own connections come after it (they do reconnect, which a long sweep wants).
 */
import type { ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { CrosswayError } from "../util/errors.ts";
import type { QueueUrl } from "./url.ts";

/** How long the first connection may take before the URL is reported unreachable. */
export const CONNECT_TIMEOUT_MS = 3000;

/** Options for BullMQ's connections (workers block on Redis, so no per-request retry limit). */
export function bullConnection(url: QueueUrl): ConnectionOptions {
  return { ...url.options, maxRetriesPerRequest: null, connectTimeout: CONNECT_TIMEOUT_MS };
}

/** A connected client for our own commands (blobs), or a CrosswayError naming the redacted URL. */
export async function connectRedis(url: QueueUrl, field = "--queue"): Promise<Redis> {
  const client = new Redis({
    ...url.options,
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    // No reconnect during the probe: a wrong host or port fails at once.
    retryStrategy: () => null,
  });
  // ioredis also emits connection errors as events; the rejected connect() below reports them.
  const onError = () => {};
  client.on("error", onError);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new CrosswayError(`cannot reach Redis at ${url.display} (${reason}); is redis-server running there, and are the host, port, password and TLS (rediss://) right?`, { field, cause: err });
  }
  // From here on, reconnect as BullMQ's connections do.
  client.options.retryStrategy = (times: number) => Math.min(times * 200, 2000);
  return client;
}
