/**
 * A scenario's surface and mortality on the road cells only. src/scenario/burn.ts builds the whole
 * grid (the land, the road, fences, the structures; about 20 ms and four full-grid arrays on the
 * demo), but a scenario writes nothing off the road: roads.ts raises road cells only, fences are road
 * cells, and the crossing rule (src/resistance/crossings.ts burnCrossingsInto) writes only road and
 * fence cells. So with the same land and the same background mortality as the model's reference,
 * every cell off the road equals the reference, and the road cells are all there is to compute and
 * compare. Both conditions are checked once per land and per background (a scan of the grid), and a
 * scenario that fails them goes through the whole-grid path (evaluate.ts).
 */
import { burnCrossingsInto } from "../resistance/crossings.ts";
import { applyRoads } from "../resistance/roads.ts";
import { DEFAULT_NODATA, type Grid } from "../grid/grid.ts";
import { openRoadQ } from "../mortality/grid.ts";
import { scenarioCrossings } from "../scenario/burn.ts";
import type { ResolvedScenario } from "../scenario/resolve.ts";
import type { RoadBand } from "../scenario/road.ts";
import { sameValue } from "./cells.ts";
import type { BandModel } from "./model.ts";

export interface RoadBurn {
  /** Per road cell (road.cells order): the burnt resistance, its structure (-1: none) and q (NaN without mortality). */
  r: Float64Array;
  owner: Int32Array;
  q: Float64Array;
  /** Cells each structure opens (sc.structures order). */
  cells: number[];
  /** Road cells whose r or q differ from the model's reference. */
  changed: number[];
  /** The scenario's resistance and q at any cell (the reference off the road). */
  rAt(i: number): number;
  qAt(i: number): number;
  /** Structure index per cell over the whole grid (shared; valid until the next burn). */
  structureOfCell: Int32Array;
}

export class BandBurner {
  private readonly roadIndex: Int32Array;
  private readonly roadMask: Uint8Array;
  private readonly fenceMask: Uint8Array;
  private readonly structureOfCell: Int32Array;
  /** Per road resistance: the land with the road burnt in (applyRoads without fences). */
  private readonly bases = new Map<number, { base: Float64Array; roadResistance: Float64Array }>();
  private readonly backgroundOk = new Map<number, boolean>();
  /** The land equals the model's reference off the road. */
  readonly landOk: boolean;

  constructor(
    private readonly m: BandModel,
    private readonly land: Float64Array,
    private readonly road: RoadBand,
    private readonly focal: ArrayLike<number>,
  ) {
    const n = land.length;
    this.roadIndex = new Int32Array(n).fill(-1);
    this.roadMask = new Uint8Array(n);
    for (let k = 0; k < road.cells.length; k++) {
      this.roadIndex[road.cells[k]] = k;
      this.roadMask[road.cells[k]] = 1;
    }
    this.fenceMask = new Uint8Array(n);
    this.structureOfCell = new Int32Array(n).fill(-1);
    let ok = n === m.r0.length;
    for (let i = 0; ok && i < n; i++) if (!this.roadMask[i] && !sameValue(land[i], m.r0[i])) ok = false;
    this.landOk = ok;
  }

  /** The background mortality gives the reference's q off the road (checked once per value). */
  backgroundMatches(bg: number): boolean {
    let ok = this.backgroundOk.get(bg);
    if (ok !== undefined) return ok;
    const q0 = this.m.q0!;
    ok = true;
    for (let i = 0; ok && i < q0.length; i++) {
      if (this.roadMask[i]) continue;
      const r = this.land[i];
      const q = !(r > 0 && r < Infinity) ? NaN : this.focal[i] > 0 ? 0 : bg;
      if (!sameValue(q, q0[i])) ok = false;
    }
    this.backgroundOk.set(bg, ok);
    return ok;
  }

  private baseFor(rRoad: number) {
    let b = this.bases.get(rRoad);
    if (!b) {
      const n = this.land.length;
      const roadResistance = new Float64Array(n).fill(NaN);
      for (const c of this.road.cells) roadResistance[c] = rRoad;
      const base = applyRoads(this.land, { mask: this.roadMask, resistance: roadResistance, added: null, thickened: 0 }, null);
      b = { base, roadResistance };
      this.bases.set(rRoad, b);
    }
    return b;
  }

  burn(sc: ResolvedScenario): RoadBurn {
    const { road, m } = this;
    const nRoad = road.cells.length;
    const rRoad = sc.parameters.road_resistance;
    const { base, roadResistance } = this.baseFor(rRoad);
    const fenced = sc.fences.length > 0;
    if (fenced) {
      for (const f of sc.fences) {
        for (let k = 0; k < nRoad; k++) if (road.chainage[k] >= f.from_m && road.chainage[k] <= f.to_m) this.fenceMask[road.cells[k]] = 1;
      }
    }
    // applyRoads: a fenced cell is a barrier unless it is nodata
    const surface = (i: number) => (this.fenceMask[i] && !Number.isNaN(base[i]) ? Infinity : base[i]);
    const r = new Float64Array(nRoad);
    for (let k = 0; k < nRoad; k++) r[k] = surface(road.cells[k]);
    const owner = new Int32Array(nRoad).fill(-1);
    const roadIndex = this.roadIndex;
    const grid: Grid = { ...road.grid, data: base, crs: null, nodata: DEFAULT_NODATA };
    const structures = burnCrossingsInto(
      surface,
      {
        value: (i) => r[roadIndex[i]],
        owner: (i) => owner[roadIndex[i]],
        set(i, v, s) {
          const k = roadIndex[i];
          // the rule writes road and fence cells only, and fences lie on the road
          if (k < 0) throw new Error(`band burn: the crossing rule wrote cell ${i}, off the road`);
          r[k] = v;
          owner[k] = s;
        },
      },
      scenarioCrossings(road, sc),
      {
        grid,
        roads: [{ parts: road.parts, width: road.widthM, resistance: rRoad, label: "highway" }],
        roadMask: this.roadMask,
        roadResistance,
        fenceMask: fenced ? this.fenceMask : null,
        rmax: rRoad,
      },
    );
    if (fenced) for (const c of road.cells) this.fenceMask[c] = 0;

    const cells = structures.map(() => 0);
    const soc = this.structureOfCell;
    for (const c of road.cells) soc[c] = -1; // the previous scenario's structures (all on road cells)
    for (let k = 0; k < nRoad; k++) {
      if (owner[k] >= 0) {
        cells[owner[k]]++;
        soc[road.cells[k]] = owner[k];
      }
    }

    const q = new Float64Array(nRoad).fill(NaN);
    const mort = sc.mortality;
    if (mort) {
      for (let k = 0; k < nRoad; k++) {
        const i = road.cells[k];
        const ri = r[k];
        if (!(ri > 0 && ri < Infinity)) q[k] = NaN;
        else if (this.focal[i] > 0) q[k] = 0;
        else if (owner[k] >= 0) q[k] = mort.background;
        else q[k] = openRoadQ(mort, road.chainage[k]);
      }
    }
    const changed: number[] = [];
    const q0 = m.q0;
    for (let k = 0; k < nRoad; k++) {
      const i = road.cells[k];
      if (!sameValue(r[k], m.r0[i]) || (q0 && mort && !sameValue(q[k], q0[i]))) changed.push(i);
    }
    return {
      r,
      owner,
      q,
      cells,
      changed,
      rAt: (i) => (roadIndex[i] >= 0 ? r[roadIndex[i]] : m.r0[i]),
      qAt: (i) => (roadIndex[i] >= 0 ? q[roadIndex[i]] : q0 ? q0[i] : NaN),
      structureOfCell: soc,
    };
  }
}

const burners = new WeakMap<BandModel, Map<Float64Array, BandBurner>>();

/** The burner of a model and a land (made once: its setup scans the grid). */
export function burnerFor(m: BandModel, land: Float64Array, road: RoadBand, focal: ArrayLike<number>): BandBurner {
  let byLand = burners.get(m);
  if (!byLand) burners.set(m, (byLand = new Map()));
  let b = byLand.get(land);
  if (!b) byLand.set(land, (b = new BandBurner(m, land, road, focal)));
  return b;
}
