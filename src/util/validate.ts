/**
 * Turning zod issues into messages a planner can act on: the file, the path in the document
 * (`roads.decay.length`, `scenarios[2].add[0].width_m`) and what was expected - for an unknown key,
 * the keys allowed there. Shared by every YAML input (recipes, scenario and sweep files).
 */
import type { z } from "zod";
import { CrosswayError } from "./errors.ts";

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let s = "";
  for (const k of path) s += typeof k === "number" ? `[${k}]` : s ? `.${String(k)}` : String(k);
  return s || "(top level)";
}

// zod v4 keeps the definition under _zod.def; we only read it to list the keys allowed at a path.
type Def = {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  keyType?: unknown;
  valueType?: unknown;
  element?: unknown;
  in?: unknown;
  entries?: Record<string, string>;
};
const defOf = (s: unknown): Def | undefined => (s as { _zod?: { def?: Def } })?._zod?.def;

function unwrap(s: unknown): unknown {
  let d = defOf(s);
  while (d && (d.type === "optional" || d.type === "default" || d.type === "prefault" || d.type === "nullable" || d.type === "pipe")) {
    s = d.type === "pipe" ? d.in : d.innerType;
    d = defOf(s);
  }
  return s;
}

/** The keys an object schema allows at `path`, or undefined when we cannot tell. */
export function allowedKeys(schema: unknown, path: ReadonlyArray<PropertyKey>): string[] | undefined {
  let s = unwrap(schema);
  for (const k of path) {
    const d = defOf(s);
    if (!d) return undefined;
    if (d.type === "object" && d.shape) s = d.shape[String(k)];
    else if (d.type === "record") s = d.valueType;
    else if (d.type === "array") s = d.element;
    else return undefined;
    s = unwrap(s);
  }
  const d = defOf(s);
  if (d?.type === "object" && d.shape) return Object.keys(d.shape);
  // A record keyed by an enum (e.g. crossing types) allows exactly the enum's values.
  const k = d?.type === "record" ? defOf(unwrap(d.keyType)) : undefined;
  return k?.type === "enum" && k.entries ? Object.values(k.entries) : undefined;
}

function describe(schema: unknown, issue: z.core.$ZodIssue): { path: PropertyKey[]; text: string }[] {
  const path = issue.path as PropertyKey[];
  switch (issue.code) {
    case "unrecognized_keys": {
      const keys = allowedKeys(schema, path);
      return issue.keys.map((k) => ({
        path: [...path, k],
        text: `unknown key${keys ? ` (expected one of: ${keys.join(", ")})` : ""}`,
      }));
    }
    case "invalid_type":
      return [
        { path, text: `expected ${issue.expected}${issue.input === undefined ? " (missing)" : `, got ${JSON.stringify(issue.input)}`}` },
      ];
    case "invalid_value":
      return [
        { path, text: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(issue.input)}` },
      ];
    case "invalid_key":
      return [{ path, text: `bad key: ${issue.issues.map((i) => i.message).join("; ")}` }];
    case "invalid_union":
      return [{ path, text: unionText(schema, path, issue.message) }];
    default:
      return [{ path, text: issue.message }];
  }
}

/** What a union at `path` accepts, when its members are simple (numbers and literals), else zod's message. */
function unionText(schema: unknown, path: ReadonlyArray<PropertyKey>, fallback: string): string {
  let s = unwrap(schema);
  for (const k of path) {
    const d = defOf(s);
    if (!d) break;
    if (d.type === "object" && d.shape) s = d.shape[String(k)];
    else if (d.type === "record") s = d.valueType;
    else if (d.type === "array") s = d.element;
    else break;
    s = unwrap(s);
  }
  const options = (defOf(s) as { options?: unknown[] } | undefined)?.options;
  if (!options) return `does not match any allowed form (${fallback})`;
  const parts = options.map((o) => {
    const d = defOf(unwrap(o)) as (Def & { values?: unknown[] }) | undefined;
    if (d?.type === "number") return "a positive number";
    if (d?.type === "literal" && d.values) return d.values.map((v) => JSON.stringify(v)).join(" or ");
    if (d?.type === "enum" && d.entries)
      return Object.values(d.entries)
        .map((v) => JSON.stringify(v))
        .join(" or ");
    return d?.type ?? "?";
  });
  return `expected ${parts.join(" or ")}`;
}

/** Parse `data` with `schema`; on failure a CrosswayError listing every problem with its path. */
export function validate<S extends z.ZodType>(schema: S, data: unknown, file: string, prefix: PropertyKey[] = []): z.output<S> {
  // reportInput: issues carry the offending value, so messages can say what was found.
  const res = schema.safeParse(data, { reportInput: true });
  if (res.success) return res.data;
  const found = res.error.issues.flatMap((i) => describe(schema, i));
  const lines = found.map((f) => `${formatPath([...prefix, ...f.path])}: ${f.text}`);
  throw new CrosswayError(lines.length === 1 ? lines[0] : `${lines.length} problems:\n  ${lines.join("\n  ")}`, { file });
}
