/**
 * What a scenario changes in the band model's matrices: the cells whose resistance or q differ from
 * the reference, the edges they touch (both ends in T by construction of `changeable`), and the
 * resulting change of A on the touched slots C, for the circuit (L, first core at 0 V) and for the
 * walk (L + diag(k)). Refuses (so that the caller solves in full) when a change lies outside the
 * band's changeable cells: never a wrong number.
 */
import { conductanceOf, edgeWeight, neighbourOffsets, sameValue } from "./cells.ts";
import type { BandModel } from "./model.ts";
import type { Change } from "./woodbury.ts";

export interface ScenarioChange {
  /** Touched slots (local index = position). */
  slots: number[];
  circuit: Change;
  mortality: Change | null;
  /** Ground conductance k per slot for the scenario (k0 patched on C), with a mortality block. */
  k: Float64Array | null;
  /** Cells that differ from the reference. */
  changedCells: number;
}

export type ChangeResult = { ok: true; change: ScenarioChange } | { ok: false; reason: string };

/** The change of a scenario given as whole grids (r1, q1): every cell is compared with the reference. */
export function scenarioChange(m: BandModel, r1: Float64Array, q1: Float64Array | null): ChangeResult {
  const { r0, q0 } = m;
  const changed: number[] = [];
  for (let i = 0; i < r0.length; i++) {
    if (!sameValue(r1[i], r0[i]) || (q0 && q1 && !sameValue(q1[i], q0[i]))) changed.push(i);
  }
  return changeOn(m, changed, (i) => r1[i], q1 ? (i) => q1[i] : null);
}

/**
 * The change from the list of changed cells and the scenario's values (read through r1 and q1; every
 * cell not in `changed` must equal the reference, which the caller guarantees).
 */
export function changeOn(
  m: BandModel,
  changed: readonly number[],
  r1: (i: number) => number,
  q1: ((i: number) => number) | null,
): ChangeResult {
  const { width, height, focal, r0, q0 } = m;
  const where = (i: number) => `row ${Math.floor(i / width)}, column ${i % width}`;
  for (const d of changed) {
    const s = m.slotOfCell[d];
    if (s < 0 || !m.changeable[s]) return { ok: false, reason: `the scenario changes the cell at ${where(d)}, outside the road band` };
  }
  const isChanged = new Set<number>(changed);
  const isCore = (i: number) => focal[i] > 0 && m.coreSlot.has(focal[i]);
  const exists0 = (i: number) => isCore(i) || conductanceOf(r0[i]) > 0;
  const exists1 = (i: number) => isCore(i) || conductanceOf(r1(i)) > 0;

  const local = new Map<number, number>();
  const slots: number[] = [];
  const at = (s: number) => {
    let l = local.get(s);
    if (l === undefined) {
      l = slots.length;
      local.set(s, l);
      slots.push(s);
    }
    return l;
  };
  const entries = new Map<number, number>(); // key: li * BIG + lj
  const BIG = 1 << 20;
  const add = (li: number, lj: number, v: number) => entries.set(li * BIG + lj, (entries.get(li * BIG + lj) ?? 0) + v);
  const dDiag = new Map<number, number>(); // change of the Laplacian's diagonal per local slot (no virtual terms)
  const addDiag = (l: number, v: number) => dDiag.set(l, (dDiag.get(l) ?? 0) + v);

  const { dr, dc } = neighbourOffsets(m.neighbours);
  for (const d of changed) {
    const ld = at(m.slotOfCell[d]);
    const e0d = exists0(d);
    const e1d = exists1(d);
    const c0d = conductanceOf(r0[d]);
    const c1d = conductanceOf(r1(d));
    const r = Math.floor(d / width);
    const c = d - r * width;
    for (let k = 0; k < dr.length; k++) {
      const rr = r + dr[k];
      const cc = c + dc[k];
      if (rr < 0 || rr >= height || cc < 0 || cc >= width) continue;
      const j = rr * width + cc;
      if (j < d && isChanged.has(j)) continue; // that edge is counted from j
      const sj = m.slotOfCell[j];
      const diagonal = dr[k] !== 0 && dc[k] !== 0;
      const w0 = e0d && exists0(j) ? edgeWeight(c0d, conductanceOf(r0[j]), diagonal, m.avgResistance) : 0;
      const w1 = e1d && exists1(j) ? edgeWeight(c1d, conductanceOf(r1(j)), diagonal, m.avgResistance) : 0;
      const delta = w1 - w0;
      if (delta === 0) continue;
      if (sj < 0) return { ok: false, reason: `an edge at ${where(j)} leaves the road band` };
      const lj = at(sj);
      add(ld, ld, delta);
      add(lj, lj, delta);
      add(ld, lj, -delta);
      add(lj, ld, -delta);
      addDiag(ld, delta);
      addDiag(lj, delta);
    }
    // A cell off the reference graph is an isolated node with 1 on its diagonal (model.ts).
    const s = m.slotOfCell[d];
    if (!m.real[s] && e1d) add(ld, ld, -1);
    if (m.real[s] && !e1d) add(ld, ld, 1);
  }

  // Circuit: the ground slot's row and column are not in the system (held at 0 V).
  const circuit: Change = { c: slots.length, rows: [], cols: [], vals: [] };
  for (const [key, v] of entries) {
    const li = Math.floor(key / BIG);
    const lj = key - li * BIG;
    if (v === 0 || slots[li] === m.groundSlot || slots[lj] === m.groundSlot) continue;
    circuit.rows.push(li);
    circuit.cols.push(lj);
    circuit.vals.push(v);
  }

  let mortality: Change | null = null;
  let k: Float64Array | null = null;
  if (q0 && q1) {
    k = Float64Array.from(m.k0);
    const extra = new Map<number, number>();
    for (let l = 0; l < slots.length; l++) {
      const s = slots[l];
      const cell = m.cellOfSlot[s];
      if (cell < 0) continue; // a core: no deaths there
      const e1 = exists1(cell);
      const q = q1(cell);
      if (q >= 1) return { ok: false, reason: `the cell at ${where(cell)} has mortality 1` };
      const ld = m.ldiag0[s] + (dDiag.get(l) ?? 0);
      const k1 = e1 && q > 0 ? (q / (1 - q)) * ld : 0;
      if (k1 !== m.k0[s]) extra.set(l, k1 - m.k0[s]);
      k[s] = k1;
    }
    mortality = { c: slots.length, rows: [], cols: [], vals: [] };
    const seen = new Set<number>();
    for (const [key, v0] of entries) {
      const li = Math.floor(key / BIG);
      const lj = key - li * BIG;
      let v = v0;
      if (li === lj) {
        v += extra.get(li) ?? 0;
        seen.add(li);
      }
      if (v === 0) continue;
      mortality.rows.push(li);
      mortality.cols.push(lj);
      mortality.vals.push(v);
    }
    for (const [l, v] of extra) {
      if (seen.has(l) || v === 0) continue;
      mortality.rows.push(l);
      mortality.cols.push(l);
      mortality.vals.push(v);
    }
  }
  return { ok: true, change: { slots, circuit, mortality, k, changedCells: changed.length } };
}
