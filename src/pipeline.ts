// What every scanning command does once it has findings: filter, respond, report, choose the exit code.
import { writeFile } from 'node:fs/promises';
import type { ScanResult } from './types.js';
import { EXIT, OperationalError, messageOf } from './errors.js';
import { applyFilters, type FilterOptions } from './filter.js';
import { REPORTERS, type Format } from './report/index.js';
import { secretFor } from './detect/index.js';
import { VERSION } from './version.js';

export interface FinishOptions extends FilterOptions {
  command: string;
  root: string;
  format: Format;
  output?: string;
  quiet?: boolean;
  /** `--no-redact`: the only way a full key is ever printed. */
  reveal?: boolean;
}

export async function finish(raw: ScanResult, options: FinishOptions): Promise<number> {
  const result = applyFilters(raw, options);
  if (options.reveal) for (const f of result.findings) f.secret = secretFor(f.fingerprint);
  const toFile = options.output !== undefined;
  const color = !toFile && options.format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const report = REPORTERS[options.format](result, {
    command: options.command,
    root: options.root,
    color,
    version: VERSION,
  });
  if (!options.quiet) for (const warning of result.warnings) process.stderr.write(`aisa-guard: warning: ${warning}\n`);
  if (toFile) {
    try {
      await writeFile(options.output!, report);
    } catch (error) {
      throw new OperationalError(`cannot write ${options.output}: ${messageOf(error)}`);
    }
  } else if (!(options.quiet && result.findings.length === 0)) {
    process.stdout.write(report);
  }
  return result.findings.length ? EXIT.found : EXIT.clean;
}
