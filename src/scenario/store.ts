/**
 * One JSON file per finished scenario under DIR/scenarios/<key>.json, written atomically (temp file
 * + rename): a result is either complete on disk or absent, so an interrupted run leaves nothing
 * half-written and a rerun knows exactly what is done.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic.ts";

export class ResultStore {
  readonly dir: string;
  constructor(outDir: string) {
    this.dir = join(outDir, "scenarios");
  }
  path(key: string): string {
    return join(this.dir, `${key}.json`);
  }
  has(key: string): boolean {
    return existsSync(this.path(key));
  }
  get<T>(key: string): T | undefined {
    if (!this.has(key)) return undefined;
    return JSON.parse(readFileSync(this.path(key), "utf8")) as T;
  }
  async put(key: string, value: unknown): Promise<void> {
    await writeFileAtomic(this.path(key), `${JSON.stringify(value)}\n`);
  }
  keys(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => /^[0-9a-f]{64}\.json$/.test(f))
      .map((f) => f.slice(0, 64));
  }
}
