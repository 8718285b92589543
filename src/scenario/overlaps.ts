/**
 * Structures whose openings overlap along the road. Where two structures cover the same lane, a cell
 * takes the lower resistance the two offer (src/resistance/crossings.ts): the openings do not add up,
 * so the overlapping part of one of them gains at most its improvement on the other, and often
 * nothing: an overpass placed inside the 500 m ridge tunnel is charged its full cost for little or no
 * gain. That is legal (a planner may compare exactly that) but rarely meant, so each
 * overlapping pair is reported, naming both structures and the chainage they share.
 */
import type { ResolvedStructure } from "./resolve.ts";

const m = (x: number) => `${Math.round(x)}`;

export interface Overlap {
  /** The two structures, the one the scenario pays for first. */
  ids: [string, string];
  message: string;
}

/** One warning per pair of structures whose chainage ranges [s - w/2, s + w/2] overlap. */
export function overlaps(structures: readonly ResolvedStructure[]): Overlap[] {
  const out: Overlap[] = [];
  // Sorted by start, a structure can only overlap those that start before the running end.
  const spans = structures
    .map((s) => ({ s, from: s.chainage_m - s.width_m / 2, to: s.chainage_m + s.width_m / 2 }))
    .sort((a, b) => a.from - b.from || a.to - b.to);
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length && spans[j].from < spans[i].to; j++) {
      const a = spans[i];
      const b = spans[j];
      const from = Math.max(a.from, b.from);
      const to = Math.min(a.to, b.to);
      if (!(to > from)) continue;
      const desc = (x: typeof a) => `${x.s.id} (${x.s.type}, ${x.s.width_m} m wide, chainage ${m(x.from)}-${m(x.to)} m)`;
      // Name first the one inside the other, else the one the scenario pays for: whose money may be wasted.
      const within = (x: typeof a, y: typeof a) => x.from >= y.from && x.to <= y.to;
      const [p, q] = within(b, a)
        ? [b, a]
        : within(a, b)
          ? [a, b]
          : b.s.status !== "existing" && a.s.status === "existing"
            ? [b, a]
            : [a, b];
      const inside = within(p, q);
      out.push({
        ids: [p.s.id, q.s.id],
        message:
          `structures ${desc(p)} and ${desc(q)} overlap over ${m(to - from)} m of road (chainage ${m(from)}-${m(to)} m)` +
          (inside ? `: ${p.s.id} lies entirely within ${q.s.id}` : "") +
          `; openings do not add up where they overlap (a cell takes the lower of the two resistances), so there ${p.s.id} gains only as much as it improves on ${q.s.id}`,
      });
    }
  }
  return out;
}
