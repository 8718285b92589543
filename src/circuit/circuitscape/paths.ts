/**
 * Where the files of a Circuitscape .ini are, as Circuitscape looks for them: a relative path resolves
 * against the working directory, then the .ini's folder; outputs go to output_file's prefix (the text
 * before ".out"), relative to the working directory.
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { iniFile, type CircuitscapeIni } from "../../io/circuitscape-ini.ts";
import { CrosswayError } from "../../util/errors.ts";

/** The file a key names (null when unset and not required), or an error naming the key and where it looked. */
export type FileLookup = (key: string, required: boolean) => string | null;

export function fileLookup(ini: CircuitscapeIni, cwd: string): FileLookup {
  const iniAbs = ini.path;
  return (key, required) => {
    const p = iniFile(ini, key);
    if (p === null) {
      if (required) throw new CrosswayError(`a file is required here`, { file: iniAbs, field: key });
      return null;
    }
    if (isAbsolute(p)) {
      if (!existsSync(p)) throw new CrosswayError(`file not found: ${p}`, { file: iniAbs, field: key });
      return p;
    }
    const a = resolve(cwd, p);
    if (existsSync(a)) return a;
    const b = resolve(dirname(iniAbs), p);
    if (existsSync(b)) return b;
    throw new CrosswayError(`file not found: ${p} (looked in ${cwd} and ${dirname(iniAbs)})`, { file: iniAbs, field: key });
  };
}

/** The output prefix: output_file without its ".out". */
export function outputPrefix(ini: CircuitscapeIni, cwd: string): string {
  const outFile = iniFile(ini, "output_file");
  if (outFile === null) throw new CrosswayError(`output_file is required`, { file: ini.path, field: "output_file" });
  return resolve(cwd, outFile.replace(/\.out$/i, ""));
}
