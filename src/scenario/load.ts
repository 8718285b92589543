/**
 * Read a YAML document and validate it against a zod schema, turning every problem into one
 * CrosswayError that names the file, the path in the document (scenarios[2].add[0].width_m) and
 * what was expected, so a planner can fix the file without reading code.
 */
import { readYaml } from "../util/read-input.ts";
import { ScenarioFileSchema, type ScenarioFile } from "./schema.ts";

import { validate } from "../util/validate.ts";

export { formatPath, validate } from "../util/validate.ts";

export { parseYaml, readYaml } from "../util/read-input.ts";

export function loadScenarioFile(file: string): ScenarioFile {
  return validate(ScenarioFileSchema, readYaml(file), file);
}
