/**
 * Fonts for map and chart text.
 *
 * @napi-rs/canvas bundles no fonts: it draws text with whatever it finds in the system font
 * folders, and on a bare machine (a Debian container, a CI runner) there may be none, which turns
 * every label into empty boxes. So we register one known sans-serif face under our own family name
 * and draw every label with that name. Search order:
 *   1. the npm package `dejavu-fonts-ttf` (registry-only, reproducible), if installed;
 *   2. CROSSWAY_FONT_DIR (a folder of .ttf files) if set;
 *   3. Debian's fonts-dejavu-core / fonts-liberation paths, then any folder under /usr/share/fonts
 *      holding one of the sans faces fontconfig-config depends on (so any Debian with fontconfig,
 *      e.g. one where Chromium is installed, has one).
 * No face at all is an error that says what to install, never a map with unreadable labels.
 */
import { GlobalFonts } from "@napi-rs/canvas";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { CrosswayError } from "../util/errors.ts";

/** The family name every render module uses in ctx.font. */
export const FONT_FAMILY = "CrosswaySans";

interface Faces {
  regular: string;
  bold?: string;
  italic?: string;
}

const SYSTEM_DIRS = [
  "/usr/share/fonts/truetype/dejavu",
  "/usr/share/fonts/TTF",
  "/usr/share/fonts/dejavu",
  "/usr/share/fonts/truetype/liberation",
  "/usr/share/fonts/liberation",
  "/Library/Fonts",
  "C:\\Windows\\Fonts",
];

/** Sans-serif families Debian's fontconfig-config accepts as its font (one is always installed with it). */
const FACE_SETS = [
  ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"],
  ["LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf"],
  ["Arimo-Regular.ttf", "Arimo-Bold.ttf", "Arimo-Italic.ttf"],
  ["FreeSans.ttf", "FreeSansBold.ttf", "FreeSansOblique.ttf"],
  ["FreeSans.otf", "FreeSansBold.otf", "FreeSansOblique.otf"],
  ["Vera.ttf", "VeraBd.ttf", "VeraIt.ttf"],
];

/** Folders under `root` (two levels deep), for distributions that file fonts elsewhere. */
function subdirs(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      out.push(join(d, e.name));
      if (depth > 0) walk(join(d, e.name), depth - 1);
    }
  };
  walk(root, 1);
  return out;
}

/** Pick regular / bold / oblique faces of DejaVu Sans or Liberation Sans from a folder listing. */
function facesIn(dir: string): Faces | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  for (const [reg, bold, ital] of FACE_SETS) {
    if (names.includes(reg)) {
      return {
        regular: join(dir, reg),
        bold: names.includes(bold) ? join(dir, bold) : undefined,
        italic: names.includes(ital) ? join(dir, ital) : undefined,
      };
    }
  }
  return undefined;
}

function npmFontDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve("dejavu-fonts-ttf/package.json");
    return join(pkg, "..", "ttf");
  } catch {
    return undefined;
  }
}

let registered: string | undefined;

/** Where the faces came from (for reports and diagnostics), after ensureFont() ran. */
export function fontSource(): string | undefined {
  return registered;
}

/** Register the label font once per process; returns the family name to use. */
export function ensureFont(): string {
  if (registered) return FONT_FAMILY;
  const dirs = [npmFontDir(), process.env.CROSSWAY_FONT_DIR, ...SYSTEM_DIRS, ...subdirs("/usr/share/fonts")].filter(
    (d): d is string => !!d && existsSync(d),
  );
  for (const dir of dirs) {
    const faces = facesIn(dir);
    if (!faces) continue;
    if (!GlobalFonts.registerFromPath(faces.regular, FONT_FAMILY)) continue;
    if (faces.bold) GlobalFonts.registerFromPath(faces.bold, FONT_FAMILY);
    if (faces.italic) GlobalFonts.registerFromPath(faces.italic, FONT_FAMILY);
    registered = faces.regular;
    return FONT_FAMILY;
  }
  throw new CrosswayError(
    "no font for map labels: install the npm package dejavu-fonts-ttf, or Debian's fonts-dejavu-core, or set CROSSWAY_FONT_DIR to a folder holding DejaVuSans.ttf",
  );
}

/** A ctx.font string in our family. */
export function font(sizePx: number, style: "normal" | "bold" | "italic" = "normal"): string {
  const f = ensureFont();
  const prefix = style === "bold" ? "bold " : style === "italic" ? "italic " : "";
  return `${prefix}${Math.round(sizePx)}px ${f}`;
}
