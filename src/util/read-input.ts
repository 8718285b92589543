/**
 * Reading a user's input file: a missing or unreadable file, and YAML syntax errors (with line and
 * column), become CrosswayErrors that name the file. Shared by every reader of text inputs.
 */
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { CrosswayError } from "./errors.ts";

export function readTextFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CrosswayError(code === "ENOENT" ? "file not found" : `cannot read: ${(err as Error).message}`, { file: path, cause: err });
  }
}

/** Parse YAML text (duplicate keys are errors); syntax errors name the file, line and column. */
export function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const where = e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "";
    throw new CrosswayError(`YAML syntax error${where ? ` at ${where}` : ""}: ${e.message.split("\n")[0]}`, { file });
  }
  return doc.toJS();
}

export function readYaml(path: string): unknown {
  return parseYaml(readTextFile(path), path);
}
