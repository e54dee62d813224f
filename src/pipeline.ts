// What every scanning command does once it has findings: filter, respond, report, choose the exit code.
import { appendFile, writeFile } from 'node:fs/promises';
import type { ScanResult } from './types.js';
import { EXIT, OperationalError, messageOf } from './errors.js';
import { applyFilters, type FilterOptions } from './filter.js';
import type { LoadedConfig } from './config/types.js';
import { loadReporter, type Format } from './report/formats.js';
import { secretFor } from './detect/index.js';
import type { ResponseOptions } from './respond/index.js';
import { VERSION } from './version.js';

export interface FinishOptions extends FilterOptions {
  command: string;
  root: string;
  format: Format;
  output?: string;
  quiet?: boolean;
  /** `--show-fingerprints`: the text report prints each key's fingerprint. */
  showFingerprints?: boolean;
  /** `--no-redact`: the only way a full key is ever printed. */
  reveal?: boolean;
  /** The config file in force (also read by verify/revoke). */
  config?: LoadedConfig;
  /** `--verify` / `--revoke`: absent, nothing is sent anywhere. */
  respond?: ResponseOptions;
}

export async function finish(raw: ScanResult, options: FinishOptions): Promise<number> {
  const result = applyFilters(raw, options);
  if (options.reveal) for (const f of result.findings) f.secret = secretFor(f.fingerprint);
  // Loaded only when asked for: without --verify/--revoke no network code is even imported.
  const responder = options.respond ? await import('./respond/index.js') : undefined;
  if (responder && options.respond) {
    const { respond, confirm } = responder;
    await respond(result.findings, options.respond, {
      root: options.root,
      quiet: options.quiet,
      confirm: process.stdin.isTTY ? (question) => confirm(question) : undefined,
      log: (line) => process.stderr.write(line + '\n'),
    });
  }
  const toFile = options.output !== undefined;
  const color = !toFile && options.format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const reporter = await loadReporter(options.format);
  const report = reporter(result, {
    command: options.command,
    root: options.root,
    color,
    version: VERSION,
    showFingerprints: options.showFingerprints,
  });
  if (!options.quiet) for (const warning of result.warnings) process.stderr.write(`aisa-guard: warning: ${warning}\n`);
  if (options.format === 'github' && process.env.GITHUB_STEP_SUMMARY) {
    const { githubSummary } = await import('./report/github.js');
    await appendFile(process.env.GITHUB_STEP_SUMMARY, githubSummary(result)).catch((error: unknown) => {
      process.stderr.write(`aisa-guard: warning: cannot append to GITHUB_STEP_SUMMARY: ${messageOf(error)}\n`);
    });
  }
  if (toFile) {
    try {
      await writeFile(options.output!, report);
    } catch (error) {
      throw new OperationalError(`cannot write ${options.output}: ${messageOf(error)}`);
    }
  } else if (!(options.quiet && options.format === 'text' && result.findings.length === 0)) {
    // --quiet silences human text only: a machine format is always printed.
    process.stdout.write(report);
  }
  if (responder?.hasUnrevokedLiveKey(result.findings)) return EXIT.liveKey;
  if (result.findings.length) return EXIT.found;
  // Files or objects that could not be read leave a hole: "clean" would be a lie.
  const unreadable = (result.stats.skipped?.unreadable ?? 0) + (result.stats.skipped?.missing ?? 0);
  if (unreadable) {
    process.stderr.write(`aisa-guard: ${unreadable} input${unreadable === 1 ? '' : 's'} could not be read: the scan is incomplete\n`);
    return EXIT.error;
  }
  return EXIT.clean;
}
