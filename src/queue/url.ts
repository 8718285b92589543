/**
 * The --queue URL: redis://[[user]:password@]host[:port][/db] or rediss:// (TLS). Parsed into
 * ioredis options, and redacted (password replaced by ***) for every message and log line, so a
 * password given on the command line never reaches a terminal, a log file or CI output.
 */
import { CrosswayError } from "../util/errors.ts";

/** Where and how to connect: the subset of ioredis' options that a URL gives. */
export interface ServerOptions {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: { servername: string };
}

export interface QueueUrl {
  /** Connection options for ioredis (and BullMQ, which passes them on). */
  options: ServerOptions;
  /** The URL with the password replaced by ***: safe to print. */
  display: string;
}

export function redactUrl(raw: string): string {
  return raw.replace(/^(rediss?:\/\/)([^@/]*)@/i, (_m, scheme: string, auth: string) => {
    const colon = auth.indexOf(":");
    return colon < 0 ? `${scheme}***@` : `${scheme}${auth.slice(0, colon)}:***@`;
  });
}

export function parseQueueUrl(raw: string, field = "--queue"): QueueUrl {
  const display = redactUrl(raw);
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new CrosswayError(`'${display}' is not a URL; expected redis://HOST:PORT[/DB] (or rediss:// for TLS)`, { field });
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") {
    throw new CrosswayError(`'${display}' has scheme '${u.protocol}'; expected redis://HOST:PORT[/DB] (or rediss:// for TLS)`, { field });
  }
  if (!u.hostname) throw new CrosswayError(`'${display}' has no host; expected redis://HOST:PORT[/DB]`, { field });
  const port = u.port === "" ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, "");
  if (!/^\d*$/.test(dbText)) {
    throw new CrosswayError(`'${display}': the database '${dbText}' must be a whole number >= 0 (redis://HOST:PORT/DB)`, { field });
  }
  const db = dbText === "" ? 0 : Number(dbText);
  if (u.search || u.hash)
    throw new CrosswayError(`'${display}': query strings and fragments are not understood; expected redis://HOST:PORT[/DB]`, { field });
  const options: ServerOptions = {
    host: u.hostname.replace(/^\[(.*)\]$/, "$1"),
    port,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === "rediss:" ? { tls: { servername: u.hostname } } : {}),
  };
  return { options, display };
}
