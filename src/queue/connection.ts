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
  // ioredis emits the socket's error (ECONNREFUSED, ENOTFOUND) as an event and rejects the probe
  // with a vaguer one ("Connection is closed"): keep the first for the message.
  let socketError: NodeJS.ErrnoException | undefined;
  client.on("error", (e: NodeJS.ErrnoException) => (socketError ??= e));
  const probe = (async () => {
    await client.connect();
    await client.ping();
  })();
  probe.catch(() => {}); // after a timeout, its own rejection is of no interest
  let timer: NodeJS.Timeout | undefined;
  // A server that accepts the connection but never answers (another service, TLS on one side only)
  // would hang the ping: the whole probe is bounded.
  const timeout = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe, timeout]);
  } catch (err) {
    client.disconnect();
    const cause = socketError ?? (err as NodeJS.ErrnoException);
    const reason = cause.code ?? cause.message ?? String(err);
    throw new CrosswayError(
      `cannot reach Redis at ${url.display} (${reason}); is redis-server running there, and are the host, port, password and TLS (rediss://) right?`,
      { field, cause: err },
    );
  } finally {
    clearTimeout(timer);
  }
  // From here on, reconnect as BullMQ's connections do.
  client.options.retryStrategy = (times: number) => Math.min(times * 200, 2000);
  return client;
}
