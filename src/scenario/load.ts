/**
 * Read a YAML document and validate it against a zod schema, turning every problem into one
 * CrosswayError that names the file, the path in the document (scenarios[2].add[0].width_m) and
 * what was expected, so a planner can fix the file without reading code.
 */
import { readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { CrosswayError } from "../util/errors.ts";
import { ScenarioFileSchema, type ScenarioFile } from "./schema.ts";

/** `scenarios[2].add[0].width_m` from ["scenarios", 2, "add", 0, "width_m"]. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || "(document root)";
}

function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; text: string }[] {
  const path = issue.path as PropertyKey[];
  switch (issue.code) {
    case "unrecognized_keys":
      // One line per unknown key, with the key in the path, so each is easy to find.
      return issue.keys.map((k) => ({ path: [...path, k], text: "unknown key (check the spelling; see scenarios/README or the schema)" }));
    case "invalid_type":
      return [{ path, text: `expected ${issue.expected}${issue.input === undefined ? " (missing)" : `, got ${JSON.stringify(issue.input)}`}` }];
    case "invalid_value":
      return [{ path, text: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(issue.input)}` }];
    case "invalid_union":
      return [{ path, text: `does not match any allowed form (${issue.message})` }];
    default:
      return [{ path, text: issue.message }];
  }
}

/** Validate parsed data; throws CrosswayError listing every problem. */
export function validate<S extends z.ZodType>(schema: S, data: unknown, file: string): z.output<S> {
  const res = schema.safeParse(data, { reportInput: true });
  if (res.success) return res.data;
  const found = res.error.issues.flatMap(describeIssue);
  if (found.length === 1) throw new CrosswayError(found[0].text, { file, field: formatPath(found[0].path) });
  const lines = found.map((d) => `  ${formatPath(d.path)}: ${d.text}`);
  throw new CrosswayError(`${lines.length} problems:\n${lines.join("\n")}`, { file });
}

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
