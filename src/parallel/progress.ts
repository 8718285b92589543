/**
 * Progress on stderr: a cli-progress bar (count, rate, ETA) when stderr is a terminal, plain
 * periodic lines otherwise (logs, CI), nothing when quiet.
 */
import { SingleBar } from "cli-progress";

export interface Progress {
  tick(failed?: boolean): void;
  stop(): void;
}

export function createProgress(
  label: string,
  total: number,
  opts: { quiet?: boolean; stream?: NodeJS.WriteStream; intervalMs?: number } = {},
): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || total === 0) return { tick() {}, stop() {} };
  const start = Date.now();
  let done = 0;
  let failed = 0;
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: `${label} [{bar}] {value}/{total} | {rate}/min | ETA {eta_formatted} | failed {failed}`,
      hideCursor: true,
      etaBuffer: 20,
    });
    bar.start(total, 0, { rate: "0.0", failed: 0 });
    return {
      tick(f = false) {
        done++;
        if (f) failed++;
        const rate = (done / Math.max(1e-3, (Date.now() - start) / 60000)).toFixed(1);
        bar.update(done, { rate, failed });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  const every = opts.intervalMs ?? 10_000;
  const line = () => {
    const s = (Date.now() - start) / 1000;
    const rate = done / Math.max(1e-3, s);
    const eta = rate > 0 ? Math.round((total - done) / rate) : NaN;
    stream.write(
      `${label}: ${done}/${total} done${failed ? `, ${failed} failed` : ""} (${(rate * 60).toFixed(1)}/min, ETA ${Number.isNaN(eta) ? "?" : `${eta} s`})\n`,
    );
  };
  return {
    tick(f = false) {
      done++;
      if (f) failed++;
      if (Date.now() - last >= every || done === total) {
        last = Date.now();
        line();
      }
    },
    stop() {},
  };
}
