/**
 * How many scenarios may run side by side in this machine's memory. Each scenario builds its own
 * graph, solver and voltage columns (src/circuit/memory.ts estimates them), and every worker checks
 * only its own needs against what is free when it starts: two workers starting together would each
 * see the whole machine free. So the pool is sized here, before any worker starts, and a landscape
 * too large for even one scenario stops with the estimate instead of failing scenario by scenario.
 */
import { availableMemory, checkMemory, circuitBytes, gb, nodeBound } from "../circuit/memory.ts";
import type { Study } from "./study.ts";

export interface WorkerFit {
  /** Workers to start (at least 1 when any were asked for; 0 stays 0: inline). */
  workers: number;
  /** Estimated peak bytes of one scenario. */
  perScenario: number;
  /** Set when fewer workers than asked for will run: a line for the user. */
  note?: string;
}

/**
 * @param requested workers asked for (0: inline, one scenario at a time, on the engine's threads)
 * @param limit bytes the run may use (default: what this machine has available; Infinity: no check)
 */
export function workersThatFit(study: Study, requested: number, limit?: number): WorkerFit {
  const t = study.landscape.template;
  const cells = t.width * t.height;
  const k = new Set(study.landscape.cores.map((c) => c.id)).size;
  const nodes = nodeBound(study.landscape.land);
  // With a mortality block the scenario then solves the absorbing walk on a graph of its own (after the
  // pairwise solves, whose graph is garbage by then): a Green column and a deaths vector per core, and
  // the q grid - 2k + 2 node vectors where pairwise holds its k - 1 voltage columns.
  const columns = study.config.mortality ? Math.max(k - 1, 2 * k + 2) : Math.max(0, k - 1);
  // One scenario at a time may use a second solver thread; side by side each uses one.
  const alone = circuitBytes(cells, nodes, columns, 1);
  const sideBySide = circuitBytes(cells, nodes, columns, 0);
  if (limit === Infinity) return { workers: requested, perScenario: requested > 1 ? sideBySide : alone };
  checkMemory(alone, cells, `a scenario (pairwise among ${k} core areas)`, limit);
  // Workers are new isolates: what this process already holds (the study's grids) is not theirs.
  const available = limit ?? Math.max(0, availableMemory().bytes - process.memoryUsage().rss);
  if (requested <= 1 || requested * sideBySide <= available) return { workers: requested, perScenario: requested > 1 ? sideBySide : alone };
  const workers = Math.max(1, Math.floor(available / sideBySide));
  return {
    workers,
    perScenario: sideBySide,
    note: `each scenario needs about ${gb(sideBySide)} of memory and ${gb(available)} is available: running ${workers} worker${workers > 1 ? "s" : ""} instead of ${requested}`,
  };
}
