/**
 * Progress of a calibration on stderr. On a terminal, a cli-progress bar per phase (each start, each
 * parameter's profile) against that phase's evaluation budget, with the best log L so far and the
 * seconds per solve; elsewhere (logs, CI) one line per solved evaluation; nothing when quiet.
 */
import { SingleBar } from "cli-progress";

export interface CalibrationProgress {
  phase(name: string, budget: number): void;
  evaluation(values: string, logLik: number, solved: boolean, seconds: number): void;
  stop(): void;
}

export function calibrationProgress(quiet: boolean | undefined, stream: NodeJS.WriteStream = process.stderr): CalibrationProgress {
  if (quiet) return { phase() {}, evaluation() {}, stop() {} };
  let best = -Infinity;
  let count = 0;
  let solves = 0;
  let phase = "";
  if (!stream.isTTY) {
    return {
      phase(name) {
        phase = name;
      },
      evaluation(values, logLik, solved, seconds) {
        count++;
        if (!solved) return;
        solves++;
        stream.write(
          `crossway: calibrate: ${phase}: evaluation ${count} (${solves} solved, ${seconds.toFixed(1)} s): ${values} log L ${logLik.toFixed(3)}\n`,
        );
      },
      stop() {},
    };
  }
  const bar = new SingleBar({
    stream,
    format: "calibrate {phase} [{bar}] {value}/{total} evaluations | best log L {best} | {solves} solved, {per} s each",
    hideCursor: true,
  });
  let seconds = 0;
  let running = false;
  return {
    phase(name, budget) {
      if (running) bar.stop();
      bar.start(budget, 0, { phase: name, best: Number.isFinite(best) ? best.toFixed(2) : "-", solves, per: "-" });
      running = true;
    },
    evaluation(_values, logLik, solved, s) {
      count++;
      best = Math.max(best, logLik);
      if (solved) {
        solves++;
        seconds += s;
      }
      bar.increment(1, { best: best.toFixed(2), solves, per: solves ? (seconds / solves).toFixed(1) : "-" });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
