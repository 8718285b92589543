/**
 * Progress of a calibration on stderr. On a terminal, one cli-progress bar over an estimate of the
 * evaluations the fit and the profiles will take (raised when passed), with the best log L so far and
 * the seconds per solve; elsewhere (logs, CI) one line per solved evaluation; nothing when quiet.
 */
import { SingleBar } from "cli-progress";

export interface CalibrationProgress {
  evaluation(phase: string, values: string, logLik: number, solved: boolean, seconds: number): void;
  stop(): void;
}

export function calibrationProgress(
  quiet: boolean | undefined,
  estimate: number,
  stream: NodeJS.WriteStream = process.stderr,
): CalibrationProgress {
  if (quiet) return { evaluation() {}, stop() {} };
  let best = -Infinity;
  let count = 0;
  let solves = 0;
  let seconds = 0;
  if (!stream.isTTY) {
    return {
      evaluation(phase, values, logLik, solved, s) {
        count++;
        if (!solved) return;
        solves++;
        stream.write(
          `crossway: calibrate: ${phase}: evaluation ${count} (${solves} solved, ${s.toFixed(1)} s): ${values} log L ${logLik.toFixed(3)}\n`,
        );
      },
      stop() {},
    };
  }
  const bar = new SingleBar({
    stream,
    format:
      "calibrate [{bar}] {value}/{total} evaluations (estimated) | best log L {best} | {solves} solved, {per} s each | ETA {eta_formatted}",
    hideCursor: true,
    etaBuffer: 30,
  });
  let total = Math.max(1, estimate);
  bar.start(total, 0, { best: "-", solves: 0, per: "-" });
  let running = true;
  return {
    evaluation(_phase, _values, logLik, solved, s) {
      count++;
      best = Math.max(best, logLik);
      if (solved) {
        solves++;
        seconds += s;
      }
      if (count >= total) bar.setTotal((total = Math.ceil(count * 1.2)));
      bar.update(count, { best: best.toFixed(2), solves, per: solves ? (seconds / solves).toFixed(1) : "-" });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
