/**
 * npm run make-demo [-- --out DIR] [--scale S]
 *
 * Generates the ILLUSTRATIVE demo landscape (see data/README.md) - invented terrain, land cover,
 * habitat, highway, crossing structures, villages and cores, on the real coastline and border of
 * southwest Primorye - and writes it to data/ (or DIR). Deterministic: the same command always
 * writes the same values.
 */
import { statSync } from "node:fs";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { buildDemo } from "./gen/demo.ts";
import { writeDemo } from "./gen/write.ts";

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    out: { type: "string", default: here },
    scale: { type: "string", default: "1" },
  },
});
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 4)) {
  console.error(`make-demo: --scale must be a number in (0, 4], got "${values.scale}"`);
  process.exit(1);
}
const t0 = performance.now();
const demo = buildDemo({ scale });
const t1 = performance.now();
const files = await writeDemo(demo, values.out!);
const t2 = performance.now();
console.log(`illustrative demo landscape: ${demo.frame.width} x ${demo.frame.height} cells of ${demo.frame.cell} m, EPSG:32652`);
for (const f of files) console.log(`  ${relative(process.cwd(), f).padEnd(28)} ${(statSync(f).size / 1024).toFixed(0).padStart(6)} KiB`);
console.log(`  ${Object.entries(demo.stats).map(([k, v]) => `${k}=${v}`).join(" ")}`);
console.log(`built in ${((t1 - t0) / 1000).toFixed(1)} s, written in ${((t2 - t1) / 1000).toFixed(1)} s`);
