import { Command, CommanderError } from "commander";
import { CrosswayError } from "../util/errors.ts";

/** Each command lives in its own file and adds itself to the program. */
type Register = (program: Command) => void;

async function commands(): Promise<Register[]> {
  const mods = await Promise.all([
    // one line per command module; each exports `register`
    import("./circuitscape.ts"),
    import("./leastcost.ts"),
    import("./map.ts"),
    import("./resistance.ts"),
    import("./run.ts"),
    import("./site.ts"),
    import("./validate.ts"),
    import("./calibrate.ts"),
    import("./sweep.ts"),
    import("./worker.ts"),
  ] as Promise<{ register: Register }>[]);
  return mods.map((m) => m.register);
}

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  program
    .name("crossway")
    .description("Landscape connectivity for wildlife crossing planning: least-cost paths and circuit-theory current flow")
    .version("0.1.0")
    .exitOverride()
    .showHelpAfterError();
  for (const register of await commands()) register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CrosswayError) {
      process.stderr.write(`crossway: error: ${err.message}\n`);
      return 1;
    }
    // Anything else (a file system error, a bug): one line for the user, the stack only when asked for.
    if (process.env.CROSSWAY_DEBUG) throw err;
    process.stderr.write(`crossway: error: ${oneLine(err)} (set CROSSWAY_DEBUG=1 to see where it happened)\n`);
    return 1;
  }
}

/** The message of an unexpected error on one line; Node's file system errors already name the path. */
export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message || err.name : String(err);
  return msg.replace(/\s*\n\s*/g, " ").trim() || "unknown error";
}
