/**
 * Circuitscape's output files (Circuitscape.jl's out.jl): voltage and current maps per solve, the
 * cumulative and maximum current maps, resistance tables; names are the output prefix plus
 * Circuitscape's suffixes, maps are .asc (.asc.gz with compress_grids), and also .tif when the habitat
 * was a GeoTIFF. Every file is written atomically; the output folder is created by the first write.
 */
import type { Grid } from "../../grid/grid.ts";
import type { CircuitGraph } from "../../graph/circuit-graph.ts";
import { writeFileAtomic } from "../../util/atomic.ts";
import { CrosswayError } from "../../util/errors.ts";
import { writeAscFile, writeTiffFile } from "../grid-files.ts";
import type { OutFlags } from "./settings.ts";

/** Number format of the .out tables: integers plain, others with 10 significant digits. */
export function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const s = x.toPrecision(10);
  return s.includes("e") ? s.replace(/\.?0+e/, "e") : s.replace(/\.?0+$/, "");
}

export class OutputWriter {
  written: string[] = [];
  cum: Float64Array | null = null;
  max: Float64Array | null = null;
  private readonly nodata: number;
  constructor(
    private prefix: string,
    private like: Grid,
    private tiffToo: boolean,
    private flags: OutFlags,
    private warn: (m: string) => void,
  ) {
    this.nodata = Number.isFinite(like.nodata) ? like.nodata : -9999;
    // The output folder is created by the first write (after every input has been read and checked).
  }

  /** Cell map of a per node vector: on-graph cells take their node's value (0 when NaN), others 0. */
  private toCells(graph: CircuitGraph, perNode: Float64Array): Float64Array {
    const out = new Float64Array(graph.width * graph.height);
    const map = graph.nodeOfCell;
    for (let i = 0; i < out.length; i++) {
      const u = map[i];
      if (u >= 0) {
        const x = perNode[u];
        out[i] = x === x ? x : 0;
      }
    }
    return out;
  }

  async voltMap(name: string, graph: CircuitGraph, volt: Float64Array): Promise<void> {
    const m = this.toCells(graph, volt);
    if (this.flags.nullVolt) {
      const c = graph.cellConductance;
      for (let i = 0; i < m.length; i++) if (c[i] === 0) m[i] = this.nodata;
    }
    await this.grid(`_voltmap${name}`, m);
  }

  /**
   * Current map of one solve: processed (log, null-to-nodata) as Circuitscape does BEFORE it is
   * added to the cumulative and maximum maps. `write` false: accumulate only.
   */
  async curMap(
    name: string,
    graph: CircuitGraph,
    cur: Float64Array,
    zeroNodes: number[],
    write = true,
    rawCum = false,
    force = false,
  ): Promise<void> {
    if (zeroNodes.length > 0) {
      cur = cur.slice();
      for (const u of zeroNodes) if (u >= 0) cur[u] = 0;
    }
    const raw = this.toCells(graph, cur);
    const m = this.process(raw, graph);
    const add = rawCum ? raw : m;
    if (!this.cum) this.cum = new Float64Array(m.length);
    for (let i = 0; i < m.length; i++) this.cum[i] += add[i];
    if (this.flags.max) {
      if (!this.max) this.max = new Float64Array(m.length).fill(this.nodata);
      for (let i = 0; i < m.length; i++) if (add[i] > this.max[i]) this.max[i] = add[i];
    }
    if (rawCum) {
      this.cumIsRaw = true;
      this.lastGraph = graph;
    }
    if (force || (write && this.flags.cur && !this.flags.cumOnly)) await this.grid(`_curmap${name}`, m);
  }
  private lastGraph: CircuitGraph | null = null;
  /** One-to-all / all-to-one sum raw currents and process the sum (Circuitscape's kernel does). */
  private cumIsRaw = false;

  private process(m: Float64Array, graph: CircuitGraph): Float64Array {
    const out = m.slice();
    if (this.flags.log) for (let i = 0; i < out.length; i++) out[i] = out[i] > 0 ? Math.log10(out[i]) : this.nodata;
    if (this.flags.nullCur) {
      const c = graph.cellConductance;
      for (let i = 0; i < out.length; i++) if (c[i] === 0) out[i] = this.nodata;
    }
    return out;
  }

  async cumMap(): Promise<void> {
    let m = this.cum ?? new Float64Array(this.like.width * this.like.height);
    if (this.cumIsRaw && this.lastGraph) m = this.process(m, this.lastGraph);
    for (let i = 0; i < m.length; i++) if (m[i] < this.nodata) m[i] = this.nodata;
    await this.grid(`_cum_curmap`, m);
  }

  async maxMap(): Promise<void> {
    const m = this.max ?? new Float64Array(this.like.width * this.like.height).fill(this.nodata);
    for (let i = 0; i < m.length; i++) if (m[i] < this.nodata) m[i] = this.nodata;
    await this.grid(`_max_curmap`, m);
  }

  async resistances(ids: number[], R: Float64Array): Promise<void> {
    const k = ids.length;
    const rows = [["0", ...ids.map(String)].join(" ")];
    for (let i = 0; i < k; i++) rows.push([String(ids[i]), ...Array.from(R.subarray(i * k, i * k + k), fmt)].join(" "));
    await this.text("_resistances.out", rows.join("\n") + "\n");
    const three: string[] = [];
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) three.push(`${ids[i]} ${ids[j]} ${fmt(R[i * k + j])}`);
    await this.text("_resistances_3columns.out", three.join("\n") + "\n");
  }

  async text(suffix: string, body: string): Promise<void> {
    const p = `${this.prefix}${suffix}`;
    await writeFileAtomic(p, body);
    this.written.push(p);
  }

  private async grid(suffix: string, m: Float64Array): Promise<void> {
    // Circuitscape rounds map values to 8 decimals; the file's nodata value marks nodata.
    const data = new Float64Array(m.length);
    for (let i = 0; i < m.length; i++) {
      const x = m[i];
      data[i] = x === this.nodata ? NaN : Math.round(x * 1e8) / 1e8;
    }
    const g: Grid = { ...this.like, data, nodata: this.nodata };
    const p = `${this.prefix}${suffix}.asc${this.flags.compress ? ".gz" : ""}`;
    await writeAscFile(p, g);
    this.written.push(p);
    if (this.tiffToo) {
      const t = `${this.prefix}${suffix}.tif`;
      try {
        await writeTiffFile(t, g);
      } catch (err) {
        if (!(err instanceof CrosswayError) || g.crs === null) throw err;
        // The GeoTIFF writer cannot describe every CRS it can read; keep the grid, say what was lost.
        this.warn(`${t}: written without its CRS (${err.message})`);
        await writeTiffFile(t, { ...g, crs: null });
      }
      this.written.push(t);
    }
  }
}
