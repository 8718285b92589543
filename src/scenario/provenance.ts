/**
 * What made a result: crossway's version (package.json), the scenario engine version that keys the
 * stored results, the Node version and the time the tables were written. results.json and the report
 * both carry it, so a number can be traced to the code that computed it.
 */
import { readFileSync } from "node:fs";
import { ENGINE_VERSION } from "./study.ts";

export interface Provenance {
  crossway: string;
  engine: string;
  node: string;
  /** ISO 8601, UTC. */
  date: string;
}

/** crossway's version from package.json: two folders up from src/scenario or dist/scenario. */
export function crosswayVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

export function provenance(now: Date = new Date()): Provenance {
  return { crossway: crosswayVersion(), engine: ENGINE_VERSION, node: process.version, date: now.toISOString() };
}
