// A one-line progress bar on stderr for long scans: only on a TTY, never in CI or with --quiet, and
// only once a scan has run for a second (short scans stay silent).
import { formatBytes } from './words.js';
import type { ProgressState } from './sources/source.js';

export type { ProgressState };

export interface Progress {
  update(state: ProgressState): void;
  /** Erases the bar so the report starts on a clean line. */
  end(): void;
}

const QUIET: Progress = { update() {}, end() {} };

export function createProgress(unit: string, options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet || !stream.isTTY || process.env.CI) return QUIET;
  const started = performance.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(state) {
      const now = performance.now();
      if (now - started < 1000 || now - lastDraw < 100) return;
      lastDraw = now;
      drawn = true;
      stream.write(`\r\u001b[K${progressLine(state, (now - started) / 1000, unit)}`);
    },
    end() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}

/** `12,345/45,678 objects  27% 120.4 MB  85.1 MB/s  ETA 4s` (no ETA while the total can still grow). */
export function progressLine(state: ProgressState, seconds: number, unit: string): string {
  const rate = seconds > 0 ? state.bytes / seconds : 0;
  const count = state.total ? `${state.done.toLocaleString('en')}/${state.total.toLocaleString('en')}${state.final ? '' : '+'}` : state.done.toLocaleString('en');
  const parts = [`aisa-guard: ${count} ${unit}`];
  if (state.final && state.total) parts.push(`${Math.floor((100 * state.done) / state.total)}%`);
  parts.push(formatBytes(state.bytes), `${formatBytes(rate)}/s`);
  if (state.final && state.done > 0 && state.total > state.done) {
    const eta = ((state.total - state.done) * seconds) / state.done;
    parts.push(`ETA ${eta < 60 ? `${Math.ceil(eta)}s` : `${Math.floor(eta / 60)}m${String(Math.ceil(eta % 60)).padStart(2, '0')}s`}`);
  }
  return parts.join('  ');
}
