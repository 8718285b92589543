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

export interface FractionProgress {
  /** Work done so far, 0..1, and what is running. */
  update(fraction: number, phase: string): void;
  stop(): void;
}

/**
 * Progress of one long computation (a model build): a bar with percent, phase and ETA on a terminal,
 * a line every intervalMs otherwise, nothing when quiet.
 */
export function createFractionProgress(
  label: string,
  opts: { quiet?: boolean; stream?: NodeJS.WriteStream; intervalMs?: number } = {},
): FractionProgress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet) return { update() {}, stop() {} };
  const start = Date.now();
  const eta = (f: number) => (f > 0.01 ? Math.round(((Date.now() - start) / 1000) * ((1 - f) / f)) : NaN);
  if (stream.isTTY) {
    const bar = new SingleBar({ stream, format: `${label} [{bar}] {percentage}% | {phase} | ETA {left}`, hideCursor: true });
    bar.start(1000, 0, { phase: "", left: "?" });
    return {
      update(f, phase) {
        const s = eta(f);
        bar.update(Math.round(f * 1000), { phase, left: Number.isNaN(s) ? "?" : `${s} s` });
      },
      stop: () => bar.stop(),
    };
  }
  let last = Date.now();
  const every = opts.intervalMs ?? 10_000;
  return {
    update(f, phase) {
      if (Date.now() - last < every) return;
      last = Date.now();
      const s = eta(f);
      stream.write(`${label}: ${(f * 100).toFixed(0)}% (${phase}), ETA ${Number.isNaN(s) ? "?" : `${s} s`}\n`);
    },
    stop() {},
  };
}
