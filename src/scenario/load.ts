/**
 * Read a YAML document and validate it against a zod schema, turning every problem into one
 * CrosswayError that names the file, the path in the document (scenarios[2].add[0].width_m) and
 * what was expected, so a planner can fix the file without reading code.
 */
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { CrosswayError } from "../util/errors.ts";
import { ScenarioFileSchema, type ScenarioFile } from "./schema.ts";

import { validate } from "../util/validate.ts";

export { formatPath, validate } from "../util/validate.ts";

/** Parse YAML text; syntax errors name the file and line. */
export function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const where = e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "";
    throw new CrosswayError(`YAML syntax error${where ? ` at ${where}` : ""}: ${e.message.split("\n")[0]}`, { file });
  }
  return doc.toJS();
}

export function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new CrosswayError(`cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`, { file, cause: err });
  }
  return parseYaml(text, file);
}

export function loadScenarioFile(file: string): ScenarioFile {
  return validate(ScenarioFileSchema, readYaml(file), file);
}
