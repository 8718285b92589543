/**
 * The highway: its LineStrings joined into one centreline. The centreline is a Polyline
 * (src/geometry/polyline.ts), which gives chainage, the side of the road a point lies on, and
 * whether a step between two cell centres crosses the road; every scenario metric that talks about
 * "crossing the road" uses that one line.
 */

/** Join the LineStrings of a road into one centreline (end-to-start, flipping pieces as needed). */
export function joinLines(lines: number[][][]): number[][] {
  if (lines.length === 0) throw new RangeError("no highway lines");
  const rest = lines.map((l) => l.slice());
  let out = rest.shift()!;
  const d = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  while (rest.length) {
    let best = 0;
    let bestD = Infinity;
    let mode = 0;
    for (let i = 0; i < rest.length; i++) {
      const l = rest[i];
      const cands = [d(out[out.length - 1], l[0]), d(out[out.length - 1], l[l.length - 1]), d(out[0], l[l.length - 1]), d(out[0], l[0])];
      for (let m = 0; m < 4; m++) if (cands[m] < bestD) [bestD, best, mode] = [cands[m], i, m];
    }
    const l = rest.splice(best, 1)[0];
    if (mode === 0) out = out.concat(l.slice(1));
    else if (mode === 1) out = out.concat(l.reverse().slice(1));
    else if (mode === 2) out = l.concat(out.slice(1));
    else out = l.reverse().concat(out.slice(1));
  }
  return out;
}
