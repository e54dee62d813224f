// The one tail every scanning command runs: scan the source, filter, respond, report, choose the exit code.
import { appendFile, open } from 'node:fs/promises';
import type { ScanResult } from './types.js';
import { EXIT, OperationalError, messageOf } from './errors.js';
import { applyFilters } from './filter.js';
import { loadReporter } from './report/formats.js';
import type { RunSettings } from './settings/index.js';
import type { Source } from './sources/source.js';
import { createProgress } from './progress.js';
import { plural } from './words.js';
import { redactKeysIn } from './detect/index.js';
import { printable } from './report/escape.js';
import { INCOMPLETE_REASONS } from './report/summary.js';
import { VERSION } from './version.js';

/** Scan `source` with `settings` (cancelled by `signal`), then filter, respond and report. */
export async function runScan(source: Source, settings: RunSettings, signal: AbortSignal): Promise<number> {
  return finish(await collect(source, settings, signal), settings);
}

/** The source's result, with a progress bar for long scans on a terminal. */
export async function collect(source: Source, settings: RunSettings, signal: AbortSignal): Promise<ScanResult> {
  const progress = source.progressUnit ? createProgress(source.progressUnit, { quiet: settings.report.quiet }) : undefined;
  try {
    return await source.scan(settings, signal, progress && ((state) => progress.update(state)));
  } finally {
    progress?.end();
  }
}

/** The findings the user has not accepted (allow comments, allowlist, ignores, baseline, confidence). */
export function accepted(raw: ScanResult, settings: RunSettings): ScanResult {
  const result = applyFilters(raw, settings.filters);
  return settings.warnings.length ? { ...result, warnings: [...settings.warnings, ...result.warnings] } : result;
}

export async function finish(raw: ScanResult, settings: RunSettings): Promise<number> {
  const result = accepted(raw, settings);
  result.warnings = result.warnings.map(redactKeysIn); // names of skipped files can hold a key
  const { report } = settings;
  if (settings.detect.reveal) for (const f of result.findings) f.secret = raw.keys?.keyFor(f.fingerprint);
  // Loaded only when asked for: without --verify/--revoke no network code is even imported.
  const responder = settings.respond ? await import('./respond/index.js') : undefined;
  if (responder && settings.respond) {
    const { respond, confirm } = responder;
    await respond(result.findings, settings.respond, {
      root: settings.root,
      quiet: report.quiet,
      keys: raw.keys,
      confirm: process.stdin.isTTY ? (question) => confirm(question) : undefined,
      log: (text) => process.stderr.write(text.split('\n').map(printable).join('\n') + '\n'),
    });
  }
  const toFile = report.output !== undefined;
  const color = !toFile && report.format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const reporter = await loadReporter(report.format);
  const text = reporter(result, { command: settings.command, root: settings.root, color, version: VERSION, showFingerprints: report.showFingerprints });
  if (!report.quiet) for (const warning of result.warnings) process.stderr.write(`aisa-guard: warning: ${printable(warning)}\n`);
  if (report.format === 'github' && process.env.GITHUB_STEP_SUMMARY) {
    const { githubSummary } = await import('./report/github.js');
    await appendFile(process.env.GITHUB_STEP_SUMMARY, githubSummary(result)).catch((error: unknown) => {
      process.stderr.write(`aisa-guard: warning: cannot append to GITHUB_STEP_SUMMARY: ${printable(messageOf(error))}\n`);
    });
  }
  if (toFile) {
    try {
      await writeReport(report.output!, text, settings.detect.reveal === true);
    } catch (error) {
      throw new OperationalError(`cannot write ${report.output}: ${messageOf(error)}`);
    }
  } else if (!(report.quiet && report.format === 'text' && result.findings.length === 0)) {
    // --quiet silences human text only: a machine format is always printed.
    process.stdout.write(text);
  }
  for (const extra of report.extra) {
    const context = { command: settings.command, root: settings.root, color: false, version: VERSION, showFingerprints: report.showFingerprints };
    const extraText = (await loadReporter(extra.format))(result, context);
    try {
      await writeReport(extra.file, extraText, settings.detect.reveal === true);
    } catch (error) {
      throw new OperationalError(`cannot write ${extra.file}: ${messageOf(error)}`);
    }
  }
  if (responder?.hasUnrevokedLiveKey(result.findings)) return EXIT.liveKey;
  if (result.findings.length) return EXIT.found;
  // Files or objects that could not be read leave a hole: "clean" would be a lie.
  const unreadable = INCOMPLETE.reduce((sum, reason) => sum + (result.stats.skipped?.[reason] ?? 0), 0);
  if (unreadable) {
    process.stderr.write(`aisa-guard: ${plural(unreadable, 'input')} could not be read: the scan is incomplete\n`);
    return EXIT.error;
  }
  return EXIT.clean;
}

/** Skip reasons that leave a hole in the scan: unread inputs and objects, and archive parts not read. */
export const INCOMPLETE = INCOMPLETE_REASONS;

/** A report holding full keys (`--no-redact`) is private to the user: mode 0600, even when the file was there. */
async function writeReport(file: string, report: string, holdsKeys: boolean): Promise<void> {
  const handle = await open(file, 'w', holdsKeys ? 0o600 : 0o666);
  try {
    if (holdsKeys && (await handle.stat()).isFile()) await handle.chmod(0o600);
    await handle.writeFile(report);
  } finally {
    await handle.close();
  }
}
